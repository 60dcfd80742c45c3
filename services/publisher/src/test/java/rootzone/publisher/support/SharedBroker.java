package rootzone.publisher.support;

import org.apache.kafka.clients.admin.Admin;
import rootzone.eventlog.KafkaClients;
import rootzone.eventlog.TopicProvisioner;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;

/** The test JVM's shared real broker (kafka-embedded), with the contract's topics provisioned once. */
public final class SharedBroker {

    private static boolean provisioned;

    /** A connection as {@code role}, once the topics exist. */
    public static synchronized KafkaConnection connection(Role role) {
        if (!provisioned) {
            try (Admin admin = KafkaClients.admin(SharedKafkaBroker.connection(Role.ADMIN))) {
                TopicProvisioner.ensure(admin);
            }
            provisioned = true;
        }
        return SharedKafkaBroker.connection(role);
    }

    /** The publisher's connection: what the publisher under test runs as. */
    public static KafkaConnection publisher() {
        return connection(Role.PUBLISHER);
    }

    private SharedBroker() {}
}
