package rootzone.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerExtensionTest {

    @Test
    void injectsTheSharedBroker(EmbeddedKafkaBroker broker) throws Exception {
        KafkaConnection admin = SharedKafkaBroker.connection(Role.ADMIN);
        assertEquals(broker.bootstrapServers(), admin.bootstrapServers());
        try (Admin client = Admin.create(admin.clientProperties())) {
            assertEquals(1, client.describeCluster().nodes().get().size());
        }
    }

    @Nested
    @ExtendWith(KafkaBrokerExtension.class)
    class AnotherClass {
        @Test
        void getsTheSameBroker(EmbeddedKafkaBroker broker) {
            assertTrue(broker.isRunning());
            assertSame(SharedKafkaBroker.get(), broker);
        }
    }
}
