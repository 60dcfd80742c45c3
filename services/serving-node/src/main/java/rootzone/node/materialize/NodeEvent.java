package rootzone.node.materialize;

import java.time.Instant;
import java.util.Objects;
import rootzone.eventlog.VersionApplier.Refusal;

/**
 * What the node tells the log about itself (schemas/ NodeApplied, VersionRejected by NODE), as
 * {@link NodeEventQueue} carries it to {@link NodeEventWriter}. Holds no zone: a queue that waits
 * for Kafka does not keep versions alive.
 */
public sealed interface NodeEvent {

    /** The node switched to (or, after a restart, again serves) a version. */
    record Applied(long serial, long versionsOffset, byte[] digest, Instant appliedAt) implements NodeEvent {
        public Applied {
            digest = digest.clone();
            Objects.requireNonNull(appliedAt, "appliedAt");
        }

        public static Applied of(VersionSwitch s) {
            return new Applied(s.serial(), s.versionsOffset(), s.digest(), s.appliedAt());
        }
    }

    /**
     * The node refused a version, or a forged version or snapshot head.
     *
     * @param serial the serial it states, or null when it states none
     * @param statedDigest the content digest its publisher stated, or null (a forgery)
     * @param publisher who published it (ZoneVersionCommitted.publisher, the claimed producer of a forgery), or null
     */
    record Rejected(long versionsOffset, Long serial, byte[] statedDigest, String publisher, Refusal why) implements NodeEvent {
        public Rejected {
            Objects.requireNonNull(why, "why");
        }
    }
}
