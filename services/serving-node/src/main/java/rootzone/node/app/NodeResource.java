package rootzone.node.app;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import rootzone.node.materialize.NodeStatus;

/** GET /node: what this node serves, as JSON. */
@Path("/node")
public class NodeResource {

    /** The JSON body; serial/offsets are -1 and digest null before the first version. */
    public record NodeView(String id, String zone, long serial, String digest, long versionsOffset, long headSerial,
                           long headOffset, long behind, Instant lastApplied, long rejections, boolean kafkaConnected,
                           int dnsPort, boolean degraded, long secondsBehind, long kafkaUnreachableSeconds) {}

    @Inject
    ServingNode node;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public NodeView get() {
        NodeStatus s = node.status();
        NodeFreshness f = node.freshness();
        return new NodeView(node.nodeId(), node.zone(), s.servedSerial(), s.servedDigest(), s.servedOffset(), s.headSerial(),
                s.headOffset(), s.behind(), s.lastApplied(), s.rejections(), f.kafkaReachable(), node.dnsPort(),
                f.degraded(), f.secondsBehind(), f.unreachableSeconds());
    }
}
