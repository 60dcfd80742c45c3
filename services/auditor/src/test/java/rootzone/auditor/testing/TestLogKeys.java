package rootzone.auditor.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.eventlog.tlog.LogKeys;
import rootzone.eventlog.tlog.LogNames;
import rootzone.tlog.note.NoteKeys;
import rootzone.tlog.note.NoteSigner;

/**
 * The note keys the auditor under test trusts: every test log's operator key, made (as the publisher
 * makes it, event-log's LogKeys) in the test JVM's key directory (TestPublisherKey.keyDirectory(), where
 * the test publishers and log operators sign from), and one witness key per test node, generated at
 * run time beside them (0600).
 */
public final class TestLogKeys {

    /** The zones whose logs the tests write, besides the coordination log. */
    public static final List<String> ZONES = List.of(".", "test.", "root-servers.net.", "tlog-ok.", "tlog-lie.", "tlog-tamper.",
            "tlog-omit.", "tlog-gap.", "tlog-fork.", "tlog-ghost.", "tlog-restart.");
    /** The witnesses (node ids) whose keys exist and are configured. */
    public static final List<String> WITNESSES = List.of("node-w");

    public static LogNames log(String zone) {
        return LogNames.zone(LogNames.DEFAULT_PREFIX, zone);
    }

    public static String witnessName(String nodeId) {
        return LogNames.witness(LogNames.DEFAULT_PREFIX, nodeId);
    }

    /** The node's witness signer key, made once per test JVM (0600, as a node makes its own). */
    public static NoteSigner witnessSigner(String nodeId) {
        NoteSigner signer = LogKeys.ensureSigner(TestPublisherKey.keyDirectory().resolve("witness-" + nodeId + ".key"),
                witnessName(nodeId), NoteKeys.COSIGNATURE_V1, "witness key file", "a test key: delete it");
        LogKeys.writeVerifierKey(witnessVkey(nodeId), signer);
        return signer;
    }

    private static Path witnessVkey(String nodeId) {
        return TestPublisherKey.keyDirectory().resolve("witness-" + nodeId + ".vkey");
    }

    /** What the auditor under test is given: every test log's and witness's verifier key file. */
    public static Map<String, String> auditorConfig() {
        Path dir = TestPublisherKey.keyDirectory();
        Stream<LogNames> logs = Stream.concat(ZONES.stream().map(TestLogKeys::log), Stream.of(LogNames.coordination(LogNames.DEFAULT_PREFIX)));
        String logKeys = logs.map(l -> {
            LogKeys.ensure(dir, l);
            return LogKeys.vkeyFile(dir, l).toString();
        }).collect(Collectors.joining(","));
        String witnessKeys = WITNESSES.stream().map(w -> {
            witnessSigner(w);
            return witnessVkey(w).toString();
        }).collect(Collectors.joining(","));
        return Map.of("rootzone.auditor.log-keys", logKeys, "rootzone.auditor.witness-keys", witnessKeys);
    }

    private TestLogKeys() {}
}
