package rootzone.node.witness;

import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import rootzone.tlog.entry.LogEntry;
import rootzone.tlog.entry.VersionEntry;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.NoteSignature;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.tile.TiledLog;
import rootzone.tlog.witness.Witness;

/**
 * The node as a witness of its zone's log (docs/transparency-log.md, "The witness"). Its own tree of
 * the log's entries grows from the LogCheckpoint events (each verified with the log's key and
 * appended by the replay before {@link #appended} is called); for each version it applied, the node
 * cosigns the checkpoint of the transaction that published it, once the entry at that serial is the
 * version it applied (serial and content digest), with the consistency proof from the last
 * checkpoint it cosigned computed from its own tree. The {@link Witness} refuses forks and rollbacks
 * and remembers, on disk, what it cosigned; a refusal is logged and counted, and the node goes on
 * serving. Cosigning runs after the switch on the node-events thread ({@link VersionCosigner}), never on the
 * materializer's or a DNS thread.
 */
public final class NodeWitness {

    private static final Logger LOG = Logger.getLogger(NodeWitness.class);

    /** What the witness did for one applied version. */
    public sealed interface Outcome {
        /**
         * @param signature the cosignature as NodeApplied carries it: the note line without its em dash, space
         *                  and newline, {@code <witness name> <base64>}
         */
        record Cosigned(long size, byte[] root, String signature) implements Outcome {}

        /** Not cosigned: the log's entry or checkpoint is not one the witness may cosign. */
        record Refused(String reason) implements Outcome {}

        /** No checkpoint of the log includes this version (yet): nothing to cosign. */
        record NotLogged(String reason) implements Outcome {}
    }

    private final Witness witness;
    private final TiledLog tree;
    /** Tree size → the signed checkpoint at that size, for each LogCheckpoint appended. */
    private final TreeMap<Long, String> checkpoints = new TreeMap<>();
    /** Serial → leaf index of the zone's version entries. */
    private final Map<Long, Long> versionIndex = new HashMap<>();
    private long indexed;
    /** Follower polls that found the topic's end, counted to tell "not logged" from "not read yet". */
    private long idlePolls;
    private final AtomicLong cosigned = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile String lastRefusal;

    /** @param tree the node's tree of the log, appended to by the replay that calls {@link #appended} */
    public NodeWitness(Witness witness, TiledLog tree) {
        this.witness = witness;
        this.tree = tree;
    }

    public Witness witness() {
        return witness;
    }

    /** The node's own tree of the log, that the replay appends to. */
    public TiledLog tree() {
        return tree;
    }

    /** The replay appended a checkpoint's entries to the tree: index its version entries. */
    public synchronized void appended(String note) throws IOException {
        long size = tree.size();
        for (long i = indexed; i < size; i++) {
            if (parse(tree.entry(i)) instanceof VersionEntry v) {
                versionIndex.put(v.serial(), i);
            }
        }
        indexed = size;
        checkpoints.put(Checkpoint.parse(SignedNote.parse(note).body()).size(), note);
        notifyAll();
    }

    /** The follower read to the topic's end once more (nothing newer was committed when it looked). */
    public synchronized void idle() {
        idlePolls++;
        notifyAll();
    }

    /**
     * Cosigns the checkpoint that includes the applied version, waiting (at most {@code wait}) for the
     * follower to read it: the checkpoint is committed with the version, so once the follower has
     * been at the topic's end twice after the call, a version without one is not logged.
     */
    public Outcome cosignApplied(long serial, byte[] contentDigest, Duration wait) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            long idleAtStart = idlePolls;
            while (!versionIndex.containsKey(serial) && idlePolls < idleAtStart + 2) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return cosign(serial, contentDigest);
        }
    }

    private synchronized Outcome cosign(long serial, byte[] contentDigest) throws IOException {
        Long index = versionIndex.get(serial);
        if (index == null) {
            return new Outcome.NotLogged("no checkpoint of the log includes serial " + serial + " (log read up to size " + indexed + ")");
        }
        VersionEntry entry = (VersionEntry) parse(tree.entry(index));
        if (!MessageDigest.isEqual(entry.contentSha256(), contentDigest)) {
            return refuse("the log's entry " + index + " for serial " + serial + " has another content digest than the version applied");
        }
        Map.Entry<Long, String> including = checkpoints.higherEntry(index);
        long known = witness.lastCosigned().map(Checkpoint::size).orElse(0L);
        long size = including.getKey();
        // The proof from the witness's size: computed from the node's own tree, not taken from anyone.
        List<byte[]> proof = known == 0 || known > size ? List.of() : tree.consistencyProof(known, size);
        Witness.Result result = witness.cosign(including.getValue(), known, proof);
        if (result instanceof Witness.Result.Refused r) {
            return refuse(r.refusal() + ": " + r.detail() + " (checkpoint of size " + size + " for serial " + serial + ")");
        }
        Witness.Result.Cosigned c = (Witness.Result.Cosigned) result;
        cosigned.incrementAndGet();
        String line = c.line();
        return new Outcome.Cosigned(c.checkpoint().size(), c.checkpoint().root(),
                line.substring(NoteSignature.PREFIX.length(), line.length() - 1));
    }

    private Outcome refuse(String reason) {
        refused.incrementAndGet();
        lastRefusal = reason;
        LOG.errorf("witness refuses to cosign: %s", reason);
        return new Outcome.Refused(reason);
    }

    /** A checkpoint the replay refused (fork, bad signature, gap): reported like the witness's own refusals. */
    public void replayRefused(String reason) {
        refuse("log checkpoint refused: " + reason);
    }

    private static LogEntry parse(byte[] entry) {
        try {
            return LogEntry.parse(entry);
        } catch (IllegalArgumentException e) {
            return null; // not a version entry: nothing the witness looks up
        }
    }

    public long cosignedCount() {
        return cosigned.get();
    }

    public long refusedCount() {
        return refused.get();
    }

    /** The reason of the last refusal, or null. */
    public String lastRefusal() {
        return lastRefusal;
    }
}
