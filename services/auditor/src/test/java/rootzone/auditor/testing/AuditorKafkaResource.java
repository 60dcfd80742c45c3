package rootzone.auditor.testing;

import java.util.Map;
import rootzone.kafka.QuarkusKafkaResource;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;

/**
 * The auditor under test runs as the auditor role (read-only); its imports write as the publisher, as
 * `rootzone up` configures them; it trusts this test JVM's publisher key (made at run time) and its
 * imports sign with it.
 */
public final class AuditorKafkaResource extends QuarkusKafkaResource {

    @Override
    protected Role role() {
        return Role.AUDITOR;
    }

    @Override
    protected Map<String, String> properties() {
        Map<String, String> config = new java.util.HashMap<>(rootzone.eventlog.testing.TestPublisherKey.auditorConfig());
        config.put("rootzone.auditor.import.kafka-config", SharedKafkaBroker.credentialsFile(Role.PUBLISHER).toString());
        config.putAll(TestLogKeys.auditorConfig());
        return config;
    }
}
