package rootzone.eventlog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import rootzone.kafka.access.KafkaConnection;

/**
 * Reads of the log that end: up to the end the partitions have now, up to a stop, or one record.
 * The same poll loop as {@link PartitionFollower}; failures are thrown (KafkaException), not
 * retried: the caller decides.
 */
public final class LogReader {

    private LogReader() {}

    /**
     * Hands every event of {@code source} from {@code from} to {@code each} up to the partitions' end as
     * of now, or until {@code each} returns false.
     *
     * @return the next offset to read of every partition
     */
    public static Map<TopicPartition, Long> toEnd(KafkaConnection kafka, String purpose, LogSource source, long from,
                                                  Predicate<LogEvent> each) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        PollLoop.run(kafka, purpose, source, positions, from, null, each::test, null);
        return positions;
    }

    /** Every event of {@code source} up to its end as of now, in offset order per partition (small topics, tests). */
    public static List<LogEvent> all(KafkaConnection kafka, String purpose, LogSource source) {
        List<LogEvent> out = new ArrayList<>();
        toEnd(kafka, purpose, source, 0, out::add);
        return out;
    }

    /**
     * Hands every event of one partition from {@code from} on to {@code each}, waiting for new ones, until
     * {@code stop} says so (asked after every poll) or {@code each} returns false.
     *
     * @return the next offset to read
     */
    public static long follow(KafkaConnection kafka, String purpose, LogSource source, long from, BooleanSupplier stop,
                              Predicate<LogEvent> each) {
        return follow(kafka, purpose, source, from, stop, each, () -> {});
    }

    /**
     * As {@link #follow(KafkaConnection, String, LogSource, long, BooleanSupplier, Predicate)}, running {@code atEnd}
     * whenever the position has reached the partition's committed end as last read (before the first poll
     * too, and after every poll while it stays there): the reader has caught up with the log.
     */
    public static long follow(KafkaConnection kafka, String purpose, LogSource source, long from, BooleanSupplier stop,
                              Predicate<LogEvent> each, Runnable atEnd) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        PollLoop.run(kafka, purpose, source, positions, from, stop, each::test, (at, ends, endsReadAt) -> {
            if (PollLoop.reached(at, ends)) {
                atEnd.run();
            }
        });
        return positions.values().stream().mapToLong(Long::longValue).max().orElse(from);
    }

    /** The record at exactly this offset, or empty when it is gone (compacted, an aborted write, past the end). */
    public static Optional<LogEvent> at(KafkaConnection kafka, String purpose, LogSource partition, long offset) {
        return at(kafka, purpose, partition, () -> OptionalLong.of(offset));
    }

    /**
     * As {@link #at(KafkaConnection, String, LogSource, long)}, with the offset asked of {@code offset} once
     * the reader is connected (it may block until the caller knows it; empty: nothing is read).
     */
    public static Optional<LogEvent> at(KafkaConnection kafka, String purpose, LogSource partition, Supplier<OptionalLong> offset) {
        List<LogEvent> first = new ArrayList<>(1);
        long[] asked = {-1};
        PollLoop.run(kafka, purpose, single(partition), new HashMap<>(), () -> {
            OptionalLong o = offset.get();
            o.ifPresent(v -> asked[0] = v);
            return o;
        }, null, e -> !first.add(e), null);
        return first.stream().filter(e -> e.offset() == asked[0]).findFirst();
    }

    /** The committed end of one partition now (read_committed: the last stable offset). */
    public static long end(KafkaConnection kafka, LogSource partition) {
        return PollLoop.ends(kafka, "end", single(partition)).values().iterator().next();
    }

    private static LogSource single(LogSource partition) {
        if (partition instanceof LogSource.AllPartitions) {
            throw new IllegalArgumentException("an offset is of one partition, not of " + partition);
        }
        return partition;
    }
}
