package rootzone.publisher.gate;

import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Record;

/**
 * The publication policy of one zone: what the gates demand before a version is published.
 *
 * @param zonemd what is required of the ZONEMD record
 * @param dnssec what is required of the signatures
 * @param trustAnchor DS or DNSKEY records for the apex that the zone's DNSKEY RRset must chain to
 *     (required when dnssec is REQUIRE)
 * @param maxBlastRadius the largest share (0..1) of existing delegations one version may remove or
 *     change without an explicit override
 */
public record ZonePolicy(ZonemdPolicy zonemd, DnssecPolicy dnssec, List<Record> trustAnchor, double maxBlastRadius) {

    public static final double DEFAULT_BLAST_RADIUS = 0.05;

    public ZonePolicy {
        Objects.requireNonNull(zonemd, "zonemd");
        Objects.requireNonNull(dnssec, "dnssec");
        trustAnchor = List.copyOf(trustAnchor);
        if (!(maxBlastRadius >= 0 && maxBlastRadius <= 1)) {
            throw new IllegalArgumentException("blast radius must be a share between 0 and 1, not " + maxBlastRadius);
        }
        if (dnssec == DnssecPolicy.REQUIRE && trustAnchor.isEmpty()) {
            throw new IllegalArgumentException("DNSSEC is required but no trust anchor is configured");
        }
    }

    /** ZONEMD verified when present, DNSSEC not checked, 5 % blast radius. */
    public static ZonePolicy defaults() {
        return new ZonePolicy(ZonemdPolicy.VERIFY_IF_PRESENT, DnssecPolicy.IGNORE, List.of(), DEFAULT_BLAST_RADIUS);
    }

    public ZonePolicy withBlastRadius(double share) {
        return new ZonePolicy(zonemd, dnssec, trustAnchor, share);
    }
}
