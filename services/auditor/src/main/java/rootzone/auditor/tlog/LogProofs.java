package rootzone.auditor.tlog;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.ProofBundle;
import rootzone.tlog.note.SignedNote;

/** The proofs the auditor serves for one log, against its latest verified checkpoint. */
public final class LogProofs {

    /** An inclusion proof (RFC 9162 §2.1.3.1 PATH), hashes base64, the leaf's sibling first. */
    public record Inclusion(long index, long treeSize, List<String> hashes) {}

    /** A consistency proof (RFC 9162 §2.1.4.1 PROOF) from tree size {@code from} to {@code to}. */
    public record Consistency(long from, long to, List<String> hashes) {}

    /**
     * Which leaf a proof is asked for: a version by its serial, a rejection or coordination event by its
     * SHA-256 (the {@code event-sha256} its entry names: of the event's value as written to Kafka), or a
     * leaf by its index.
     */
    public sealed interface Leaf {
        record OfSerial(long serial) implements Leaf {}

        record OfEvent(byte[] sha256) implements Leaf {
            public OfEvent {
                sha256 = sha256.clone();
            }
        }

        record AtIndex(long index) implements Leaf {}

        /**
         * The leaf asked for by exactly one of serial=, event= (64 hex digits) and index=.
         *
         * @throws IllegalArgumentException for none, several, or a malformed one
         */
        static Leaf of(Long serial, String event, Long index) {
            int given = (serial != null ? 1 : 0) + (event != null ? 1 : 0) + (index != null ? 1 : 0);
            if (given != 1) {
                throw new IllegalArgumentException("give exactly one of serial= (a version), event= (an event's SHA-256, 64 hex digits) and index= (a leaf)");
            }
            if (serial != null) {
                return new OfSerial(serial);
            }
            if (index != null) {
                if (index < 0) {
                    throw new IllegalArgumentException("index= must be 0 or more, not " + index);
                }
                return new AtIndex(index);
            }
            if (!event.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("event= must be the event's SHA-256 as 64 hex digits, not " + event);
            }
            return new OfEvent(java.util.HexFormat.of().parseHex(event));
        }

        /** How the leaf was named, for messages and the bundle's file name. */
        default String describe() {
            if (this instanceof OfSerial s) {
                return "serial " + s.serial();
            }
            if (this instanceof OfEvent e) {
                return "event " + java.util.HexFormat.of().formatHex(e.sha256());
            }
            return "leaf " + ((AtIndex) this).index();
        }
    }

    /**
     * The inclusion of a leaf in the tree of the given size (default: the served checkpoint's).
     *
     * @throws NoSuchElementException when there is no such leaf in that tree
     * @throws IllegalArgumentException for a size the log does not have
     */
    public static Inclusion inclusion(AuditedLog log, Leaf leaf, Long size) {
        long treeSize = size != null ? size : checkpointSize(log);
        long index = index(log, leaf);
        if (index >= treeSize) {
            throw new NoSuchElementException(leaf.describe() + " is leaf " + index + ", not in the tree of size " + treeSize);
        }
        return new Inclusion(index, treeSize, b64(log.tree().inclusionProof(index, treeSize)));
    }

    /** @throws IllegalArgumentException unless 0 ≤ from ≤ to ≤ the log's size */
    public static Consistency consistency(AuditedLog log, long from, long to) {
        if (from < 0 || from > to) {
            throw new IllegalArgumentException("need 0 <= from <= to, not from=" + from + " to=" + to);
        }
        return new Consistency(from, to, b64(log.tree().consistencyProof(from, to)));
    }

    /** The c2sp.org/tlog-proof@v1 bundle of a leaf: its entry, index, audit path and the cosigned checkpoint. */
    public static String bundle(AuditedLog log, Leaf leaf) throws IOException {
        String note = log.checkpoint().orElseThrow(() -> new NoSuchElementException("log " + log.name() + " has no checkpoint yet"));
        long size = Checkpoint.parse(SignedNote.parse(note).body()).size();
        long index = index(log, leaf);
        if (index >= size) {
            throw new NoSuchElementException(leaf.describe() + " is not under the latest checkpoint yet");
        }
        return new ProofBundle(Optional.of(log.tree().entry(index)), index, log.tree().inclusionProof(index, size), note).text();
    }

    private static long index(AuditedLog log, Leaf leaf) {
        Optional<Long> index = leaf instanceof Leaf.OfSerial s ? log.indexOf(s.serial())
                : leaf instanceof Leaf.OfEvent e ? log.indexOfEvent(e.sha256())
                : Optional.of(((Leaf.AtIndex) leaf).index()).filter(i -> i < log.tree().size());
        return index.orElseThrow(() -> new NoSuchElementException(leaf.describe() + " has no leaf in log " + log.name()));
    }

    private static long checkpointSize(AuditedLog log) {
        return log.checkpoint().map(n -> Checkpoint.parse(SignedNote.parse(n).body()).size())
                .orElseThrow(() -> new NoSuchElementException("log " + log.name() + " has no checkpoint yet"));
    }

    private static List<String> b64(List<byte[]> hashes) {
        return hashes.stream().map(h -> Base64.getEncoder().encodeToString(h)).toList();
    }

    private LogProofs() {}
}
