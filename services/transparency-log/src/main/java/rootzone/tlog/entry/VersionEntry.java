package rootzone.tlog.entry;

import java.time.Instant;
import java.util.OptionalLong;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.Zonemd;

/**
 * A committed version: enough for anyone holding the zone file to recompute {@code zonemd-sha384}
 * (RFC 8976 SIMPLE, SHA-384, apex ZONEMD RRset and its RRSIGs left out, computed whether or not the
 * zone carries a ZONEMD) and match it to this leaf.
 *
 * @param zone          the origin in presentation form ("." for the root)
 * @param previous      the serial this version follows; empty for a zone's first version
 * @param contentSha256 zone-core's ContentDigest: every record, signatures and ZONEMD included
 * @param time          when the version was received or, for imports, originally captured (capturedAt)
 */
public record VersionEntry(String zone, long serial, OptionalLong previous, byte[] zonemdSha384, byte[] contentSha256,
                           String publisher, Instant time, boolean imported) implements LogEntry {

    static final String KIND = "version";

    public VersionEntry {
        zonemdSha384 = EntryText.digest("zonemd-sha384", zonemdSha384, 48);
        contentSha256 = EntryText.digest("content-sha256", contentSha256, 32);
    }

    /** The entry of a version, both digests computed from the zone (the SHA-384 ZONEMD digest takes ~70 ms on the root zone). */
    public static VersionEntry of(Zone zone, OptionalLong previous, String publisher, Instant time, boolean imported) {
        return new VersionEntry(zone.origin().toString(), zone.serial(), previous, Zonemd.digest(zone, Zonemd.SHA384),
                ContentDigest.of(zone), publisher, time, imported);
    }

    @Override
    public byte[] zonemdSha384() {
        return zonemdSha384.clone();
    }

    @Override
    public byte[] contentSha256() {
        return contentSha256.clone();
    }

    @Override
    public byte[] bytes() {
        return new EntryText.Writer(KIND).line("zone", zone).number("serial", serial).number("previous", previous)
                .hex("zonemd-sha384", zonemdSha384).hex("content-sha256", contentSha256).line("publisher", publisher)
                .time("time", time).flag("imported", imported).bytes();
    }

    static VersionEntry read(EntryText.Reader r) {
        return new VersionEntry(r.line("zone"), r.number("serial"), r.optionalNumber("previous"), r.hex("zonemd-sha384", 48),
                r.hex("content-sha256", 32), r.line("publisher"), r.time("time"), r.flag("imported"));
    }
}
