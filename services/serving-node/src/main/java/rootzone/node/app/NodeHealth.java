package rootzone.node.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import rootzone.node.materialize.NodeStatus;

/**
 * Ready once a verified version is served (from the local snapshot or from Kafka), and as long as it
 * is within the zone's SOA expire since the log last confirmed it (NodeFreshness): with Kafka away the
 * node goes on answering its last good version, as a secondary does, and says so ("degraded").
 */
@Readiness
@ApplicationScoped
public class NodeHealth implements HealthCheck {

    @Inject
    ServingNode node;

    @Override
    public HealthCheckResponse call() {
        NodeStatus s = node.status();
        NodeFreshness f = node.freshness();
        return HealthCheckResponse.named("serving")
                .status(f.withinExpire())
                .withData("serial", s.servedSerial())
                .withData("kafka", f.kafkaReachable())
                .withData("degraded", f.degraded())
                .withData("secondsBehind", f.secondsBehind())
                .withData("versionsBehind", f.versionsBehind())
                .withData("kafkaUnreachableSeconds", f.unreachableSeconds())
                .withData("soaExpireSeconds", f.expireSeconds())
                .build();
    }
}
