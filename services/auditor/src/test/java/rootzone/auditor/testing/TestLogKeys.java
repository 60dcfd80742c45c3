package rootzone.auditor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import rootzone.auditor.tlog.LogNames;
import rootzone.tlog.note.NoteKeys;
import rootzone.tlog.note.NoteSigner;

/**
 * The log operators' and witnesses' note keys of one test JVM, generated at run time into a temp
 * directory (signer keys 0600), as ./rootzone up writes {@code <data>/keys/log-<name>.key|.vkey}: the
 * auditor under test is configured with the verifier keys, the tests sign with the signer keys. Found
 * again through a system property by Quarkus's second class loader.
 */
public final class TestLogKeys {

    private static final String PROPERTY = "rootzone.test.log-keys";
    /** The logs whose operator keys exist: the audited test zones' and the coordination log. */
    public static final List<String> LOGS = List.of("root", "test", "root-servers.net", "tlog-ok", "tlog-lie", "tlog-tamper",
            "tlog-omit", "tlog-gap", "tlog-fork", "tlog-ghost", "tlog-restart", LogNames.COORDINATION);
    /** The witnesses (node ids) whose keys exist and are configured. */
    public static final List<String> WITNESSES = List.of("node-w");

    private static final Path DIR;

    static {
        try {
            String inherited = System.getProperty(PROPERTY);
            if (inherited != null) {
                DIR = Path.of(inherited);
            } else {
                DIR = Files.createTempDirectory("rootzone-test-log-keys-");
                for (String log : LOGS) {
                    write("log-" + log, NoteSigner.generate(LogNames.origin(LogNames.DEFAULT_PREFIX, log), NoteKeys.ED25519));
                }
                for (String w : WITNESSES) {
                    write("witness-" + w, NoteSigner.generate(witnessName(w), NoteKeys.COSIGNATURE_V1));
                }
                System.setProperty(PROPERTY, DIR.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(String base, NoteSigner signer) throws IOException {
        Path key = DIR.resolve(base + ".key");
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, signer.text() + "\n", StandardCharsets.UTF_8);
        Files.writeString(DIR.resolve(base + ".vkey"), signer.verifierKey().text() + "\n", StandardCharsets.UTF_8);
    }

    public static String witnessName(String nodeId) {
        return LogNames.DEFAULT_PREFIX + "/witness/" + nodeId;
    }

    public static NoteSigner logSigner(String log) {
        return read(DIR.resolve("log-" + log + ".key"));
    }

    public static NoteSigner witnessSigner(String nodeId) {
        return read(DIR.resolve("witness-" + nodeId + ".key"));
    }

    public static Path vkeyFile(String log) {
        return DIR.resolve("log-" + log + ".vkey");
    }

    /** What the auditor under test is given: every log's and witness's verifier key file. */
    public static Map<String, String> auditorConfig() {
        return Map.of("rootzone.auditor.log-keys", LOGS.stream().map(l -> vkeyFile(l).toString()).collect(Collectors.joining(",")),
                "rootzone.auditor.witness-keys", WITNESSES.stream().map(w -> DIR.resolve("witness-" + w + ".vkey").toString())
                        .collect(Collectors.joining(",")));
    }

    private static NoteSigner read(Path file) {
        try {
            return NoteSigner.parse(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestLogKeys() {}
}
