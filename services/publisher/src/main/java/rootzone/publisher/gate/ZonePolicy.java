package rootzone.publisher.gate;

import java.util.Objects;
import rootzone.zone.VersionPolicy;

/**
 * The publication policy of one zone: what the gates demand before a version is published.
 *
 * @param checks ZONEMD, DNSSEC and trust anchor: the zone-core VersionPolicy the nodes use too. The
 *     publisher requires an anchor when it requires DNSSEC: a publisher that checks signatures only
 *     against the zone's own keys would accept a zone re-signed by anyone.
 * @param maxBlastRadius the largest share (0..1) of existing delegations one version may remove or
 *     change without an explicit override
 */
public record ZonePolicy(VersionPolicy checks, double maxBlastRadius) {

    public static final double DEFAULT_BLAST_RADIUS = 0.05;

    public ZonePolicy {
        Objects.requireNonNull(checks, "checks");
        if (!(maxBlastRadius >= 0 && maxBlastRadius <= 1)) {
            throw new IllegalArgumentException("blast radius must be a share between 0 and 1, not " + maxBlastRadius);
        }
        if (checks.dnssec() == VersionPolicy.Dnssec.REQUIRE && checks.trustAnchor().isEmpty()) {
            throw new IllegalArgumentException("DNSSEC is required but no trust anchor is configured");
        }
    }

    /**
     * At least as strict as any node: a present ZONEMD must verify (a node refuses a mismatch
     * whatever its configuration); DNSSEC not checked; 5 % blast radius.
     */
    public static ZonePolicy defaults() {
        return new ZonePolicy(VersionPolicy.defaults(), DEFAULT_BLAST_RADIUS);
    }

    public ZonePolicy withBlastRadius(double share) {
        return new ZonePolicy(checks, share);
    }
}
