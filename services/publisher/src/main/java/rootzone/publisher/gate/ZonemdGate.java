package rootzone.publisher.gate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import rootzone.zone.Zone;
import rootzone.zone.ZoneProblem;
import rootzone.zone.Zonemd;

/** ZONEMD (RFC 8976) verified by zone-core when present, required when the policy says so. */
public final class ZonemdGate implements ContentGate {

    @Override
    public Optional<Refusal> check(Zone zone, ZonePolicy policy, Instant now) {
        if (policy.zonemd() == ZonemdPolicy.IGNORE) {
            return Optional.empty();
        }
        if (!Zonemd.present(zone)) {
            return policy.zonemd() == ZonemdPolicy.REQUIRE
                    ? Optional.of(new Refusal(RejectReason.ZONEMD_MISSING, "policy requires a ZONEMD record at "
                            + zone.origin() + " and the version has none"))
                    : Optional.empty();
        }
        List<ZoneProblem> problems = Zonemd.verify(zone);
        return problems.isEmpty() ? Optional.empty()
                : Optional.of(new Refusal(RejectReason.ZONEMD_MISMATCH, StructureGate.summarize(problems)));
    }
}
