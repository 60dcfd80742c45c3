package rootzone.node.materialize;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneMDRecord;
import rootzone.zone.DnssecVerifier;
import rootzone.zone.RRset;
import rootzone.zone.Zone;
import rootzone.zone.ZoneProblem;
import rootzone.zone.Zonemd;

/**
 * What a version must prove, beyond matching the digest its publisher stated, before this node
 * serves it.
 *
 * <p>A ZONEMD that is present is always checked (RFC 8976 §4: a mismatch means the zone is not what
 * its signer produced). {@code requireZonemd} also refuses zones without a verifiable one (SIMPLE
 * scheme, SHA-384 or SHA-512: the private-algorithm placeholders the root published in 2023 do not
 * count). {@code requireDnssec} checks every signature against the trust anchors at the time of the
 * check.
 *
 * @param trustAnchors DS/DNSKEY records of the origin (see zone-core TrustAnchors); empty with
 *     requireDnssec checks the signatures against the apex DNSKEYs without a chain
 */
public record NodePolicy(boolean requireZonemd, boolean requireDnssec, List<Record> trustAnchors) {

    public NodePolicy {
        trustAnchors = List.copyOf(trustAnchors);
        if (!requireDnssec && !trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("trust anchors are given but DNSSEC is not required: say which is meant");
        }
    }

    /** Only the publisher's digest is checked (and a ZONEMD, when present). */
    public static NodePolicy digestOnly() {
        return new NodePolicy(false, false, List.of());
    }

    /** The first reason the version must not be served, or empty when it may be. */
    public Optional<Rejection> check(Zone zone, Instant at) {
        if (requireZonemd && !hasVerifiableZonemd(zone)) {
            return Optional.of(new Rejection("ZONEMD_MISSING", "serial " + zone.serial()
                    + " has no ZONEMD record this node can verify (SIMPLE scheme, SHA-384 or SHA-512)"));
        }
        List<ZoneProblem> zonemd = Zonemd.verify(zone);
        if (!zonemd.isEmpty()) {
            return Optional.of(rejection(zone, zonemd));
        }
        if (requireDnssec) {
            List<ZoneProblem> dnssec = DnssecVerifier.verify(zone, trustAnchors, at);
            if (!dnssec.isEmpty()) {
                return Optional.of(rejection(zone, dnssec));
            }
            if (zone.rrset(zone.origin(), Type.DNSKEY) == null) {
                // DnssecVerifier accepts an unsigned zone when no anchor is given; this policy does not.
                return Optional.of(new Rejection(ZoneProblem.Code.DNSSEC_NO_DNSKEY.name(),
                        "serial " + zone.serial() + " is not signed but the node requires DNSSEC"));
            }
        }
        return Optional.empty();
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

    private static Rejection rejection(Zone zone, List<ZoneProblem> problems) {
        String detail = "serial " + zone.serial() + ": " + problems.get(0)
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : "");
        return new Rejection(problems.get(0).code().name(), detail);
    }
}
