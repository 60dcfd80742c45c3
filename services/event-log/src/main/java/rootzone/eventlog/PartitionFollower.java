package rootzone.eventlog;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import rootzone.kafka.access.KafkaConnection;

/**
 * Follows one partition of a topic from an offset, committed transactions only, and hands every
 * record to a listener in log order, on its own daemon thread: the one poll loop of the readers
 * that fold a topic into state as it grows (the coordination topic's directory and notices in the
 * auditor and the publisher). A lost broker or a topic not created yet is retried from the next
 * unread offset; a listener's exception is the listener's to handle (it is not retried).
 */
public final class PartitionFollower implements AutoCloseable {

    /** What the follower reports. Called on the follower's thread. */
    public interface Listener {
        void record(long offset, byte[] value);

        /** After each poll: the next offset to read, and whether the end seen at start is reached. */
        default void position(long next, boolean caughtUp) {}
    }

    private static final System.Logger LOG = System.getLogger(PartitionFollower.class.getName());

    private final KafkaConnection kafka;
    private final TopicPartition partition;
    private final String purpose;
    private final Listener listener;
    private final Thread thread;
    private volatile long position;
    private volatile boolean caughtUp;
    private volatile boolean stopped;
    private volatile String error;

    private PartitionFollower(KafkaConnection kafka, String topic, long from, String purpose, Listener listener) {
        this.kafka = kafka;
        this.partition = new TopicPartition(topic, 0);
        this.purpose = purpose;
        this.listener = listener;
        this.position = from;
        this.thread = new Thread(this::run, purpose + "-follower");
        this.thread.setDaemon(true);
    }

    /** Starts following partition 0 of {@code topic} at {@code from}. */
    public static PartitionFollower start(KafkaConnection kafka, String topic, long from, String purpose, Listener listener) {
        PartitionFollower f = new PartitionFollower(kafka, topic, from, purpose, listener);
        f.thread.start();
        return f;
    }

    private void run() {
        Long startEnd = null;
        while (!stopped) {
            try (KafkaConsumer<String, byte[]> consumer = KafkaClients.committedReader(kafka, purpose)) {
                consumer.assign(List.of(partition));
                consumer.seek(partition, position);
                if (startEnd == null) {
                    startEnd = consumer.endOffsets(List.of(partition)).get(partition);
                }
                while (!stopped) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        listener.record(r.offset(), r.value());
                        position = r.offset() + 1;
                    }
                    position = Math.max(position, consumer.position(partition));
                    caughtUp = caughtUp || position >= startEnd;
                    error = null;
                    listener.position(position, caughtUp);
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException e) {
                error = e.toString();
                LOG.log(System.Logger.Level.WARNING, partition + " (" + purpose + "): reading interrupted, retrying in 2 s: " + e);
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** The next offset to read. */
    public long position() {
        return position;
    }

    /** Whether everything the partition held when following started has been handed over. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** The last read failure, null while reading works. */
    public String error() {
        return error;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
