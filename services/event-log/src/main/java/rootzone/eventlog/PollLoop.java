package rootzone.eventlog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import rootzone.kafka.access.KafkaConnection;

/**
 * The one poll loop of the event log's readers: assign (no consumer group), seek, poll with
 * read_committed, and know where the end is. Every reader (PartitionFollower, LogReader and through
 * them VersionLog, SnapshotReader, LogReplay and the services) runs it; retrying is the caller's.
 */
final class PollLoop {

    /** Takes one event; false stops the loop right after it. */
    interface Sink {
        boolean accept(LogEvent event);
    }

    /** After each poll, on the loop's thread. */
    interface Progress {
        void polled(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> ends, long endsReadAt);
    }

    static final Duration POLL = Duration.ofMillis(200);
    /**
     * A poll's wait while the positions are behind the ends: what is left there may be only control records
     * (a transaction's commit marker), which a poll skips without handing anything over, so it would wait its
     * whole timeout before the loop sees that it has reached the end.
     */
    static final Duration CATCHING_UP = Duration.ofMillis(10);
    private static final long ENDS_EVERY = 1_000_000_000L;

    private PollLoop() {}

    /**
     * Reads {@code source} from {@code positions} (updated as it reads; a partition not in it from
     * {@code from}), until {@code stop} says so or, with {@code stop} null, to the end the partitions
     * had when the loop started.
     *
     * @throws KafkaException when the log cannot be read (a topic missing is one too)
     */
    static void run(KafkaConnection kafka, String purpose, LogSource source, Map<TopicPartition, Long> positions, long from,
                    BooleanSupplier stop, Sink sink, Progress progress) {
        run(kafka, purpose, source, positions, () -> OptionalLong.of(from), stop, sink, progress);
    }

    /**
     * As above, asking {@code from} only once connected (the broker reached, authenticated, the partitions
     * resolved: most of a reader's start): a caller that is still working out where to read starts the
     * reader beside that work. Empty from {@code from}: nothing is read.
     */
    static void run(KafkaConnection kafka, String purpose, LogSource source, Map<TopicPartition, Long> positions,
                    Supplier<OptionalLong> from, BooleanSupplier stop, Sink sink, Progress progress) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.committedReader(kafka, purpose)) {
            List<TopicPartition> tps = resolve(consumer, source);
            OptionalLong start = from.get();
            if (start.isEmpty()) {
                return;
            }
            consumer.assign(tps);
            for (TopicPartition tp : tps) {
                positions.putIfAbsent(tp, start.getAsLong());
                consumer.seek(tp, positions.get(tp));
            }
            long endsReadAt = System.nanoTime();
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(tps));
            if (progress != null) {
                progress.polled(positions, ends, endsReadAt); // at the end already: caught up now, not after a poll's wait
            }
            while (stop == null ? !reached(positions, ends) : !stop.getAsBoolean()) {
                if (stop != null && System.nanoTime() - endsReadAt >= ENDS_EVERY) {
                    endsReadAt = System.nanoTime();
                    ends.putAll(consumer.endOffsets(tps));
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(reached(positions, ends) ? POLL : CATCHING_UP)) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    boolean more = sink.accept(new LogEvent(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
                    positions.put(tp, r.offset() + 1); // after the sink: an event it failed on is read again
                    if (!more) {
                        return;
                    }
                }
                for (TopicPartition tp : tps) {
                    // Past transaction markers and aborted records, which are never handed over.
                    positions.put(tp, Math.max(positions.get(tp), consumer.position(tp)));
                }
                if (progress != null) {
                    progress.polled(positions, ends, endsReadAt);
                }
            }
        }
    }

    /** The committed ends of {@code source}'s partitions now. */
    static Map<TopicPartition, Long> ends(KafkaConnection kafka, String purpose, LogSource source) {
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.committedReader(kafka, purpose)) {
            return Map.copyOf(consumer.endOffsets(resolve(consumer, source)));
        }
    }

    static boolean reached(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (positions.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static List<TopicPartition> resolve(KafkaConsumer<String, byte[]> consumer, LogSource source) {
        if (source instanceof LogSource.Partition p) {
            infos(consumer, p.topic());
            return List.of(new TopicPartition(p.topic(), p.partition()));
        }
        if (source instanceof LogSource.OfKey k) {
            return List.of(new TopicPartition(k.topic(), Partitions.forKey(k.key(), infos(consumer, k.topic()).size())));
        }
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : ((LogSource.AllPartitions) source).topics()) {
            infos(consumer, topic).forEach(i -> all.add(new TopicPartition(i.topic(), i.partition())));
        }
        return all;
    }

    private static List<PartitionInfo> infos(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new MissingTopic(topic);
        }
        return infos;
    }

    /** A topic not created yet: the admin role creates them (TopicProvisioner.ensure); readers retry. */
    static final class MissingTopic extends KafkaException {
        MissingTopic(String topic) {
            super("topic " + topic + " does not exist (the admin role creates the topics: TopicProvisioner.ensure)");
        }
    }
}
