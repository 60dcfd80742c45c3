package rootzone.auditor.testing;

import java.util.Map;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.kafka.QuarkusKafkaResource;

/** The shared real broker, and the auditor trusting this test JVM's publisher key (made at run time). */
public class AuditorKafkaResource extends QuarkusKafkaResource {

    @Override
    protected Map<String, String> properties(String bootstrapServers) {
        return TestPublisherKey.auditorConfig();
    }
}
