package rootzone.zone;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import rootzone.zone.ZoneProblem.Code;

/**
 * Every check of a zone file in one call: parse, structure (ZoneValidator), ZONEMD when present
 * (Zonemd) and DNSSEC when the zone is signed or an anchor is given (DnssecVerifier). An empty list
 * means the zone is good; each problem prints as one line.
 */
public final class ZoneCheck {

    /**
     * @param origin the zone's origin, or null to take it from the file ($ORIGIN or first SOA)
     * @param trustAnchorFile DS/DNSKEY records for the origin, or null to check signatures against
     *     the apex DNSKEYs without a chain
     * @param at the time to check signature validity at, or null for now
     */
    public static List<ZoneProblem> check(Path zoneFile, Name origin, Path trustAnchorFile, Instant at) {
        List<Record> anchors = List.of();
        if (trustAnchorFile != null) {
            try {
                anchors = TrustAnchors.read(trustAnchorFile);
            } catch (ZoneException e) {
                return List.of(new ZoneProblem(e.line(), Code.ANCHOR_ERROR, e.getMessage(), null));
            }
        }
        Zone zone;
        try {
            zone = ZoneParser.parse(zoneFile, origin);
        } catch (ZoneException e) {
            return List.of(new ZoneProblem(e.line(), Code.PARSE_ERROR, e.getMessage(), null));
        }
        return check(zone, anchors, at != null ? at : Instant.now());
    }

    /** The checks of an already parsed zone. */
    public static List<ZoneProblem> check(Zone zone, List<? extends Record> trustAnchors, Instant at) {
        List<ZoneProblem> problems = new ArrayList<>(ZoneValidator.validate(zone));
        if (zone.soa() != null) {
            problems.addAll(Zonemd.verify(zone));
        }
        problems.addAll(DnssecVerifier.verify(zone, trustAnchors, at));
        return List.copyOf(problems);
    }

    private ZoneCheck() {}
}
