package rootzone.publisher.gate;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import rootzone.eventlog.VersionApplier.Refusal;
import rootzone.events.RejectReason;
import rootzone.zone.VersionChecks;
import rootzone.zone.Zone;
import rootzone.zone.ZoneProblem;
import rootzone.zone.ZoneValidator;

/**
 * The zone-core structural checks (apex SOA and NS, nothing out of zone, glue, ...): any problem refuses.
 * A version built on the last one this gate found good is checked by its change
 * ({@link ZoneValidator#validateChange}); any other (the first after a start, whose base was rebuilt
 * from the log and not checked here) is checked whole.
 */
public final class StructureGate {

    /** The last version found without problems (weakly: a refused candidate at 1M records is not kept for this). */
    private final AtomicReference<WeakReference<Zone>> lastGood = new AtomicReference<>(new WeakReference<>(null));

    /** @param previous the version {@code zone} follows, or null */
    public Optional<Refusal> check(Zone zone, Zone previous) {
        List<ZoneProblem> problems = checksByChange(previous)
                ? ZoneValidator.validateChange(previous, zone)
                : ZoneValidator.validate(zone);
        if (problems.isEmpty()) {
            lastGood.set(new WeakReference<>(zone));
            return Optional.empty();
        }
        return Optional.of(new Refusal(RejectReason.INVALID_ZONE, VersionChecks.summarize(problems)));
    }

    /** Whether a successor of {@code previous} is checked by its change: previous is the last version found good. */
    boolean checksByChange(Zone previous) {
        return previous != null && previous == lastGood.get().get();
    }
}
