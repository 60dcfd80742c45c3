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

    /**
     * PUBLISHED, ALREADY_PUBLISHED and REFUSED are final. NOT_PUBLISHED: Kafka failed before the commit
     * was asked for, the transaction was aborted and nothing of it will ever commit. UNKNOWN: the
     * commit was asked for and its answer lost; {@code GET /publications/{id}} says COMMITTED or ABORTED
     * once Kafka answers again (docs/architecture.md, "The outcome of a publication").
     */
    enum Status { PUBLISHED, ALREADY_PUBLISHED, REFUSED, NOT_PUBLISHED, UNKNOWN }

    @JsonProperty("status")
    Status status();

    String zone();

    long millis();

    /** In the log: published now or before. */
    default boolean accepted() {
        return status() == Status.PUBLISHED || status() == Status.ALREADY_PUBLISHED;
    }

    /** Kafka's fault, not the version's: sending the same version again is safe (idempotent) and may succeed. */
    default boolean retryable() {
        return status() == Status.NOT_PUBLISHED || status() == Status.UNKNOWN;
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

    /**
     * Kafka failed before the transaction's commit was asked for (a record not acknowledged in time, a
     * broker unreachable): the transaction was aborted, or is left for the broker to abort, and never
     * commits. Nothing was written; the same version may be sent again.
     *
     * @param id the publication id (compliance PublicationId)
     */
    record NotPublished(String zone, String id, long serial, String contentDigest, String detail, long millis)
            implements PublishOutcome {
        @Override
        public Status status() {
            return Status.NOT_PUBLISHED;
        }

        @Override
        public String summary() {
            return String.format("NOT_PUBLISHED %s serial %d: %s (aborted, nothing of it will commit; send it again)",
                    zone, serial, detail);
        }
    }

    /**
     * The commit was asked for and Kafka's answer lost: it may have committed. {@code query} answers
     * COMMITTED or ABORTED, from the log, once Kafka answers again; sending the same version again is
     * safe too (it is then ALREADY_PUBLISHED, or published once).
     *
     * @param id the publication id (compliance PublicationId)
     */
    record Unknown(String zone, String id, long serial, String contentDigest, String detail, long millis)
            implements PublishOutcome {
        @Override
        public Status status() {
            return Status.UNKNOWN;
        }

        /** Where the publisher answers this publication's outcome. */
        @JsonProperty("query")
        public String query() {
            return "/publications/" + id;
        }

        @Override
        public String summary() {
            return String.format("UNKNOWN %s serial %d (id %s): %s; GET %s", zone, serial, id, detail, query());
        }
    }
}
