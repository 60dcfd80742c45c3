package rootzone.coordination;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the coordination topic has been read to its end and the follower is running. */
@Readiness
@ApplicationScoped
public class CoordinationHealth implements HealthCheck {

    @Inject CoordinationLog log;

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("coordination-log").status(log.isReady());
        log.status().forEach((k, v) -> b.withData(k, String.valueOf(v)));
        return b.build();
    }
}
