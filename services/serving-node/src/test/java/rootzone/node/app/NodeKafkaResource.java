package rootzone.node.app;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import rootzone.kafka.EmbeddedKafkaBroker;

/**
 * A real KRaft broker (kafka-embedded) and a fresh data directory for the node under test: a local
 * snapshot from an earlier run would name offsets of another broker's log.
 */
public class NodeKafkaResource implements QuarkusTestResourceLifecycleManager {

    static volatile String bootstrap;
    private EmbeddedKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        broker = EmbeddedKafkaBroker.temporary().start();
        bootstrap = broker.bootstrapServers();
        try {
            return Map.of("kafka.bootstrap.servers", bootstrap,
                    "rootzone.node.data-dir", Files.createTempDirectory("node-test-").toString(),
                    "rootzone.node.zone", "app.test.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
