package rootzone.publisher.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import rootzone.publisher.publish.PublisherService;

/** Ready once every zone's last version is rebuilt from Kafka, and not after being fenced. */
@Readiness
@ApplicationScoped
public class PublisherReadiness implements HealthCheck {

    @Inject PublisherService service;

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("publisher").status(service.ready());
        service.fencedBy().ifPresent(f -> builder.withData("fenced", f));
        service.zones().forEach(z -> service.publisher(z.origin()).flatMap(p -> p.head())
                .ifPresent(h -> builder.withData(z.origin().toString(), h.serial())));
        return builder.build();
    }
}
