package rootzone.node.materialize;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListSet;
import rootzone.eventlog.LogSource;
import rootzone.eventlog.PartitionFollower;
import rootzone.eventlog.ZoneKeys;
import rootzone.events.Topics;
import rootzone.events.ZoneVersionCommitted;
import rootzone.kafka.access.KafkaConnection;

/**
 * The offsets of a zone's committed versions on the versions topic, up to the topic's end: how many
 * of them come after the served version is the node's lag in versions, what an operator means by
 * "versions behind" (consumer lag counted in versions, not in records: a version is several chunk
 * records, a commit record and a transaction marker, and other zones share the partition).
 *
 * <p>Tails the zone's partition with its own event-log PartitionFollower, looking only at each
 * record's key and schema fingerprint (no chunk is decoded), so it stays at the end of the log while
 * the materializer is busy verifying or stalled. Offsets at or before the served version are
 * forgotten as the node moves on.
 */
public final class CommittedVersions implements AutoCloseable {

    private final KafkaConnection kafka;
    private final String zone;
    private final Duration retryPause;
    private final ConcurrentSkipListSet<Long> offsets = new ConcurrentSkipListSet<>();
    private PartitionFollower follower;
    private boolean closed;

    public CommittedVersions(KafkaConnection kafka, String zone, Duration retryPause) {
        this.kafka = Objects.requireNonNull(kafka);
        this.zone = ZoneKeys.normalize(zone);
        this.retryPause = Objects.requireNonNull(retryPause);
    }

    /** Starts tailing at {@code fromOffset}, where the node starts reading the log. Once. */
    synchronized void start(long fromOffset) {
        if (follower != null || closed) {
            return;
        }
        follower = PartitionFollower.of(kafka, "versions-end-" + zone, LogSource.ofKey(Topics.VERSIONS, zone), e -> {
            // The schema fingerprint only: a corrupt record is the materializer's to report, no version here.
            if (zone.equals(e.key()) && ZoneVersionCommitted.class.equals(e.type())) {
                offsets.add(e.offset());
            }
        }).from(fromOffset).retryEvery(retryPause).start();
    }

    /** Committed versions after {@code offset} read so far (the tail runs at the end of the log). */
    long after(long offset) {
        return offsets.tailSet(offset, false).size();
    }

    /** Drops the offsets up to and including {@code offset}: the node serves that version or a later one. */
    void forgetUpTo(long offset) {
        offsets.headSet(offset, true).clear();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (follower != null) {
            follower.close();
        }
    }
}
