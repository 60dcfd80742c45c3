package rootzone.eventlog.tlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.Envelopes;
import rootzone.events.LogCheckpoint;
import rootzone.kafka.access.KafkaConnection;
import rootzone.tlog.entry.LogEntry;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.tile.TileStore;
import rootzone.tlog.tile.TiledLog;

/**
 * The operator of one transparency log (docs/transparency-log.md, "Integration"): the publisher runs
 * one per zone, the coordination service one for the coordination log. The entries a transaction
 * appends and the log's new signed checkpoint (one LogCheckpoint event) commit in the SAME Kafka
 * transaction as the events they describe; the tiles are written only after Kafka committed, and an
 * aborted transaction's stage is dropped, so the store never holds a tree the topic does not.
 *
 * <p>The topic is the truth: at start the store is brought up to the topic's last checkpoint (the
 * missing entries re-appended from the events), and a store or topic that does not fit (a fork, a
 * gap, a checkpoint not signed by this log's key, a store ahead of the topic) stops the operator with
 * a clear error. After a failed transaction (whose outcome Kafka may not have told) it catches up
 * from the topic again before the next one. Thread-safe: one transaction at a time.
 */
public final class LogOperator {

    private static final System.Logger LOG = System.getLogger(LogOperator.class.getName());

    /** An event-log transaction that can also append entries to the log. */
    public interface Transaction extends EventWriter.Transaction {
        /** Appends an entry; the log's checkpoint covering it is written when the work returns. */
        void append(LogEntry entry);
    }

    private final KafkaConnection kafka;
    private final LogNames names;
    private final NoteSigner signer;
    private final LogReplay replay;
    private long nextOffset;
    private boolean stale;

    private LogOperator(KafkaConnection kafka, LogNames names, NoteSigner signer, TiledLog log) {
        this.kafka = kafka;
        this.names = names;
        this.signer = signer;
        this.replay = new LogReplay(log, signer.verifierKey());
    }

    /**
     * Opens the log in the store (a {@code DirectoryTileStore} under {@code <data>/log/<name>}, or a
     * memory store rebuilt from the topic each start) and brings it up to the topic.
     *
     * @throws IllegalStateException when the store or the topic is inconsistent with the other or with
     *     the key: the message says which checkpoint and why; nothing is written to the topic
     */
    public static LogOperator open(KafkaConnection kafka, LogNames names, NoteSigner signer, TileStore store) {
        if (!signer.name().equals(names.origin())) {
            throw new IllegalArgumentException("log key '" + signer.name() + "' is not the key of origin " + names.origin());
        }
        TiledLog log;
        try {
            log = TiledLog.open(store);
        } catch (IOException e) {
            throw new IllegalStateException("log " + names.origin() + ": cannot open its tiles (" + store + "): " + e.getMessage()
                    + "; they are derived from topic " + names.topic() + ": move them away to rebuild them", e);
        }
        if (log.checkpoint() != null && !SignedNote.parse(log.checkpoint()).verifiedBy(signer.verifierKey())) {
            throw new IllegalStateException("log " + names.origin() + ": the stored checkpoint (" + store
                    + ") is not signed by the log key " + signer.verifierKey().text() + ": the tiles belong to another key");
        }
        LogOperator op = new LogOperator(kafka, names, signer, log);
        long before = log.size();
        op.catchUp();
        LOG.log(System.Logger.Level.INFO, "log " + names.origin() + ": tree size " + log.size() + " (" + (log.size() - before)
                + " entries re-appended from " + names.topic() + "), key " + signer.verifierKey().text());
        return op;
    }

