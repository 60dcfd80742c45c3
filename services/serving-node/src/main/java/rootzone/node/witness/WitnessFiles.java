package rootzone.node.witness;

import java.nio.file.Path;
import rootzone.eventlog.tlog.LogKeys;
import rootzone.tlog.note.NoteKeys;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.VerifierKey;

/**
 * Where a node keeps its witness (docs/transparency-log.md, "The contract"): the cosigner key
 * {@code <data>/keys/witness.key} (Go's note signer text, type 0x04, mode 0600, made at first start,
 * named {@code <prefix>/witness/<node id>}) and the state of each log it witnesses,
 * {@code <data>/witness/<log name>.state}.
 */
public final class WitnessFiles {

    public static Path keyFile(Path dataDir) {
        return LogKeys.witnessKeyFile(dataDir);
    }

    /** The state file of the log with this origin ({@code <prefix>/log/<name>}): {@code witness/<name>.state}. */
    public static Path stateFile(Path dataDir, String logOrigin) {
        String name = logOrigin.substring(logOrigin.lastIndexOf('/') + 1);
        return dataDir.resolve("witness").resolve(name + ".state");
    }

    public static String witnessName(String originPrefix, String nodeId) {
        return rootzone.eventlog.tlog.LogNames.witness(originPrefix, nodeId);
    }

    /**
     * The node's cosigner key, made when the file is absent.
     *
     * @throws IllegalStateException naming the file when it is readable by others, not a type 0x04 note
     *     signer key, or the key of another witness name (the node does not start)
     */
    public static NoteSigner ensureKey(Path dataDir, String name) {
        return LogKeys.ensureWitness(dataDir, name);
    }

    /** A log's verifier key given as its text or as a file holding it. */
    public static VerifierKey logKey(String textOrFile) {
        try {
            VerifierKey key = LogKeys.readVerifierKey(textOrFile);
            if (key.type() != NoteKeys.ED25519) {
                throw new IllegalArgumentException("type " + key.type() + ", a log signs with type 1");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("rootzone.node.log.key: " + e.getMessage(), e);
        }
    }

    private WitnessFiles() {}
}
