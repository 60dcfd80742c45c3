package rootzone.eventlog.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import rootzone.eventlog.signing.KeyFiles;
import rootzone.eventlog.signing.PublisherSigner;
import rootzone.eventlog.signing.TrustedPublishers;

/**
 * The publisher signing key of one test JVM, generated at test run time into a temp directory (private
 * key 0600): test resources configure the services under test with it, and tests that write versions
 * themselves sign with it. Shared through event-log's test-jar.
 */
public final class TestPublisherKey {

    /**
     * Names the key file once made: a child JVM of a test (given it with -D) and a second class loader
     * of the same JVM sign with the same key.
     */
    public static final String PROPERTY = "rootzone.test.publisher-signing-key";

    private static final Path PRIVATE;
    private static final Path PUBLIC;
    private static final PublisherSigner SIGNER;

    static {
        try {
            String inherited = System.getProperty(PROPERTY);
            Path dir = inherited != null ? Path.of(inherited).getParent() : Files.createTempDirectory("rootzone-test-keys-");
            PRIVATE = dir.resolve("publisher-signing.key");
            PUBLIC = dir.resolve("publisher-signing.pub");
            if (inherited == null) {
                KeyFiles.generate(PRIVATE, PUBLIC);
                // Quarkus loads test classes twice (test resource and test): both must use this key.
                System.setProperty(PROPERTY, PRIVATE.toString());
            }
            SIGNER = new PublisherSigner(KeyFiles.readPrivateKey(PRIVATE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PublisherSigner signer() {
        return SIGNER;
    }

    public static TrustedPublishers trusted() {
        return TrustedPublishers.of(List.of(SIGNER.publicKey()));
    }

    public static Path privateKeyFile() {
        return PRIVATE;
    }

    public static Path publicKeyFile() {
        return PUBLIC;
    }

    /** Configuration of a publisher signing with this key, its log keys made beside it. */
    public static Map<String, String> publisherConfig() {
        return Map.of("rootzone.publisher.signing-key-file", PRIVATE.toString(),
                "rootzone.publisher.log.key-dir", keyDirectory().toString());
    }

    /**
     * The directory of this key: the test JVM's log operators make their log keys here
     * ({@code log-<name>.key}), so a child JVM and a restarted publisher sign with the same log key.
     */
    public static Path keyDirectory() {
        return PRIVATE.getParent();
    }

    /** The log settings of a publisher under test: keys in {@link #keyDirectory()}, tiles in memory (rebuilt from Kafka at each start). */
    public static rootzone.eventlog.tlog.LogSettings logSettings() {
        return new rootzone.eventlog.tlog.LogSettings(rootzone.eventlog.tlog.LogNames.DEFAULT_PREFIX, keyDirectory(), java.util.Optional.empty());
    }

    /** Configuration of a node trusting this key. */
    public static Map<String, String> nodeConfig() {
        return Map.of("rootzone.node.trusted-publisher-keys", PUBLIC.toString());
    }

    /** Configuration of an auditor trusting this key (and importing with it, until imports go through the publisher). */
    public static Map<String, String> auditorConfig() {
        return Map.of("rootzone.auditor.trusted-publisher-keys", PUBLIC.toString());
    }

    private TestPublisherKey() {}
}
