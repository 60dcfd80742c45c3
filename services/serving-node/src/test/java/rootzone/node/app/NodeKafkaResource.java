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
            return Map.of("rootzone.node.data-dir", Files.createTempDirectory("node-test-").toString(),
                    "rootzone.node.zone", "app.test.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
