package rootzone.node.app;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** GET /witness/vkey: the node's witness verifier key (note vkey, type 0x04), for witness policies. */
@Path("/witness")
public class WitnessResource {

    @Inject
    ServingNode node;

    @GET
    @Path("/vkey")
    @Produces(MediaType.TEXT_PLAIN)
    public String vkey() {
        return node.witness().map(w -> w.witness().verifierKey().text() + "\n")
                .orElseThrow(() -> new NotFoundException("this node witnesses no log (rootzone.node.log.key is unset)"));
    }
}
