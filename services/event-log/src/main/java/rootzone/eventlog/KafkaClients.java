package rootzone.eventlog;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import rootzone.events.Topics;
import rootzone.kafka.access.KafkaConnection;

/**
 * The Kafka client settings of the event log, in one place. Keys are UTF-8 strings, values bytes.
 * Every client starts from a {@link KafkaConnection} (where the cluster is, how to authenticate) and
 * adds the settings the event log depends on, which win over the connection's.
 *
 * <p>Every client here closes within a bound ({@link #CLOSE_TIMEOUT}): Kafka's own {@code close()}
 * waits 30 s (consumer: closing fetch sessions), or without limit (producer, admin) for a broker that
 * is gone, which is what made a node take over a minute to stop with its broker away. A close that
 * runs out of time drops what it was waiting for: an open transaction is aborted by the broker, and
 * readers only ever read.
 */
final class KafkaClients {

    /** How long a client's close() may wait for the brokers; a service's shutdown is bounded at 10 s. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    /** The transactional producer's timeouts (ms): see {@link #transactionalProducer}. */
    public static final int REQUEST_TIMEOUT_MS = 10_000;
    public static final int DELIVERY_TIMEOUT_MS = 45_000;
    public static final int MAX_BLOCK_MS = 30_000;
    public static final int TRANSACTION_TIMEOUT_MS = 180_000;

    /**
     * A transactional, idempotent producer (acks=all). Two producers with the same transactional id
     * fence each other: only the newest may commit.
     */
    static KafkaProducer<String, byte[]> transactionalProducer(KafkaConnection connection, String transactionalId) {
        Map<String, Object> p = connection.clientProperties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "rootzone-writer-" + transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // Bounded so that a publication's outcome is known within about a minute (docs/architecture.md,
        // "The outcome of a publication"). A request to a frozen leader is given up after 10 s and sent
        // again to the leader elected once the frozen one is fenced (broker.session.timeout.ms 6 s),
        // instead of waiting out the default 30 s.
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        // A record not acknowledged within 45 s fails its transaction, which is then aborted: nothing of it commits.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        // send() waiting for metadata or buffer space, and commit/abort/initTransactions, wait at most this.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        // The broker aborts a transaction left open this long (a writer that died and was not restarted);
        // a 1,000,000-record version is ~50 MB of chunks in one transaction, so it is not short.
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        // A value is at most MAX_RECORD_BYTES; the request limit leaves room for key and batch header.
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES + 48 * 1024);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public void close() {
                close(CLOSE_TIMEOUT);
            }
        };
    }

    /**
     * A consumer that sees only committed transactions and is driven by assign/seek (no group, no
     * offset commits): readers decide where they start.
     */
    static KafkaConsumer<String, byte[]> committedReader(KafkaConnection connection, String purpose) {
        Map<String, Object> p = connection.clientProperties();
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "rootzone-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer()) {
            @Override
            public void close() {
                // A reader stopped by an interrupt (LogThread.stop) closes here with the flag still set: the
                // client then gives up closing its fetcher and logs an ERROR at every shutdown. The flag is
                // put back after the (bounded) close.
                boolean interrupted = Thread.interrupted();
                try {
                    close(CLOSE_TIMEOUT);
                } finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
    }

    static Admin admin(KafkaConnection connection) {
        Map<String, Object> p = connection.clientProperties();
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "rootzone-admin-" + UUID.randomUUID().toString().substring(0, 8));
        return new ForwardingAdmin(p) {
            @Override
            public void close() {
                close(CLOSE_TIMEOUT);
            }
        };
    }

    private KafkaClients() {}
}
