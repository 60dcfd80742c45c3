package rootzone.tlog.note;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import rootzone.tlog.merkle.Hashes;
import rootzone.tlog.merkle.MerkleProofs;

/**
 * A c2sp.org/tlog-proof@v1 bundle: optional opaque extra data, the entry's index, its inclusion
 * proof (RFC 6962 §2.1.1 audit path, one base64 hash per line), an empty line, then the (cosigned)
 * checkpoint verbatim. Enough for an offline verifier with the entry and a policy.
 */
public record ProofBundle(Optional<byte[]> extra, long index, List<byte[]> proof, String checkpoint) {

    public static final String HEADER = "c2sp.org/tlog-proof@v1";

    public ProofBundle {
        extra = extra.map(byte[]::clone);
        proof = proof.stream().map(byte[]::clone).toList();
        if (index < 0) {
            throw new IllegalArgumentException("index " + index);
        }
        for (byte[] h : proof) {
            if (h.length != Hashes.SIZE) {
                throw new IllegalArgumentException("proof hashes are 32 bytes");
            }
        }
        SignedNote.parse(checkpoint);
    }

    /** The outcome of {@link #verify}. */
    public sealed interface Result {
        record Proven(Checkpoint checkpoint, long index, Set<String> witnesses) implements Result {}

        record NotProven(String reason) implements Result {}
    }

    public String text() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        extra.ifPresent(e -> sb.append("extra ").append(Base64.getEncoder().encodeToString(e)).append('\n'));
        sb.append("index ").append(index).append('\n');
        proof.forEach(h -> sb.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        return sb.append('\n').append(checkpoint).toString();
    }

    /** @throws IllegalArgumentException when the text is not a tlog-proof@v1 bundle */
    public static ProofBundle parse(String text) {
        int blank = text.indexOf("\n\n");
        if (!text.startsWith(HEADER + "\n") || blank < 0) {
            throw new IllegalArgumentException("not a " + HEADER + " bundle");
        }
        String[] lines = text.substring(0, blank).split("\n", -1);
        int i = 1;
        Optional<byte[]> extra = Optional.empty();
        try {
            if (i < lines.length && lines[i].startsWith("extra ")) {
                extra = Optional.of(Base64.getDecoder().decode(lines[i].substring(6)));
                i++;
            }
            if (i >= lines.length || !lines[i].matches("index (0|[1-9][0-9]{0,18})")) {
                throw new IllegalArgumentException("proof bundle: no index line");
            }
            long index = Long.parseLong(lines[i].substring(6));
            List<byte[]> proof = new ArrayList<>();
            for (i++; i < lines.length; i++) {
                proof.add(Base64.getDecoder().decode(lines[i]));
            }
            return new ProofBundle(extra, index, proof, text.substring(blank + 2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("proof bundle malformed: " + e.getMessage(), e);
        }
    }

    /** Verifies offline that the entry is at the index under a checkpoint the policy accepts. */
    public Result verify(byte[] entry, WitnessPolicy policy) {
        SignedNote note = SignedNote.parse(checkpoint);
        WitnessPolicy.Verdict verdict = policy.check(note);
        if (verdict instanceof WitnessPolicy.Verdict.Rejected r) {
            return new Result.NotProven(r.reason());
        }
        WitnessPolicy.Verdict.Accepted ok = (WitnessPolicy.Verdict.Accepted) verdict;
        Checkpoint cp = ok.checkpoint();
        if (!MerkleProofs.verifyInclusion(index, cp.size(), Hashes.leaf(entry), proof, cp.root())) {
            return new Result.NotProven("the entry is not at index " + index + " of the tree of size " + cp.size());
        }
        return new Result.Proven(cp, index, ok.witnesses());
    }
}
