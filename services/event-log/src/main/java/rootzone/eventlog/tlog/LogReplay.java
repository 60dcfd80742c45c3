package rootzone.eventlog.tlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import rootzone.events.AvroBytes;
import rootzone.eventlog.LogEvent;
import rootzone.eventlog.LogReader;
import rootzone.eventlog.LogSource;
import rootzone.eventlog.PartitionFollower;
import rootzone.events.LogCheckpoint;
import rootzone.kafka.access.KafkaConnection;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.note.VerifierKey;
import rootzone.tlog.tile.TiledLog;

/**
 * Rebuilds and checks one transparency log from its LogCheckpoint events (the topic is the truth):
 * each event's note must verify with the log's key and name the tree its entries lead to, starting
 * where the log stands. The log operator recovers with it; the auditor and the nodes follow a log
 * with it. Not thread-safe: one replay per log, fed in topic order.
 */
public final class LogReplay {

    /** What one LogCheckpoint did to the log. */
    public sealed interface Step {
        long offset();

        /** Its entries were appended; the log is now at {@code treeSize}, with this checkpoint. */
        record Appended(long offset, long treeSize, String note) implements Step {}

        /** The log already holds this tree (e.g. a restart): same root at that size, nothing changed. */
        record Known(long offset, long treeSize) implements Step {}

        /** Not this log's (another origin on a shared topic): ignored. */
        record Other(long offset, String origin) implements Step {}

        /** A bad signature, a gap, a fork or entries that do not lead to the root: nothing changed. */
        record Refused(long offset, String reason) implements Step {}
    }

    private final TiledLog log;
    private final VerifierKey key;

    /** @param key the log's verifier key; its name is the log's origin */
    public LogReplay(TiledLog log, VerifierKey key) {
        this.log = log;
        this.key = key;
    }

    public TiledLog log() {
        return log;
    }

    public VerifierKey key() {
        return key;
    }

    /** Applies one LogCheckpoint event found at {@code offset}. */
    public Step apply(long offset, LogCheckpoint event) {
        if (!key.name().equals(event.getOrigin())) {
            return new Step.Other(offset, event.getOrigin());
        }
        Checkpoint cp;
        try {
            SignedNote note = SignedNote.parse(event.getNote());
            if (!note.verifiedBy(key)) {
                return new Step.Refused(offset, "checkpoint not signed by the log's key " + key.text());
            }
            cp = Checkpoint.parse(note.body());
        } catch (IllegalArgumentException e) {
            return new Step.Refused(offset, "malformed checkpoint note: " + e.getMessage());
        }
        List<byte[]> entries = new ArrayList<>(event.getEntries().size());
        event.getEntries().forEach(b -> entries.add(AvroBytes.toArray(b)));
        long first = event.getFirstIndex();
        if (!cp.origin().equals(event.getOrigin()) || cp.size() != event.getTreeSize()
                || !MessageDigest.isEqual(cp.root(), AvroBytes.toArray(event.getRootHash())) || first < 0
                || first + entries.size() != cp.size()) {
            return new Step.Refused(offset, "event fields (origin, firstIndex " + first + ", " + entries.size()
                    + " entries, treeSize " + event.getTreeSize() + ", rootHash) disagree with its signed checkpoint at size " + cp.size());
        }
        long size = log.size();
        if (cp.size() <= size) {
            return MessageDigest.isEqual(log.treeHash(cp.size()), cp.root()) ? new Step.Known(offset, cp.size())
                    : new Step.Refused(offset, "fork: a signed checkpoint at size " + cp.size() + " has another root than the log's");
        }
        if (first > size) {
            return new Step.Refused(offset, "gap: the checkpoint appends from index " + first + ", the log has " + size + " entries");
        }
        try {
            TiledLog.Replayed replayed = log.appendChecked(entries.subList((int) (size - first), entries.size()), event.getNote());
            if (replayed instanceof TiledLog.Replayed.Mismatch m) {
                return new Step.Refused(offset, m.detail());
            }
            return new Step.Appended(offset, cp.size(), event.getNote());
        } catch (IOException e) {
            throw new UncheckedIOException("log " + key.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies every LogCheckpoint of partition 0 of {@code topic} from {@code fromOffset} up to the end
     * it has now (committed transactions only). Stops at the first refusal, which it returns.
     *
     * @return the next offset to read, and the refusal if any
     */
    public CatchUp catchUp(KafkaConnection kafka, String topic, long fromOffset, Consumer<Step> steps) {
        List<Step.Refused> refused = new ArrayList<>(1);
        long next = LogReader.toEnd(kafka, "log-" + key.name(), LogSource.first(topic), fromOffset, e -> {
            Step step = applyRecord(e);
            steps.accept(step);
            if (step instanceof Step.Refused r) {
                refused.add(r);
                return false;
            }
            return true;
        }).values().iterator().next();
        return new CatchUp(next, refused.isEmpty() ? null : refused.get(0));
    }

    /** Where {@link #catchUp} stopped: the next offset, and the refusal that stopped it (null when it read to the end). */
    public record CatchUp(long nextOffset, Step.Refused refused) {}

    /**
     * Follows partition 0 of {@code topic} from {@code fromOffset} on a daemon thread, handing every
     * step to {@code steps} (on that thread). A refusal is handed on and the replay goes on with the
     * next event: the follower decides what a refused checkpoint means.
     */
    public PartitionFollower follow(KafkaConnection kafka, String topic, long fromOffset, Consumer<Step> steps) {
        return PartitionFollower.start(kafka, topic, fromOffset, "log-" + key.name(), e -> steps.accept(applyRecord(e)));
    }

    private Step applyRecord(LogEvent e) {
        LogEvent.Decoded d = e.decoded();
        if (d instanceof LogEvent.Undecodable u) {
            return new Step.Refused(e.offset(), "undecodable event: " + u.why());
        }
        if (!(d instanceof LogEvent.Event ev)) {
            return new Step.Refused(e.offset(), "undecodable event: no value");
        }
        if (!(ev.event() instanceof LogCheckpoint cp)) {
            return new Step.Refused(e.offset(), "not a LogCheckpoint but a " + ev.event().getClass().getSimpleName());
        }
        return apply(e.offset(), cp);
    }

}
