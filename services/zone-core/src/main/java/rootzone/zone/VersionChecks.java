package rootzone.zone;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneMDRecord;

/**
 * The checks a version must pass to be published and to be served, in one place: the publisher's
 * gates, every serving node and the auditor run these with their {@link VersionPolicy}, so what
 * the publisher accepts under a policy a node with the same policy serves, and for the same reasons.
 * Each failure names one {@link Failed} kind; event-log maps the kinds onto the events' RejectReason.
 */
public final class VersionChecks {

    /** What failed (the zone-core side of RejectReason: same names). */
    public enum Failed { ZONEMD_MISSING, ZONEMD_MISMATCH, DNSSEC_MISSING, DNSSEC_INVALID, DIGEST_MISMATCH }

    public record Failure(Failed failed, String detail) {}

    /** Enough problems to act on without a multi-megabyte event for a wholly broken zone. */
    private static final int MAX_LISTED = 10;

    /** ZONEMD, then DNSSEC, per policy: the first failure, or empty when the version may be used. */
    public static Optional<Failure> authenticity(Zone zone, VersionPolicy policy, Instant at) {
        if (!policy.relaxations().contains(VersionPolicy.Relaxation.ZONEMD)) {
            if (policy.zonemd() == VersionPolicy.Zonemd.REQUIRE && !hasVerifiableZonemd(zone)) {
                return fail(Failed.ZONEMD_MISSING, "serial " + zone.serial() + " has no ZONEMD record that can be verified "
                        + "(SIMPLE scheme, SHA-384 or SHA-512) and the policy requires one");
            }
            List<ZoneProblem> zonemd = Zonemd.verify(zone);
            if (!zonemd.isEmpty()) {
                return fail(Failed.ZONEMD_MISMATCH, "serial " + zone.serial() + ": " + summarize(zonemd));
            }
        }
        if (policy.dnssec() == VersionPolicy.Dnssec.REQUIRE && !policy.relaxations().contains(VersionPolicy.Relaxation.DNSSEC)) {
            if (zone.rrset(zone.origin(), Type.DNSKEY) == null) {
                // DnssecVerifier accepts an unsigned zone when no anchor is given; this policy does not.
                return fail(Failed.DNSSEC_MISSING, "serial " + zone.serial() + " is not signed (no DNSKEY RRset at "
                        + zone.origin() + ") and the policy requires DNSSEC");
            }
            List<ZoneProblem> dnssec = DnssecVerifier.verify(zone, policy.trustAnchor(), at);
            if (!dnssec.isEmpty()) {
                boolean unsigned = dnssec.stream().allMatch(p -> p.code() == ZoneProblem.Code.DNSSEC_UNSIGNED);
                return fail(unsigned ? Failed.DNSSEC_MISSING : Failed.DNSSEC_INVALID, "serial " + zone.serial() + ": "
                        + summarize(dnssec) + " (checked at " + at + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * The zone's content against what its publisher stated: its ContentRoot where the version states
     * one, else its ContentDigest. Either way a mismatch is DIGEST_MISMATCH, naming which was compared.
     */
    public static Optional<Failure> content(Zone zone, StatedContent stated) {
        byte[] actual = stated.of(zone);
        if (Arrays.equals(actual, stated.value())) {
            return Optional.empty();
        }
        return fail(Failed.DIGEST_MISMATCH, "serial " + (zone.soa() == null ? "none" : zone.serial()) + " has " + stated.what() + " "
                + HexFormat.of().formatHex(actual) + ", the version states " + HexFormat.of().formatHex(stated.value()));
    }

    /** "N problems: first; second; ...", at most MAX_LISTED of them. */
    public static String summarize(List<ZoneProblem> problems) {
        String listed = problems.stream().limit(MAX_LISTED).map(ZoneProblem::toString).collect(Collectors.joining("; "));
        return problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ": " + listed
                + (problems.size() > MAX_LISTED ? "; ..." : "");
    }

    private static boolean hasVerifiableZonemd(Zone zone) {
        RRset set = zone.rrset(zone.origin(), Type.ZONEMD);
        if (set == null) {
            return false;
        }
        for (Record r : set.records()) {
            ZoneMDRecord md = (ZoneMDRecord) r;
            if (md.getScheme() == Zonemd.SCHEME_SIMPLE && Zonemd.supported(md.getHashAlgorithm())) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Failure> fail(Failed failed, String detail) {
        return Optional.of(new Failure(failed, detail));
    }

    private VersionChecks() {}
}
