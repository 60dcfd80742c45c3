package rootzone.eventlog;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import rootzone.events.Envelope;
import rootzone.events.EventCodec;
import rootzone.events.Topics;
import rootzone.kafka.access.KafkaConnection;

/**
 * The one place events are written: a transactional producer that fills every event's envelope and
 * links it to the previous event of the same producer on the same (topic, key).
 *
 * <p>Chain state (last sequence and hash per topic and key) is recovered from the log itself, read
 * back with read_committed, the first time a (topic, key) is written and again after any abort; it is
 * only cached across committed transactions. The envelope's {@code producer} names the chain: use one
 * producer name with one transactional id, or two writers would interleave one chain.
 *
 * <p>Not thread-safe per transaction: {@link #inTransaction} runs one transaction at a time.
 */
public final class EventWriter implements AutoCloseable {

    /** The events sent in a transaction, valid inside {@link #inTransaction} only. */
    public interface Transaction {

        /**
         * Fills the event's envelope (in place) and sends it. Values are encoded with
         * {@link EventCodec}; keys are UTF-8 strings.
         *
         * @param zone the zone the event is about ('.' for the root), stored in the envelope
         * @throws IllegalArgumentException when the encoded value exceeds {@link Topics#MAX_RECORD_BYTES}
         */
        Sent send(String topic, String key, String zone, SpecificRecord event);

        /** Waits until every event sent so far is acknowledged, so their offsets are known. */
        void flush();
    }

    /**
     * One sent event: the event with its envelope, its encoded size, the SHA-256 of its encoded value
     * exactly as written (what the next event's previousHash and a log entry's event-sha256 name), and
     * its (future) position.
     */
    public record Sent(SpecificRecord event, int valueBytes, byte[] valueSha256, Future<RecordMetadata> metadata) {

        /** The offset of this event; call after {@link Transaction#flush()} (or it waits). */
        public long offset() {
            try {
                return metadata.get().offset();
            } catch (ExecutionException e) {
                throw new EventLogException("event not written: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventLogException("interrupted waiting for a write", e);
            }
        }
    }

    private record Stream(String topic, String key) {}

    private final String transactionalId;
    private final String producerName;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final KafkaConsumer<String, byte[]> reader;
    private final ChainRecovery recovery;
    private final EventCodec codec = EventCodec.get();
    private final Map<Stream, ChainLink> committedTips = new HashMap<>();
    private final Map<String, Integer> partitionCounts = new HashMap<>();
    /** Partitions scanned back to their start: a key not among committedTips has no event of ours there. */
    private final Set<TopicPartition> fullyScanned = new HashSet<>();
    private volatile boolean stopped;
    private volatile EventLogException failure;

    /**
     * Connects and registers the transactional id, which fences any older writer with the same id and
     * aborts its unfinished transaction.
     *
     * @param transactionalId Kafka transactional.id, e.g. "rootzone-publisher-." (stable per role and zone)
     * @param producer the envelope producer (publisher id, node id): the name of this writer's chains
     */
    public EventWriter(KafkaConnection kafka, String transactionalId, String producer) {
        this(kafka, transactionalId, producer, Clock.systemUTC());
    }

    public EventWriter(KafkaConnection kafka, String transactionalId, String producer, Clock clock) {
        this(kafka, transactionalId, producer, clock, OwnEvents.ANY);
    }

    /**
     * @param own which events in the log that claim this producer's name are really this writer's
     *     (the publisher: only those signed by a trusted publisher key, {@link OwnEvents#signedBy})
     */
    public EventWriter(KafkaConnection kafka, String transactionalId, String producer, Clock clock, OwnEvents own) {
        this.transactionalId = requireText(transactionalId, "transactionalId");
        this.producerName = requireText(producer, "producer");
        this.clock = Objects.requireNonNull(clock);
        this.producer = KafkaClients.transactionalProducer(kafka, transactionalId);
        Admin a = null;
        KafkaConsumer<String, byte[]> c = null;
        try {
            this.producer.initTransactions();
            a = KafkaClients.admin(kafka);
            c = KafkaClients.committedReader(kafka, "chain-recovery");
        } catch (RuntimeException e) {
            this.producer.close();
            if (a != null) {
                a.close();
            }
            throw new EventLogException("cannot start event writer '" + transactionalId + "': " + e.getMessage(), e);
        }
        this.admin = a;
        this.reader = c;
        this.recovery = new ChainRecovery(admin, reader, Objects.requireNonNull(own));
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }

