package rootzone.publisher.support;

import org.apache.kafka.clients.admin.Admin;
import rootzone.eventlog.KafkaClients;
import rootzone.eventlog.TopicProvisioner;
import rootzone.kafka.SharedKafkaBroker;

/** The test JVM's shared real broker (kafka-embedded), with the contract's topics provisioned once. */
public final class SharedBroker {

    private static boolean provisioned;

    public static synchronized String bootstrap() {
        String bootstrap = SharedKafkaBroker.bootstrapServers();
        if (!provisioned) {
            try (Admin admin = KafkaClients.admin(bootstrap)) {
                TopicProvisioner.ensure(admin);
            }
            provisioned = true;
        }
        return bootstrap;
    }

    private SharedBroker() {}
}
