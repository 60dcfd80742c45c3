package rootzone.node.app;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * /q/health/well (and /q/health): DOWN while Kafka is unreachable, with how long and how far behind
 * the node is. Not a readiness check: the node answers its last good version meanwhile (NodeHealth).
 */
@Wellness
@ApplicationScoped
public class KafkaHealth implements HealthCheck {

    @Inject
    ServingNode node;

    @Override
    public HealthCheckResponse call() {
        NodeFreshness f = node.freshness();
        return HealthCheckResponse.named("kafka")
                .status(f.kafkaReachable())
                .withData("status", f.degraded() ? "degraded" : "current")
                .withData("unreachableSeconds", f.unreachableSeconds())
                .withData("secondsBehind", f.secondsBehind())
                .withData("versionsBehind", f.versionsBehind())
                .build();
    }
}
