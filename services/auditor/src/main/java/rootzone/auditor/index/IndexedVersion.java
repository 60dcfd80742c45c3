package rootzone.auditor.index;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What the versions topic states about one committed version (its ZoneVersionCommitted) and where that
 * record sits in the log. The index checks the delta it received against these statements.
 *
 * @param committedAt the Kafka timestamp of the ZoneVersionCommitted record: when the version became
 *     visible to readers, the reference for publication latency
 * @param capturedAt when the publisher received the version or, for an import, when it was originally
 *     captured
 * @param offset offset of the ZoneVersionCommitted on the versions topic
 */
public record IndexedVersion(
        long serial,
        Long previousSerial,
        Instant committedAt,
        Instant capturedAt,
        String publisher,
        String source,
        boolean imported,
        long recordCount,
        long removedCount,
        long addedCount,
        byte[] contentDigest,
        String zonemd,
        int partition,
        long offset) {

    public IndexedVersion {
        contentDigest = contentDigest.clone();
    }

    @Override
    public byte[] contentDigest() {
        return contentDigest.clone();
    }

    public String contentDigestHex() {
        return HexFormat.of().formatHex(contentDigest);
    }

    public boolean digestEquals(byte[] computed) {
        return Arrays.equals(contentDigest, computed);
    }

    /**
     * When this version was the zone: the original capture time for an imported archive (its commit
     * time is only when the import ran), the commit time otherwise.
     */
    public Instant effectiveAt() {
        return imported ? capturedAt : committedAt;
    }

    public long deltaSize() {
        return removedCount + addedCount;
    }
}
