package rootzone.publisher.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.opentest4j.TestAbortedException;
import rootzone.coordination.model.sign.TestMaintainer;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.testsupport.ExternalTools;

/**
 * For @QuarkusTest: the shared real broker, a drop directory, and, when Knot is installed, a real
 * Knot primary for zone xfr.example. that NOTIFYs the publisher. Zones configured: example. (HTTP),
 * drop.example. (drop directory), xfr.example. (zone transfer); the root is moved out of the way.
 */
public final class PublisherTestResource implements QuarkusTestResourceLifecycleManager {

    public static volatile KnotPrimary knot;
    public static volatile Path dropDir;
    public static volatile String knotSkipped;

    /**
     * The maintainer the publisher under test trusts (its anchor names it for example., gates.example. and
     * imports.example.),
     * kept in a directory named by a system property so the test's class loader finds the same key.
     */
    public static TestMaintainer maintainer() {
        return TestMaintainer.shared("publisher", TestMaintainer.IDENTITY, "example.", "gates.example.", "imports.example.");
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put(KafkaConnection.CONFIG_FILE_PROPERTY, SharedKafkaBroker.credentialsFile(Role.PUBLISHER).toString());
        config.put("rootzone.publisher.zones.root.origin", "root-moved-away.test.");
        config.put("rootzone.publisher.zones.ex.origin", "example.");
        config.put("rootzone.publisher.zones.ex.zonemd", "verify-if-present");
        config.put("rootzone.publisher.zones.ex.blast-radius", "0.05");
        config.put("rootzone.publisher.zones.gates.origin", "gates.example.");
        config.put("rootzone.publisher.zones.imports.origin", "imports.example.");
        config.put("rootzone.publisher.snapshot-interval", "3");
        // Small limits, so the tests of bounded input need no big files.
        config.put("rootzone.publisher.limits.max-bytes", Long.toString(4 << 20));
        config.put("rootzone.publisher.limits.max-records", "20000");
        config.put("rootzone.publisher.limits.max-generate", "10000");
        config.put("rootzone.publisher.limits.max-generated-total", "10000");
        config.put("rootzone.publisher.trust-anchor", maintainer().anchorFile().toString());
        config.putAll(rootzone.eventlog.testing.TestPublisherKey.publisherConfig());
        try {
            dropDir = Files.createTempDirectory("publisher-drop");
            config.put("rootzone.publisher.zones.drop.origin", "drop.example.");
            config.put("rootzone.publisher.zones.drop.drop-dir", dropDir.toString());
            int notifyPort = ExternalTools.freePort();
            try {
                knot = KnotPrimary.start(Files.createTempDirectory("publisher-knot"), "xfr.example.",
                        TestZones.text("xfr.example.", 2024020100, 100, java.util.Set.of()), notifyPort, true);
                config.put("rootzone.publisher.zones.xfr.origin", "xfr.example.");
                config.put("rootzone.publisher.zones.xfr.primary.address", "127.0.0.1");
                config.put("rootzone.publisher.zones.xfr.primary.port", Integer.toString(knot.port()));
                config.put("rootzone.publisher.zones.xfr.primary.tsig.name", KnotPrimary.KEY_NAME);
                config.put("rootzone.publisher.zones.xfr.primary.tsig.algorithm", "hmac-sha256");
                config.put("rootzone.publisher.zones.xfr.primary.tsig.secret", KnotPrimary.KEY_SECRET);
                config.put("rootzone.publisher.zones.xfr.primary.min-refresh", "1s");
                config.put("rootzone.publisher.notify.address", "127.0.0.1");
                config.put("rootzone.publisher.notify.port", Integer.toString(notifyPort));
            } catch (TestAbortedException skipped) {
                knotSkipped = skipped.getMessage();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the publisher test environment: " + e, e);
        }
        return config;
    }

    @Override
    public void stop() {
        if (knot != null) {
            try {
                knot.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
