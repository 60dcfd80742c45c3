package rootzone.auditor.testing;

import java.util.Map;
import rootzone.kafka.QuarkusKafkaResource;
import rootzone.kafka.access.Role;

/**
 * The auditor under test runs as the auditor role (read-only) and trusts this test JVM's publisher key
 * (made at run time).
 */
public final class AuditorKafkaResource extends QuarkusKafkaResource {

    @Override
    protected Role role() {
        return Role.AUDITOR;
    }

    @Override
    protected Map<String, String> properties() {
        Map<String, String> config = new java.util.HashMap<>(rootzone.eventlog.testing.TestPublisherKey.auditorConfig());
        config.putAll(TestLogKeys.auditorConfig());
        return config;
    }
}
