package rootzone.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a @QuarkusTest application at the test JVM's shared real broker:
 * {@code @WithTestResource(value = QuarkusKafkaResource.class, scope = TestResourceScope.GLOBAL)}.
 * Subclass and override {@link #properties(String)} to add service-specific configuration.
 */
public class QuarkusKafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public final Map<String, String> start() {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        Map<String, String> config = new HashMap<>(properties(bootstrap));
        config.put("kafka.bootstrap.servers", bootstrap);
        return config;
    }

    /** Extra configuration for the application under test. */
    protected Map<String, String> properties(String bootstrapServers) {
        return Map.of();
    }

    @Override
    public void stop() {
        // The broker outlives each application: SharedKafkaBroker stops it when the JVM exits.
    }

    public static String bootstrapServers() {
        return SharedKafkaBroker.bootstrapServers();
    }
}