    public String producer() {
        return producerName;
    }

    public String transactionalId() {
        return transactionalId;
    }

    /**
     * Runs {@code work} in one Kafka transaction and commits it: every event it sends becomes visible
     * to read_committed readers together, or none does. If {@code work} throws, the transaction is
     * aborted and the exception rethrown.
     *
     * @throws WriterFencedException when a newer writer with the same transactional id exists; this
     *     writer is then stopped for good
     * @throws CommitUnknownException when the commit was asked for but its answer was lost; this writer
     *     is then stopped, and the transaction is settled by the next writer with the same id
     * @throws EventLogException when Kafka refuses the transaction before its commit is asked for: it
     *     is aborted (or, if the abort fails too, the writer stops and the broker aborts it), and it
     *     never commits
     */
    public synchronized <T> T inTransaction(Function<Transaction, T> work) {
        checkUsable();
        Map<Stream, ChainLink> tips = new HashMap<>();
        TransactionImpl tx = new TransactionImpl(tips);
        try {
            producer.beginTransaction();
            T result = work.apply(tx);
            tx.closed = true;
            // Every event acknowledged before the commit is asked for: a failure up to here aborts, and
            // an aborted transaction never commits later. Only a lost answer to the commit is unknown.
            tx.awaitAcknowledged();
            commit();
            committedTips.putAll(tips);
            return result;
        } catch (RuntimeException e) {
            tx.closed = true;
            if (failure == e) {
                throw e; // commit() stopped this writer: nothing to abort
            }
            throw abort(e);
        } catch (Error e) {
            tx.closed = true;
            abort(new EventLogException("aborted on " + e, e));
            throw e;
        }
    }

    private void commit() {
        try {
            producer.commitTransaction();
        } catch (RuntimeException e) {
            committedTips.clear();
            fullyScanned.clear();
            if (isFencing(e)) {
                throw stop(new WriterFencedException(transactionalId, e));
            }
            // The EndTxn request may have reached the coordinator: neither abort nor retry here, stop
            // and let a new writer (initTransactions) settle it.
            throw stop(new CommitUnknownException(transactionalId, e));
        }
    }

    /** False once this writer has stopped (fenced, or a commit or abort failed): a new one must take over. */
    public boolean usable() {
        return failure == null && !stopped;
    }

    /** True once a newer writer with the same transactional id has fenced this one: only that one may write. */
    public boolean fenced() {
        return failure instanceof WriterFencedException;
    }

    /** Writes one event in its own transaction and returns its offset. */
    public long writeOne(String topic, String key, String zone, SpecificRecord event) {
        return inTransaction(tx -> {
            Sent sent = tx.send(topic, key, zone, event);
            tx.flush();
            return sent.offset();
        });
    }

    /** The tip of this writer's chain on (topic, key), as the log says (recovered when not cached). */
    public synchronized ChainLink tip(String topic, String key) {
        checkUsable();
        return tipOf(new Stream(topic, key), null);
    }

    private ChainLink tipOf(Stream stream, TransactionImpl tx) {
        ChainLink tip = committedTips.get(stream);
        if (tip == null) {
            TopicPartition tp = new TopicPartition(stream.topic, partitionOf(stream));
            if (fullyScanned.contains(tp)) {
                tip = ChainLink.START; // a scan met every key of ours on this partition, not this one
            } else {
                ChainRecovery.Scan scan = recovery.scan(producerName, tp, stream.key,
                        tx == null ? Long.MAX_VALUE : tx.firstOffset(tp));
                scan.tips().forEach((key, link) -> committedTips.putIfAbsent(new Stream(stream.topic, key), link));
                if (scan.complete()) {
                    fullyScanned.add(tp);
                }
                tip = scan.tips().getOrDefault(stream.key, ChainLink.START);
            }
            committedTips.put(stream, tip);
        }
        return tip;
    }

    private int partitionOf(Stream stream) {
        int count = partitionCounts.computeIfAbsent(stream.topic, t -> producer.partitionsFor(t).size());
        return Partitions.forKey(stream.key, count);
    }

