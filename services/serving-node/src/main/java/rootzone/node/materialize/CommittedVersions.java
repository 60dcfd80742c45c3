package rootzone.node.materialize;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import rootzone.eventlog.KafkaClients;
import rootzone.eventlog.Partitions;
import rootzone.eventlog.ZoneKeys;
import rootzone.events.EventCodec;
import rootzone.events.Topics;
import rootzone.events.ZoneVersionCommitted;
import rootzone.kafka.access.KafkaConnection;

/**
 * The offsets of a zone's committed versions on the versions topic, up to the topic's end: how many
 * of them come after the served version is the node's lag in versions, what an operator means by
 * "versions behind" (consumer lag counted in versions, not in records: a version is several chunk
 * records, a commit record and a transaction marker, and other zones share the partition).
 *
 * <p>Tails the zone's partition on its own thread and read_committed consumer, looking only at each
 * record's key and schema fingerprint (no chunk is decoded), so it stays at the end of the log while
 * the materializer is busy verifying or stalled. Offsets at or before the served version are
 * forgotten as the node moves on.
 */
public final class CommittedVersions implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CommittedVersions.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConnection kafka;
    private final String zone;
    private final Duration retryPause;
    private final ConcurrentSkipListSet<Long> offsets = new ConcurrentSkipListSet<>();
    private final EventCodec codec = EventCodec.get();
    private volatile boolean stopped;
    private Thread thread;

    public CommittedVersions(KafkaConnection kafka, String zone, Duration retryPause) {
        this.kafka = Objects.requireNonNull(kafka);
        this.zone = ZoneKeys.normalize(zone);
        this.retryPause = Objects.requireNonNull(retryPause);
    }

    /** Starts tailing at {@code fromOffset}, where the node starts reading the log. Once. */
    synchronized void start(long fromOffset) {
        if (thread != null) {
            return;
        }
        thread = new Thread(() -> run(fromOffset), "versions-end-" + zone);
        thread.setDaemon(true);
        thread.start();
    }

    /** Committed versions after {@code offset} read so far (the tail runs at the end of the log). */
    long after(long offset) {
        return offsets.tailSet(offset, false).size();
    }

    /** Drops the offsets up to and including {@code offset}: the node serves that version or a later one. */
    void forgetUpTo(long offset) {
        offsets.headSet(offset, true).clear();
    }

    private void run(long fromOffset) {
        long position = fromOffset;
        while (!stopped) {
            try (KafkaConsumer<String, byte[]> consumer = KafkaClients.committedReader(kafka, "versions-end")) {
                var partitions = consumer.partitionsFor(Topics.VERSIONS);
                if (partitions == null || partitions.isEmpty()) {
                    throw new KafkaException("topic " + Topics.VERSIONS + " does not exist yet");
                }
                TopicPartition tp = new TopicPartition(Topics.VERSIONS, Partitions.forKey(zone, partitions.size()));
                consumer.assign(List.of(tp));
                consumer.seek(tp, position);
                while (!stopped) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL).records(tp)) {
                        if (zone.equals(r.key()) && isCommit(r.value())) {
                            offsets.add(r.offset());
                        }
                    }
                    position = consumer.position(tp);
                }
            } catch (KafkaException e) {
                if (!stopped) {
                    LOG.debugf("tailing the versions of %s from offset %d failed, retrying: %s", zone, position, e.getMessage());
                    sleep(retryPause);
                }
            }
        }
    }

    private boolean isCommit(byte[] value) {
        try {
            return ZoneVersionCommitted.class.equals(codec.typeOf(value));
        } catch (IllegalArgumentException e) {
            return false; // the materializer reports a corrupt record; it is no version here
        }
    }

    private void sleep(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (!stopped && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, d.toMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
