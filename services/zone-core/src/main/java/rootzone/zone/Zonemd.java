package rootzone.zone;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneMDRecord;
import rootzone.zone.ZoneProblem.Code;

/**
 * ZONEMD (RFC 8976) with the SIMPLE scheme: a SHA-384 or SHA-512 digest over every record of the
 * zone in canonical form and order (RFC 4034 §6), duplicates once, with original TTLs, leaving out
 * the apex ZONEMD RRset and the RRSIGs that cover it (§3.3.1) and data outside the zone. Occluded
 * data and non-apex ZONEMD records are included.
 */
public final class Zonemd {

    public static final int SCHEME_SIMPLE = 1;
    public static final int SHA384 = ZoneMDRecord.Hash.SHA384;
    public static final int SHA512 = ZoneMDRecord.Hash.SHA512;

    /**
     * The SIMPLE digest of the zone with hash algorithm 1 (SHA-384) or 2 (SHA-512). The same walk over
     * the zone also yields its {@link ContentDigest}, kept with the zone: whoever needs one of a version
     * (gates, transparency-log entry, events) needs the other, and the walk costs as much as a hash.
     */
    public static byte[] digest(Zone zone, int hashAlgorithm) {
        MessageDigest md = newDigest(hashAlgorithm);
        byte[][] content = {null};
        byte[] digest = zone.digest("zonemd-simple-" + hashAlgorithm, () -> compute(zone, md, content));
        if (content[0] != null) {
            zone.offerDigest(ContentDigest.NAME, content[0]);
        }
        return digest;
    }

    private static byte[] compute(Zone zone, MessageDigest md, byte[][] content) {
        Name origin = zone.origin();
        MessageDigest all = ContentDigest.newDigest();
        CanonicalDigest.update(all, md, zone, r -> {
            Name owner = r.getName();
            boolean apexZonemd = owner.equals(origin) && (r.getType() == Type.ZONEMD
                    || r instanceof RRSIGRecord sig && sig.getTypeCovered() == Type.ZONEMD);
            return !apexZonemd && owner.subdomain(origin);
        });
        content[0] = all.digest();
        return md.digest();
    }

    /** The apex ZONEMD record for this zone, for its current SOA serial. */
    public static ZoneMDRecord record(Zone zone, int hashAlgorithm, long ttl) {
        return new ZoneMDRecord(zone.origin(), zone.soa() != null ? zone.soa().getDClass() : org.xbill.DNS.DClass.IN,
                ttl, zone.serial(), SCHEME_SIMPLE, hashAlgorithm, digest(zone, hashAlgorithm));
    }

    /** Whether the zone has a ZONEMD RRset at its apex. */
    public static boolean present(Zone zone) {
        return zone.rrset(zone.origin(), Type.ZONEMD) != null;
    }

    /**
     * Verifies the apex ZONEMD RRset (RFC 8976 §4): each record must carry the SOA serial, no two may
     * share scheme and hash algorithm, and each one with the SIMPLE scheme and SHA-384 or SHA-512
     * must match the digest computed here. Records of other schemes or algorithms cannot be checked
     * and are skipped (the root zone published such placeholders in 2023). No ZONEMD: no problems.
     */
    public static List<ZoneProblem> verify(Zone zone) {
        RRset set = zone.rrset(zone.origin(), Type.ZONEMD);
        if (set == null) {
            return List.of();
        }
        List<ZoneProblem> problems = new ArrayList<>();
        long serial = zone.soa() != null ? zone.serial() : -1;
        Set<Integer> seen = new HashSet<>();
        Map<Integer, byte[]> computed = new HashMap<>();
        for (Record r : set.records()) {
            ZoneMDRecord md = (ZoneMDRecord) r;
            if (!seen.add(md.getScheme() << 8 | md.getHashAlgorithm())) {
                problems.add(ZoneValidator.problem(zone, md, Code.ZONEMD_DUPLICATE, "more than one ZONEMD with scheme "
                        + md.getScheme() + " and hash algorithm " + md.getHashAlgorithm()));
            }
            if (md.getSerial() != serial) {
                problems.add(ZoneValidator.problem(zone, md, Code.ZONEMD_SERIAL_MISMATCH,
                        "ZONEMD serial " + md.getSerial() + " is not the SOA serial " + serial));
                continue;
            }
            if (md.getScheme() != SCHEME_SIMPLE || !supported(md.getHashAlgorithm())) {
                continue;
            }
            byte[] digest = computed.computeIfAbsent(md.getHashAlgorithm(), alg -> digest(zone, alg));
            if (!MessageDigest.isEqual(digest, md.getDigest())) {
                HexFormat hex = HexFormat.of();
                problems.add(ZoneValidator.problem(zone, md, Code.ZONEMD_MISMATCH,
                        "ZONEMD " + ZoneMDRecord.Hash.string(md.getHashAlgorithm()) + " digest " + hex.formatHex(md.getDigest())
                                + " does not match the zone's " + hex.formatHex(digest)));
            }
        }
        return problems;
    }

    public static boolean supported(int hashAlgorithm) {
        return hashAlgorithm == SHA384 || hashAlgorithm == SHA512;
    }

    private static MessageDigest newDigest(int hashAlgorithm) {
        String name = switch (hashAlgorithm) {
            case 1 -> "SHA-384";
            case 2 -> "SHA-512";
            default -> throw new IllegalArgumentException("ZONEMD hash algorithm " + hashAlgorithm + " not supported (1 SHA-384, 2 SHA-512)");
        };
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " missing from the JDK", e);
        }
    }

    private Zonemd() {}
}
