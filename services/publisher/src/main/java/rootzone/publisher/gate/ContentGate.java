package rootzone.publisher.gate;

import java.time.Instant;
import java.util.Optional;
import rootzone.eventlog.VersionApplier.Refusal;
import rootzone.zone.Zone;

/** A check of a version on its own, without the previous version: ZONEMD, DNSSEC (structure is StructureGate's, by the change). */
@FunctionalInterface
public interface ContentGate {

    /** Empty when the version passes; the refusal otherwise. */
    Optional<Refusal> check(Zone zone, ZonePolicy policy, Instant now);
}
