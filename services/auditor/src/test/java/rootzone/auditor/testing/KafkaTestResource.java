package rootzone.auditor.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import rootzone.kafka.EmbeddedKafkaBroker;

/** A real single-node KRaft broker (kafka-embedded) for the test JVM; the auditor is pointed at it. */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String bootstrap;
    private EmbeddedKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        broker = EmbeddedKafkaBroker.temporary().start();
        bootstrap = broker.bootstrapServers();
        return Map.of("kafka.bootstrap.servers", bootstrap);
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Where the broker listens, for tests that write events themselves. */
    public static String bootstrapServers() {
        return bootstrap;
    }
}
