package rootzone.cli.log;

import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiFunction;
import rootzone.tlog.merkle.MerkleProofs;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.note.WitnessPolicy;

/**
 * Whether a client may believe a checkpoint: signed by a log of its policy and cosigned by the
 * policy's quorum, and consistent with the last checkpoint it believed (same root at the same size;
 * a consistency proof, RFC 9162 §2.1.4, to a larger one; never a smaller tree). Only a trusted
 * checkpoint replaces the last seen one.
 */
final class CheckpointCheck {

    sealed interface Outcome {
        /** @param previousSize the size of the last checkpoint seen before, if there was one */
        record Trusted(Checkpoint checkpoint, String note, Set<String> witnesses, OptionalLong previousSize) implements Outcome {}

        record Refused(String reason) implements Outcome {}
    }

    /**
     * @param consistency fetches the consistency proof from the first size to the second (not trusted: it is verified)
     */
    static Outcome check(String noteText, WitnessPolicy policy, SeenCheckpoints seen,
                         BiFunction<Long, Long, List<byte[]>> consistency) throws IOException {
        SignedNote note;
        try {
            note = SignedNote.parse(noteText);
        } catch (IllegalArgumentException e) {
            return new Outcome.Refused("not a signed checkpoint: " + e.getMessage());
        }
        WitnessPolicy.Verdict verdict = policy.check(note);
        if (verdict instanceof WitnessPolicy.Verdict.Rejected rejected) {
            return new Outcome.Refused(rejected.reason());
        }
        WitnessPolicy.Verdict.Accepted accepted = (WitnessPolicy.Verdict.Accepted) verdict;
        Checkpoint cp = accepted.checkpoint();
        Optional<SeenCheckpoints.Seen> last = seen.last(cp.origin());
        if (last.isPresent()) {
            Checkpoint old = last.get().checkpoint();
            if (cp.size() < old.size()) {
                return new Outcome.Refused("rollback: tree size " + cp.size() + " is smaller than the " + old.size()
                        + " of the last checkpoint seen (" + last.get().file() + ")");
            }
            if (cp.size() == old.size() && !Arrays.equals(cp.root(), old.root())) {
                return new Outcome.Refused("fork: tree size " + cp.size() + " with root " + b64(cp.root())
                        + ", but the last checkpoint seen has root " + b64(old.root()) + " at that size (" + last.get().file() + ")");
            }
            if (cp.size() > old.size()) {
                List<byte[]> proof = consistency.apply(old.size(), cp.size());
                if (!MerkleProofs.verifyConsistency(old.size(), cp.size(), old.root(), cp.root(), proof)) {
                    return new Outcome.Refused("inconsistent: the tree of size " + cp.size() + " does not extend the last checkpoint seen"
                            + " (size " + old.size() + ", root " + b64(old.root()) + "): the consistency proof fails");
                }
            }
        }
        return new Outcome.Trusted(cp, noteText, accepted.witnesses(),
                last.map(s -> OptionalLong.of(s.checkpoint().size())).orElse(OptionalLong.empty()));
    }

    static String b64(byte[] hash) {
        return Base64.getEncoder().encodeToString(hash);
    }

    /** "cosigned by a, b" or "no witness cosignature required". */
    static String witnesses(Set<String> names) {
        return names.isEmpty() ? "no witness cosignature (the policy requires none)"
                : "cosigned by " + String.join(", ", names.stream().sorted().toList());
    }

    private CheckpointCheck() {}
}
