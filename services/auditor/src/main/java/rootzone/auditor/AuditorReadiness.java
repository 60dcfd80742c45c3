package rootzone.auditor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import rootzone.auditor.replay.ZoneFollower;

/**
 * Ready once every zone's index has caught up with the versions topic (from its snapshot or offset 0)
 * and the event audit has read every topic to its end: before that the auditor's answers describe an
 * older log. A halted zone or log is still ready: its halt is the finding it reports.
 */
@Readiness
@ApplicationScoped
public class AuditorReadiness implements HealthCheck {

    @Inject Auditor auditor;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("auditor caught up");
        r.withData("events", auditor.events() != null && auditor.events().caughtUp());
        for (ZoneFollower f : auditor.followers()) {
            r.withData("zone " + f.zone(), f.caughtUp() || f.halted() != null ? "caught up" : "indexing");
        }
        return r.status(auditor.ready()).build();
    }
}
