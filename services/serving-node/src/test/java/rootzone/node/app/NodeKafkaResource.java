package rootzone.node.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import rootzone.kafka.QuarkusKafkaResource;
import rootzone.kafka.access.Role;

/**
 * The shared real broker plus a fresh data directory for the node under test: a local snapshot from
 * an earlier run would name offsets of another broker's log.
 */
public class NodeKafkaResource extends QuarkusKafkaResource {

    /** As the node of %test.rootzone.node.id. */
    @Override
    protected Role role() {
        return Role.node("test-node");
    }

    @Override
    protected Map<String, String> properties() {
        try {
            Map<String, String> config = new java.util.HashMap<>(rootzone.eventlog.testing.TestPublisherKey.nodeConfig());
            config.put("rootzone.node.data-dir", Files.createTempDirectory("node-test-").toString());
            config.put("rootzone.node.zone", "app.test.");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
