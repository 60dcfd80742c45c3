package rootzone.publisher.publish;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the log says of one publication ({@code GET /publications/{id}}), whoever sent it and across
 * publisher restarts: COMMITTED and ABORTED are final, PENDING means ask again.
 */
public sealed interface PublicationStatus {

    enum Status { COMMITTED, ABORTED, PENDING }

    @JsonProperty("status")
    Status status();

    /** The publication id (compliance PublicationId). */
    String id();

    /** A trusted ZoneVersionCommitted with this zone, serial and content digest is in the log at this offset. */
    record Committed(String id, String zone, long serial, long versionOffset) implements PublicationStatus {
        @Override
        public Status status() {
            return Status.COMMITTED;
        }
    }

    /**
     * Not in the log, and no transaction of this zone's publisher is open any more: nothing will commit
     * it unless it is sent again (it was aborted, refused, or never sent).
     */
    record Aborted(String id, String zone, long serial, String detail) implements PublicationStatus {
        @Override
        public Status status() {
            return Status.ABORTED;
        }
    }

    /** Not known yet: a publication of the zone is being written, or Kafka does not answer. */
    record Pending(String id, String zone, long serial, String detail) implements PublicationStatus {
        @Override
        public Status status() {
            return Status.PENDING;
        }
    }
}
