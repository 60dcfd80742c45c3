package rootzone.node.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import rootzone.node.materialize.NodeStatus;

/** Ready once a verified version is served (from the local snapshot or from Kafka), not before. */
@Readiness
@ApplicationScoped
public class NodeHealth implements HealthCheck {

    @Inject
    ServingNode node;

    @Override
    public HealthCheckResponse call() {
        NodeStatus s = node.status();
        return HealthCheckResponse.named("serving")
                .status(s.serving())
                .withData("serial", s.servedSerial())
                .withData("kafka", s.connected())
                .build();
    }
}
