package rootzone.publisher.gate;

import java.time.Instant;
import java.util.Optional;
import rootzone.eventlog.RejectReasons;
import rootzone.zone.VersionChecks;
import rootzone.zone.Zone;

/**
 * ZONEMD and DNSSEC as zone-core VersionChecks runs them for every serving node too: a version the
 * nodes would refuse under the same policy is refused here, with the same reason.
 */
public final class AuthenticityGate implements ContentGate {

    @Override
    public Optional<Refusal> check(Zone zone, ZonePolicy policy, Instant now) {
        return VersionChecks.authenticity(zone, policy.checks(), now)
                .map(f -> new Refusal(RejectReasons.of(f.failed()), f.detail()));
    }
}
