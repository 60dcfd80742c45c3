package rootzone.node.materialize;

import rootzone.eventlog.VersionApplier.Refusal;

/**
 * Told about what the materializer does, on its thread, after the fact: the IXFR journal, NOTIFY
 * and metrics hang off it. A listener that throws is logged and does not stop the materializer.
 */
public interface MaterializerListener {

    /**
     * The node has what it starts from (its local snapshot, the log's latest snapshot, or nothing yet)
     * and now reads the log from {@code versionsOffset}: when Kafka is reached, and again each time the
     * follower starts over after a failure.
     */
    default void following(long versionsOffset) {}

    /** The node now serves {@code s.served()}. */
    default void switched(VersionSwitch s) {}

    /** A version on the log was not served. {@code serial} is null when it could not be read at all. */
    default void rejected(long versionsOffset, Long serial, Refusal why) {}
}
