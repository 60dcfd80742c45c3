package rootzone.publisher.publish;

import com.fasterxml.jackson.annotation.JsonInclude;
import rootzone.publisher.gate.RejectReason;

/**
 * The answer to a submitted version: published (with where it went), already published, or refused
 * (with why, and where the rejection event went). Serialized as the HTTP answer.
 *
 * @param serial null when the version did not parse
 * @param contentDigest hex SHA-256 (zone-core ContentDigest), null when it did not parse
 * @param removed records removed by the delta (published only)
 * @param added records added by the delta (published only)
 * @param chunks ZoneVersionChunk records of the delta (published only)
 * @param versionOffset offset of the ZoneVersionCommitted: of this version, or of the already
 *     published one
 * @param snapshot whether a full snapshot was written in the same transaction
 * @param rejectionOffset offset of the VersionRejected event (refused only)
 * @param millis from receipt to the transaction committed (or the rejection written)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PublishOutcome(Status status, String zone, Long serial, Long previousSerial, String contentDigest,
        Long removed, Long added, Integer chunks, Long versionOffset, Boolean snapshot, String blastRadius,
        String blastRadiusOverride, RejectReason reason, String detail, Long rejectionOffset, long millis) {

    public enum Status { PUBLISHED, ALREADY_PUBLISHED, REFUSED }

    public boolean accepted() {
        return status != Status.REFUSED;
    }

    /** One line for logs and .result files. */
    public String summary() {
        return switch (status) {
            case PUBLISHED -> String.format("PUBLISHED %s serial %d (previous %s): -%d +%d records in %d chunks, "
                    + "commit offset %d%s, %d ms", zone, serial, previousSerial, removed, added, chunks, versionOffset,
                    Boolean.TRUE.equals(snapshot) ? ", with snapshot" : "", millis);
            case ALREADY_PUBLISHED -> String.format("ALREADY_PUBLISHED %s serial %d at offset %d: nothing written",
                    zone, serial, versionOffset);
            case REFUSED -> String.format("REFUSED %s serial %s: %s: %s (rejection event at offset %d)", zone,
                    serial, reason, detail, rejectionOffset);
        };
    }
}
