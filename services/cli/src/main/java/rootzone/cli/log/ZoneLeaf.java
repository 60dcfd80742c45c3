package rootzone.cli.log;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import rootzone.tlog.entry.LogEntry;
import rootzone.tlog.entry.VersionEntry;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.Zonemd;

/**
 * A zone file as the log would record it: its origin, serial and both digests of a version's entry
 * (zonemd-sha384: RFC 8976 SIMPLE SHA-384 without the apex ZONEMD, what any ZONEMD implementation
 * recomputes; content-sha256: zone-core's digest of every record), to match against an entry.
 */
record ZoneLeaf(String zone, long serial, byte[] zonemdSha384, byte[] contentSha256) {

    static ZoneLeaf of(Zone zone) {
        return new ZoneLeaf(zone.origin().toString(), zone.serial(), Zonemd.digest(zone, Zonemd.SHA384), ContentDigest.of(zone));
    }

    /** The entry as a version entry of this zone file, or why it is not (another kind, zone, serial or digest). */
    Optional<String> mismatch(byte[] entry) {
        LogEntry parsed;
        try {
            parsed = LogEntry.parse(entry);
        } catch (IllegalArgumentException e) {
            return Optional.of("the log's entry is not an entry: " + e.getMessage());
        }
        if (!(parsed instanceof VersionEntry v)) {
            return Optional.of("the log's entry is a " + parsed.getClass().getSimpleName() + ", not a version");
        }
        if (!v.zone().equals(zone) || v.serial() != serial) {
            return Optional.of("the log's entry is zone " + v.zone() + " serial " + v.serial() + ", the file is zone " + zone + " serial " + serial);
        }
        if (!Arrays.equals(v.zonemdSha384(), zonemdSha384)) {
            return Optional.of("zonemd-sha384 differs: the log has " + hex(v.zonemdSha384()) + ", the file " + hex(zonemdSha384)
                    + " (not the zone that was published under this serial)");
        }
        if (!Arrays.equals(v.contentSha256(), contentSha256)) {
            return Optional.of("content-sha256 differs: the log has " + hex(v.contentSha256()) + ", the file " + hex(contentSha256));
        }
        return Optional.empty();
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
