package rootzone.publisher.gate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Type;
import rootzone.zone.DnssecVerifier;
import rootzone.zone.Zone;
import rootzone.zone.ZoneProblem;

/**
 * Every signature valid at publication time, the apex keys chained to the configured trust anchor,
 * every RRset that must be signed signed (zone-core DnssecVerifier); only when the policy requires it.
 */
public final class DnssecGate implements ContentGate {

    @Override
    public Optional<Refusal> check(Zone zone, ZonePolicy policy, Instant now) {
        if (policy.dnssec() == DnssecPolicy.IGNORE) {
            return Optional.empty();
        }
        if (zone.rrset(zone.origin(), Type.DNSKEY) == null) {
            return Optional.of(new Refusal(RejectReason.DNSSEC_MISSING, "policy requires a signed zone and "
                    + zone.origin() + " has no DNSKEY RRset"));
        }
        List<ZoneProblem> problems = DnssecVerifier.verify(zone, policy.trustAnchor(), now);
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        boolean unsigned = problems.stream().allMatch(p -> p.code() == ZoneProblem.Code.DNSSEC_UNSIGNED);
        return Optional.of(new Refusal(unsigned ? RejectReason.DNSSEC_MISSING : RejectReason.DNSSEC_INVALID,
                StructureGate.summarize(problems) + " (checked at " + now + ")"));
    }
}
