package rootzone.coordination;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import rootzone.kafka.EmbeddedKafkaBroker;

/** A real in-process KRaft broker for the test JVM. */
public class EmbeddedKafkaResource implements QuarkusTestResourceLifecycleManager {

    static volatile String bootstrap;
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
}
