package rootzone.eventlog;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import rootzone.kafka.access.KafkaConnection;

/**
 * Follows partitions of the log from given offsets, committed transactions only, and hands every
 * event (decoded by the contract's EventCodec, see {@link LogEvent}) to a listener in log order: the
 * one follower of the services that fold a topic into state as it grows (the coordination topic's
 * directory and notices, the event audit, a zone's committed versions, a transparency log's
 * checkpoints). It runs the event log's one poll loop; a lost broker, a topic not created yet or a
 * listener's exception is retried from the next offset not yet handed over, after a pause.
 *
 * <p>On its own daemon thread ({@link #start()}) or on the caller's ({@link #run()}), until
 * {@link #close()}.
 */
public final class PartitionFollower implements AutoCloseable {

    /** What the follower reports. Called on the follower's thread. */
    public interface Listener {
        void event(LogEvent event);

        /** After each poll (also when it brought nothing): where the follower is. */
        default void polled(Progress progress) {}
    }

    /**
     * Where a follower is after a poll.
     *
     * @param positions the next offset to read of every partition
     * @param ends the partitions' committed ends as last read (re-read every second)
     * @param endsReadAt System.nanoTime() when {@code ends} were read
     * @param caughtUp whether every event the partitions held when following started has been handed over
     */
    public record Progress(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> ends, long endsReadAt, boolean caughtUp) {

        /** The next offset to read, of a follower of one partition. */
        public long next() {
            return positions.values().stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    private static final System.Logger LOG = System.getLogger(PartitionFollower.class.getName());

    private final KafkaConnection kafka;
    private final String purpose;
    private final LogSource source;
    private final Listener listener;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private long from;
    private Duration retryPause = Duration.ofSeconds(2);
    private final LogThread thread;
    private volatile Map<TopicPartition, Long> startEnds;
    private volatile boolean caughtUp;
    private volatile String error;

    private PartitionFollower(KafkaConnection kafka, String purpose, LogSource source, Listener listener) {
        this.kafka = Objects.requireNonNull(kafka);
        this.purpose = Objects.requireNonNull(purpose);
        this.source = Objects.requireNonNull(source);
        this.listener = Objects.requireNonNull(listener);
        this.thread = LogThread.named(purpose + "-follower");
    }

    /** A follower of {@code source} from offset 0, not started yet. */
    public static PartitionFollower of(KafkaConnection kafka, String purpose, LogSource source, Listener listener) {
        return new PartitionFollower(kafka, purpose, source, listener);
    }

    /** Starts following partition 0 of {@code topic} at {@code from} on a daemon thread. */
    public static PartitionFollower start(KafkaConnection kafka, String topic, long from, String purpose, Listener listener) {
        return of(kafka, purpose, LogSource.first(topic), listener).from(from).start();
    }

    /** Where every partition starts that {@link #from(Map)} does not name. */
    public PartitionFollower from(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        this.from = offset;
        return this;
    }

    /** Where these partitions start. */
    public PartitionFollower from(Map<TopicPartition, Long> offsets) {
        positions.putAll(offsets);
        return this;
    }

    /** The pause before reading again after a failure (2 s unless set). */
    public PartitionFollower retryEvery(Duration pause) {
        this.retryPause = Objects.requireNonNull(pause);
        return this;
    }

    /** Follows on a new daemon thread named after the purpose. */
    public PartitionFollower start() {
        thread.start(this::run);
        return this;
    }

    /** Follows on the calling thread until {@link #close()}. */
    public void run() {
        thread.retry(retryPause, () -> PollLoop.run(kafka, purpose, source, positions, from, thread::stopped, e -> {
            listener.event(e);
            return true;
        }, (at, ends, endsReadAt) -> {
            if (startEnds == null) {
                startEnds = Map.copyOf(ends);
            }
            caughtUp = caughtUp || PollLoop.reached(at, startEnds);
            error = null;
            listener.polled(new Progress(Map.copyOf(at), Map.copyOf(ends), endsReadAt, caughtUp));
        }), e -> {
            error = e.toString();
            LOG.log(System.Logger.Level.WARNING, source + " (" + purpose + "): reading interrupted, retrying in "
                    + retryPause.toMillis() + " ms: " + e);
        });
    }

    /** The next offset to read, of a follower of one partition. */
    public long position() {
        return positions.values().stream().mapToLong(Long::longValue).max().orElse(from);
    }

    /** Whether everything the partitions held when following started has been handed over. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** The last read failure, null while reading works. */
    public String error() {
        return error;
    }

    @Override
    public void close() {
        thread.stop(true);
    }
}
