package rootzone.cli.up;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import rootzone.eventlog.tlog.LogKeys;
import rootzone.eventlog.tlog.LogNames;
import rootzone.tlog.note.NoteSigner;

/**
 * The transparency logs' keys and the nodes' witness keys of a local system, made before any service
 * starts. Each service would make its own key at first start, but then the others could not be told
 * its public key: the nodes witness the root zone's log, and the auditor checks every log's
 * checkpoints and every node's cosignature (docs/transparency-log.md, "The contract").
 *
 * @param rootLog           the root zone log's verifier key, {@code <data>/keys/log-root.vkey}
 * @param coordinationLog   the coordination log's, {@code <data>/keys/log-coordination.vkey}
 * @param witnesses         each node's witness verifier key, {@code <data>/keys/witness-<node>.vkey}
 */
record TransparencyKeys(Path rootLog, Path coordinationLog, List<Path> witnesses) {

    static TransparencyKeys ensure(Path data, List<String> nodeIds) {
        Path keyDir = data.resolve("keys").toAbsolutePath();
        LogNames root = LogNames.zone(LogNames.DEFAULT_PREFIX, ".");
        LogNames coordination = LogNames.coordination(LogNames.DEFAULT_PREFIX);
        LogKeys.ensure(keyDir, root);
        LogKeys.ensure(keyDir, coordination);
        List<Path> witnesses = new ArrayList<>();
        for (String id : nodeIds) {
            // The node's own key file, which the node then reads instead of making one.
            NoteSigner witness = LogKeys.ensureWitness(nodeDataDir(data, id), LogNames.witness(LogNames.DEFAULT_PREFIX, id));
            Path vkey = keyDir.resolve("witness-" + id + ".vkey");
            LogKeys.writeVerifierKey(vkey, witness);
            witnesses.add(vkey);
        }
        return new TransparencyKeys(LogKeys.vkeyFile(keyDir, root), LogKeys.vkeyFile(keyDir, coordination), List.copyOf(witnesses));
    }

    static Path nodeDataDir(Path data, String nodeId) {
        return data.resolve("nodes").resolve(nodeId).toAbsolutePath();
    }

    String auditorLogKeys() {
        return rootLog + "," + coordinationLog;
    }

    String auditorWitnessKeys() {
        return String.join(",", witnesses.stream().map(Path::toString).toList());
    }
}
