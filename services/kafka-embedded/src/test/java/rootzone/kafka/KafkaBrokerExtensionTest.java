package rootzone.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerExtensionTest {

    @Test
    void injectsTheSharedBroker(@KafkaBootstrap String bootstrap, EmbeddedKafkaBroker broker) throws Exception {
        assertEquals(broker.bootstrapServers(), bootstrap);
        assertEquals(bootstrap, KafkaBrokerExtension.bootstrapServers());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertEquals(1, admin.describeCluster().nodes().get().size());
        }
    }

    @Nested
    @ExtendWith(KafkaBrokerExtension.class)
    class AnotherClass {
        @Test
        void getsTheSameBroker(EmbeddedKafkaBroker broker, @KafkaBootstrap String bootstrap) {
            assertTrue(broker.isRunning());
            assertSame(broker, broker);
            assertEquals(KafkaBrokerExtension.bootstrapServers(), bootstrap);
        }
    }
}