    private void catchUp() {
        long storeSize = replay.log().size();
        long[] topicSize = {0};
        LogReplay.CatchUp done = replay.catchUp(kafka, names.topic(), nextOffset, step -> {
            if (step instanceof LogReplay.Step.Appended a) {
                topicSize[0] = a.treeSize();
            } else if (step instanceof LogReplay.Step.Known k) {
                topicSize[0] = k.treeSize();
            }
        });
        if (done.refused() != null) {
            throw new IllegalStateException("log " + names.origin() + ": checkpoint at " + names.topic() + " offset "
                    + done.refused().offset() + " refused: " + done.refused().reason() + "; the log operator does not start");
        }
        if (nextOffset == 0 && topicSize[0] < storeSize) {
            throw new IllegalStateException("log " + names.origin() + ": the stored tiles are at size " + storeSize + " but topic "
                    + names.topic() + " ends at size " + topicSize[0] + ": the topic is the truth; move the tiles away to rebuild them");
        }
        nextOffset = done.nextOffset();
        stale = false;
    }

    public LogNames names() {
        return names;
    }

    public NoteSigner signer() {
        return signer;
    }

    /** The log as committed (read it, do not append to it). */
    public TiledLog log() {
        return replay.log();
    }

    /**
     * Runs {@code work} in one transaction of {@code writer}; if it appended entries, the log's new
     * signed checkpoint is sent as the transaction's last event, and the tiles written once Kafka
     * committed. An exception aborts the transaction and drops the stage.
     */
    public synchronized <T> T inTransaction(EventWriter writer, Function<Transaction, T> work) {
        if (stale) {
            catchUp();
        }
        TransactionResult<T> done;
        try {
            done = writer.inTransaction(tx -> {
                Tx t = new Tx(tx);
                T r = work.apply(t);
                t.closed = true;
                return new TransactionResult<>(r, t.entries.isEmpty() ? Optional.empty() : Optional.of(checkpoint(tx, t.entries)));
            });
        } catch (RuntimeException e) {
            // Kafka may have committed or not: the topic says which, before the next transaction.
            stale = true;
            throw e;
        }
        done.pending().ifPresent(pending -> {
            try {
                replay.log().commit(pending.staged, pending.note);
                nextOffset = pending.sent.offset() + 1;
            } catch (IOException | RuntimeException e) {
                stale = true;
                LOG.log(System.Logger.Level.WARNING, "log " + names.origin() + ": checkpoint committed to Kafka but the tiles were "
                        + "not written (" + e + "); they are re-appended from the topic before the next transaction");
            }
        });
        return done.result();
    }

    /** What a transaction returned, and the checkpoint it sent if it appended entries. */
    private record TransactionResult<T>(T result, Optional<Pending> pending) {}

    private record Pending(TiledLog.Staged staged, String note, EventWriter.Sent sent) {}

    private Pending checkpoint(EventWriter.Transaction tx, List<byte[]> entries) {
        TiledLog log = replay.log();
        TiledLog.Staged staged = log.stage(entries);
        String note = SignedNote.sign(staged.checkpoint(names.origin()).body(), signer).text();
        List<ByteBuffer> raw = new ArrayList<>(entries.size());
        entries.forEach(e -> raw.add(ByteBuffer.wrap(e)));
        LogCheckpoint event = LogCheckpoint.newBuilder()
                .setEnvelope(Envelopes.placeholder())
                .setOrigin(names.origin())
                .setFirstIndex(log.size())
                .setEntries(raw)
                .setTreeSize(staged.size())
                .setRootHash(ByteBuffer.wrap(staged.root()))
                .setNote(note)
                .build();
        return new Pending(staged, note, tx.send(names.topic(), names.key(), names.zone(), event));
    }

    private static final class Tx implements Transaction {
        private final EventWriter.Transaction tx;
        private final List<byte[]> entries = new ArrayList<>();
        private boolean closed;

        Tx(EventWriter.Transaction tx) {
            this.tx = tx;
        }

        @Override
        public EventWriter.Sent send(String topic, String key, String zone, SpecificRecord event) {
            return tx.send(topic, key, zone, event);
        }

        @Override
        public void flush() {
            tx.flush();
        }

        @Override
        public void append(LogEntry entry) {
            if (closed) {
                throw new IllegalStateException("transaction already finished");
            }
            entries.add(entry.bytes());
        }
    }

    @Override
    public String toString() {
        return "LogOperator[" + names.origin() + " at " + replay.log().size() + "]";
    }

}
