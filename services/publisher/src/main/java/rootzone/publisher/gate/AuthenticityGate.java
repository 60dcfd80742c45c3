package rootzone.publisher.gate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import rootzone.eventlog.VersionApplier;
import rootzone.eventlog.VersionApplier.Refusal;
import rootzone.zone.Zone;

/**
 * ZONEMD and DNSSEC, the one check event-log's VersionApplier runs for every serving node and the
 * auditor too: a version the nodes would refuse under the same policy is refused here, with the same
 * reason.
 */
public final class AuthenticityGate implements ContentGate {

    @Override
    public Optional<Refusal> check(Zone zone, ZonePolicy policy, Instant now) {
        return VersionApplier.authenticity(zone, policy.checks(), List.of(), now);
    }
}
