package rootzone.tlog.witness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import rootzone.tlog.merkle.MerkleProofs;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.NoteKeys;
import rootzone.tlog.note.NoteSignature;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.note.VerifierKey;
import rootzone.tlog.tile.AtomicFile;

/**
 * A witness of one log (C2SP tlog-witness semantics, without the HTTP): it cosigns a checkpoint only
 * if the log signed it and it is consistent with the last checkpoint it cosigned, so it never cosigns
 * two trees of one size with different roots, nor a smaller tree after a larger one. Its state, the
 * body of that last checkpoint, lives in one small file, written (atomically) before the cosignature
 * is handed out: a crash can lose a cosignature, never the memory of having given it.
 */
public final class Witness {

    private final Path stateFile;
    private final NoteSigner cosigner;
    private final VerifierKey log;
    private final Clock clock;
    private Checkpoint last;

    /** Why a checkpoint was not cosigned. */
    public enum Refusal {
        /** Not a signed note or not a checkpoint. */
        MALFORMED,
        /** Not signed by the log's key, or another origin. */
        BAD_SIGNATURE,
        /** The caller's old size is not the witness's: fetch a proof from {@link Refused#knownSize()}. */
        OLD_SIZE_MISMATCH,
        /** A smaller tree than the one cosigned before. */
        ROLLBACK,
        /** The size cosigned before, with another root. */
        FORK,
        /** The consistency proof does not hold. */
        INCONSISTENT
    }

    public sealed interface Result {
        /** The cosignature, and its line ready to append to the note. */
        record Cosigned(Checkpoint checkpoint, NoteSignature cosignature) implements Result {
            public String line() {
                return cosignature.line();
            }
        }

        record Refused(Refusal refusal, String detail, long knownSize) implements Result {}
    }

    /**
     * @param stateFile where the last cosigned checkpoint is kept (read now if present)
     * @param cosigner  the witness key, type 0x04
     * @param log       the log's verifier key (type 0x01), its name the log's origin
     * @throws IOException when the state file cannot be read or is not this log's checkpoint
     */
    public Witness(Path stateFile, NoteSigner cosigner, VerifierKey log, Clock clock) throws IOException {
        if (cosigner.type() != NoteKeys.COSIGNATURE_V1 || log.type() != NoteKeys.ED25519) {
            throw new IllegalArgumentException("a witness cosigns with a type 0x04 key logs that sign with type 0x01");
        }
        this.stateFile = stateFile;
        this.cosigner = cosigner;
        this.log = log;
        this.clock = clock;
        if (Files.exists(stateFile)) {
            try {
                last = Checkpoint.parse(Files.readString(stateFile, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IOException(stateFile + " is not a checkpoint: " + e.getMessage(), e);
            }
            if (!last.origin().equals(log.name())) {
                throw new IOException(stateFile + " holds a checkpoint of " + last.origin() + ", not of " + log.name());
            }
        }
    }

    /** The witness's verifier key text (type 0x04), what {@code GET /witness/vkey} serves. */
    public VerifierKey verifierKey() {
        return cosigner.verifierKey();
    }

    public synchronized Optional<Checkpoint> lastCosigned() {
        return Optional.ofNullable(last);
    }

    /**
     * Cosigns a signed checkpoint of the log.
     *
     * @param oldSize the size the consistency proof starts from: must be the witness's last cosigned size (0 for none)
     * @param proof   RFC 9162 §2.1.4 consistency proof from oldSize to the new checkpoint's size
     * @throws IOException when the state cannot be saved (nothing cosigned then)
     */
    public synchronized Result cosign(String signedCheckpoint, long oldSize, List<byte[]> proof) throws IOException {
        SignedNote note;
        Checkpoint cp;
        try {
            note = SignedNote.parse(signedCheckpoint);
            cp = Checkpoint.parse(note.body());
        } catch (IllegalArgumentException e) {
            return refuse(Refusal.MALFORMED, e.getMessage());
        }
        if (!cp.origin().equals(log.name()) || !note.verifiedBy(log)) {
            return refuse(Refusal.BAD_SIGNATURE, "not signed by " + log.name());
        }
        long known = last == null ? 0 : last.size();
        if (last != null && cp.size() < last.size()) {
            return refuse(Refusal.ROLLBACK, "size " + cp.size() + " is smaller than the cosigned " + last.size());
        }
        if (last != null && cp.size() == last.size() && !Arrays.equals(cp.root(), last.root())) {
            return refuse(Refusal.FORK, "size " + cp.size() + " was cosigned with another root");
        }
        if (oldSize != known) {
            return refuse(Refusal.OLD_SIZE_MISMATCH, "proof from size " + oldSize + ", the last cosigned size is " + known);
        }
        if (last != null && !MerkleProofs.verifyConsistency(last.size(), cp.size(), last.root(), cp.root(), proof)) {
            return refuse(Refusal.INCONSISTENT, "no valid consistency proof from size " + last.size() + " to " + cp.size());
        }
        if (last == null && !proof.isEmpty()) {
            return refuse(Refusal.INCONSISTENT, "a proof from size 0 is empty");
        }
        save(cp);
        last = cp;
        return new Result.Cosigned(cp, cosigner.cosign(note.body(), clock.instant().getEpochSecond()));
    }

    private Result refuse(Refusal refusal, String detail) {
        return new Result.Refused(refusal, detail, last == null ? 0 : last.size());
    }

    private void save(Checkpoint cp) throws IOException {
        AtomicFile.replace(stateFile, cp.body().getBytes(StandardCharsets.UTF_8));
    }
}