    private RuntimeException abort(RuntimeException cause) {
        // The log is the truth: after an abort the chains are recovered from it again.
        committedTips.clear();
        fullyScanned.clear();
        if (isFencing(cause)) {
            return stop(new WriterFencedException(transactionalId, cause));
        }
        try {
            producer.abortTransaction();
        } catch (RuntimeException abortFailed) {
            if (isFencing(abortFailed)) {
                return stop(new WriterFencedException(transactionalId, abortFailed));
            }
            cause.addSuppressed(abortFailed);
            return stop(new EventLogException("event writer '" + transactionalId
                    + "' failed and could not abort its transaction; it has stopped: " + cause.getMessage(), cause));
        }
        if (cause instanceof KafkaException) {
            return new EventLogException("transaction of '" + transactionalId + "' aborted: " + cause.getMessage(), cause);
        }
        return cause;
    }

    private EventLogException stop(EventLogException reason) {
        failure = reason;
        closeClients();
        return reason;
    }

    private static boolean isFencing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException
                    || t instanceof TransactionalIdAuthorizationException) {
                return true;
            }
        }
        return false;
    }

    private void checkUsable() {
        if (failure != null) {
            throw failure;
        }
        if (stopped) {
            throw new IllegalStateException("event writer '" + transactionalId + "' is closed");
        }
    }

    private final class TransactionImpl implements Transaction {
        private final Map<Stream, ChainLink> tips;
        private final Map<TopicPartition, Future<RecordMetadata>> firstSent = new HashMap<>();
        private final List<Future<RecordMetadata>> sent = new java.util.ArrayList<>();
        private boolean closed;

        TransactionImpl(Map<Stream, ChainLink> tips) {
            this.tips = tips;
        }

        @Override
        public Sent send(String topic, String key, String zone, SpecificRecord event) {
            if (closed) {
                throw new IllegalStateException("transaction already finished");
            }
            Objects.requireNonNull(event, "event");
            requireText(key, "key");
            requireText(zone, "zone");
            Stream stream = new Stream(requireText(topic, "topic"), key);
            ChainLink previous = tips.containsKey(stream) ? tips.get(stream) : tipOf(stream, this);
            Envelope envelope = Envelope.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setEventType(event.getClass().getSimpleName())
                    .setZone(zone)
                    .setProducer(producerName)
                    .setProducedAt(clock.instant())
                    .setSequence(previous.nextSequence())
                    .setPreviousHash(ByteBuffer.wrap(previous.hash()))
                    .build();
            event.put(event.getSchema().getField("envelope").pos(), envelope);
            byte[] value = codec.encode(event);
            if (value.length > Topics.MAX_RECORD_BYTES) {
                throw new IllegalArgumentException(event.getClass().getSimpleName() + " of " + value.length
                        + " bytes exceeds the " + Topics.MAX_RECORD_BYTES + "-byte limit of a Kafka value");
            }
            int partition = partitionOf(stream);
            Future<RecordMetadata> metadata = producer.send(new ProducerRecord<>(topic, partition, key, value));
            firstSent.putIfAbsent(new TopicPartition(topic, partition), metadata);
            this.sent.add(metadata);
            byte[] hash = EventCodec.hash(value);
            tips.put(stream, new ChainLink(envelope.getSequence(), hash));
            return new Sent(event, value.length, hash, metadata);
        }

        @Override
        public void flush() {
            producer.flush();
        }

        /** Waits (at most delivery.timeout.ms) for every event sent; throws the first failure. */
        void awaitAcknowledged() {
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                new Sent(null, 0, null, f).offset();
            }
        }

        /** Offset of this transaction's first record on the partition, or Long.MAX_VALUE if none yet. */
        long firstOffset(TopicPartition tp) {
            Future<RecordMetadata> first = firstSent.get(tp);
            if (first == null) {
                return Long.MAX_VALUE;
            }
            producer.flush();
            return new Sent(null, 0, null, first).offset();
        }
    }

    private void closeClients() {
        stopped = true;
        try {
            producer.close(java.time.Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // already broken
        }
        reader.close();
        admin.close();
    }

    @Override
    public synchronized void close() {
        if (!stopped) {
            closeClients();
        }
    }

    @Override
    public String toString() {
        return "EventWriter[" + transactionalId + " as " + producerName + "]";
    }

}
