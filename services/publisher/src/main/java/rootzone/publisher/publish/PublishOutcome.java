package rootzone.publisher.publish;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import rootzone.events.RejectReason;

/**
 * The answer to a submitted version, serialized as the HTTP answer (with its {@code status}).
 * Every variant carries the zone and the time from receipt to the transaction committed (or the
 * rejection written), {@code millis}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface PublishOutcome {

    enum Status { PUBLISHED, ALREADY_PUBLISHED, REFUSED }

    @JsonProperty("status")
    Status status();

    String zone();

    long millis();

    default boolean accepted() {
        return status() != Status.REFUSED;
    }

    /** One line for logs, .result files and the CLI. */
    String summary();

    /**
     * Written in one transaction.
     *
     * @param previousSerial null for the zone's first version
     * @param contentDigest hex SHA-256 (zone-core ContentDigest)
     * @param removed records removed by the delta
     * @param added records added by the delta
     * @param chunks ZoneVersionChunk records of the delta
     * @param versionOffset offset of its ZoneVersionCommitted
     * @param snapshot whether a full snapshot was written in the same transaction
     * @param publisher the identity recorded as its publisher
     */
    record Published(String zone, long serial, Long previousSerial, String contentDigest, long removed, long added,
            int chunks, long versionOffset, boolean snapshot, String blastRadius, String blastRadiusOverride,
            String publisher, long millis) implements PublishOutcome {
        @Override
        public Status status() {
            return Status.PUBLISHED;
        }

        @Override
        public String summary() {
            return String.format("PUBLISHED %s serial %d (previous %s) by %s: -%d +%d records in %d chunks, commit offset %d%s, %d ms",
                    zone, serial, previousSerial, publisher, removed, added, chunks, versionOffset,
                    snapshot ? ", with snapshot" : "", millis);
        }
    }

    /** The same serial with the same content is the last published version: nothing written. */
    record AlreadyPublished(String zone, long serial, String contentDigest, long versionOffset, long millis)
            implements PublishOutcome {
        @Override
        public Status status() {
            return Status.ALREADY_PUBLISHED;
        }

        @Override
        public String summary() {
            return String.format("ALREADY_PUBLISHED %s serial %d at offset %d: nothing written", zone, serial, versionOffset);
        }
    }

    /**
     * Refused; no version written, a VersionRejected event at {@code rejectionOffset}.
     *
     * @param serial null when the version did not parse (or was not read)
     * @param contentDigest null when it did not parse
     */
    record Refused(String zone, Long serial, Long previousSerial, String contentDigest, RejectReason reason,
            String detail, long rejectionOffset, long millis) implements PublishOutcome {
        @Override
        public Status status() {
            return Status.REFUSED;
        }

        @Override
        public String summary() {
            return String.format("REFUSED %s serial %s: %s: %s (rejection event at offset %d)", zone, serial, reason,
                    detail, rejectionOffset);
        }
    }
}
