package rootzone.node.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import rootzone.kafka.QuarkusKafkaResource;
import rootzone.kafka.access.Role;

/** A node that witnesses the log of witness.test. (key WitnessNodeTest.logKey()), on the shared broker, fresh data directory. */
public class WitnessKafkaResource extends QuarkusKafkaResource {

    @Override
    protected Role role() {
        return Role.node(WitnessNodeTest.NODE_ID);
    }

    @Override
    protected Map<String, String> properties() {
        try {
            Map<String, String> config = new HashMap<>(rootzone.eventlog.testing.TestPublisherKey.nodeConfig());
            config.put("rootzone.node.data-dir", Files.createTempDirectory("witness-node-test-").toString());
            config.put("rootzone.node.id", WitnessNodeTest.NODE_ID);
            config.put("rootzone.node.zone", WitnessNodeTest.ZONE);
            config.put("rootzone.node.log.key", WitnessNodeTest.logKey().verifierKey().text());
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
