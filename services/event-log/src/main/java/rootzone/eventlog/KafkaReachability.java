package rootzone.eventlog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import rootzone.kafka.access.KafkaConnection;

/**
 * Whether the log can be read right now, found by asking: every {@code every}, the committed end of
 * one partition is requested with a short timeout. A consumer alone cannot tell: its poll() simply
 * returns nothing while every broker is away, which is how a node reported itself connected through
 * a whole outage. Reachable means a partition leader answered within the last three probes.
 */
public final class KafkaReachability implements AutoCloseable {

    private final TopicPartition partition;
    private final Duration every;
    private final Clock clock;
    private final Runnable onContact;
    private final Admin admin;
    private final LogThread thread = LogThread.named("kafka-reachability");
    private final Instant started;
    private volatile Instant lastContact;
    private volatile String lastError = "not asked yet";

    private KafkaReachability(KafkaConnection kafka, String topic, Duration every, Clock clock, Runnable onContact) {
        this.partition = new TopicPartition(topic, 0);
        this.every = every;
        this.clock = clock;
        this.onContact = onContact;
        Map<String, Object> p = kafka.clientProperties();
        long timeout = Math.max(1000, every.toMillis());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "rootzone-reachability");
        this.admin = Admin.create(p);
        this.started = clock.instant();
    }

    /**
     * Starts probing {@code topic}'s partition 0 every {@code every}.
     *
     * @param onContact run on the probe's thread after each answer
     */
    public static KafkaReachability start(KafkaConnection kafka, String topic, Duration every, Clock clock, Runnable onContact) {
        KafkaReachability r = new KafkaReachability(kafka, topic, every, clock, onContact);
        r.thread.start(r::run);
        return r;
    }

    private void run() {
        while (!thread.stopped()) {
            long t0 = System.nanoTime();
            try {
                admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all().get(every.toMillis() + 1000, TimeUnit.MILLISECONDS);
                lastContact = clock.instant();
                lastError = null;
                onContact.run();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                lastError = (e.getCause() != null ? e.getCause() : e).toString();
            }
            RetryPause.of(every.minusNanos(System.nanoTime() - t0), thread::stopped);
        }
    }

    /** Whether a leader answered within the last three probe periods. */
    public boolean reachable() {
        Instant c = lastContact;
        return c != null && Duration.between(c, clock.instant()).compareTo(every.multipliedBy(3)) <= 0;
    }

    /** When the log last answered, if it has since this started. */
    public Optional<Instant> lastContact() {
        return Optional.ofNullable(lastContact);
    }

    /** Seconds without an answer: since the last one, or since this started; 0 while reachable. */
    public long unreachableSeconds() {
        if (reachable()) {
            return 0;
        }
        return Duration.between(lastContact().orElse(started), clock.instant()).toSeconds();
    }

    /** The last probe's failure, null after an answer. */
    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        thread.stop(true);
        admin.close(KafkaClients.CLOSE_TIMEOUT);
    }
}
