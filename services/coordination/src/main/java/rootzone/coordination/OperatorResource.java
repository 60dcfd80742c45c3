package rootzone.coordination;

import rootzone.http.TimeParameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import rootzone.coordination.model.sign.EventJson;
import rootzone.events.OperatorChanged;

/** The operator directory: signed entry changes in, the directory (now or as of a time) out. */
@Path("/operators")
@Produces(MediaType.APPLICATION_JSON)
public class OperatorResource {

    @Inject CoordinationLog log;

    @GET
    public List<ObjectNode> list(@QueryParam("at") String at) {
        Instant time = at == null ? null : TimeParameter.parse("at", at);
        return log.read(s -> (time == null ? s.directory().members() : s.directory().asOf(time)).stream()
                .map(EventJson::toJson).toList());
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> show(@PathParam("id") String id) {
        return log.read(s -> {
            List<OperatorChanged> history = s.directory().history(id);
            if (history.isEmpty()) {
                throw new NotFoundException("no operator " + id);
            }
            return Map.<String, Object>of("current", EventJson.toJson(history.get(history.size() - 1)),
                    "history", history.stream().map(EventJson::toJson).toList());
        });
    }

    /** Registers, updates or removes an entry: the body is the full new entry, signed (see EventJson). */
    @POST
    public Response change(JsonNode body, @QueryParam("at") String at) {
        return SignedPost.append(log, body, at, "signed directory entry", EventJson::operator, "entry", EventJson::toJson);
    }
}
