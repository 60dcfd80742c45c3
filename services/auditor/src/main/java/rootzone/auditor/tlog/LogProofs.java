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
     * The inclusion of a serial's version leaf in the tree of the given size (default: the served checkpoint's).
     *
     * @throws NoSuchElementException when the serial has no leaf in that tree
     * @throws IllegalArgumentException for a size the log does not have
     */
    public static Inclusion inclusion(AuditedLog log, long serial, Long size) {
        long treeSize = size != null ? size : checkpointSize(log);
        long index = leaf(log, serial);
        if (index >= treeSize) {
            throw new NoSuchElementException("serial " + serial + " is leaf " + index + ", not in the tree of size " + treeSize);
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

    /** The c2sp.org/tlog-proof@v1 bundle of a serial: its entry, index, audit path and the cosigned checkpoint. */
    public static String bundle(AuditedLog log, long serial) throws IOException {
        String note = log.checkpoint().orElseThrow(() -> new NoSuchElementException("log " + log.name() + " has no checkpoint yet"));
        long size = Checkpoint.parse(SignedNote.parse(note).body()).size();
        long index = leaf(log, serial);
        if (index >= size) {
            throw new NoSuchElementException("serial " + serial + " is not under the latest checkpoint yet");
        }
        return new ProofBundle(Optional.of(log.tree().entry(index)), index, log.tree().inclusionProof(index, size), note).text();
    }

    private static long leaf(AuditedLog log, long serial) {
        return log.indexOf(serial).orElseThrow(() -> new NoSuchElementException("serial " + serial + " has no leaf in log " + log.name()));
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
