package rootzone.publisher.gate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import rootzone.eventlog.VersionApplier.Refusal;
import rootzone.events.RejectReason;
import rootzone.zone.VersionChecks;
import rootzone.zone.Zone;
import rootzone.zone.ZoneProblem;
import rootzone.zone.ZoneValidator;

/** The zone-core structural checks (apex SOA and NS, nothing out of zone, glue, ...): any problem refuses. */
public final class StructureGate implements ContentGate {

    @Override
    public Optional<Refusal> check(Zone zone, ZonePolicy policy, Instant now) {
        List<ZoneProblem> problems = ZoneValidator.validate(zone);
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(RejectReason.INVALID_ZONE, VersionChecks.summarize(problems)));
    }
}
