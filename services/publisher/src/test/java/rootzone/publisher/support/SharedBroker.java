package rootzone.publisher.support;

import org.apache.kafka.clients.admin.Admin;
import rootzone.eventlog.KafkaClients;
import rootzone.eventlog.TopicProvisioner;
import rootzone.kafka.EmbeddedKafkaBroker;

/**
 * One real KRaft broker per test JVM, shared by the plain tests and the Quarkus test resource (a
 * broker per class costs ~3 s and ~300 MB), with the contract's topics created.
 */
public final class SharedBroker {

    private static EmbeddedKafkaBroker broker;

    public static synchronized String bootstrap() {
        if (broker == null) {
            EmbeddedKafkaBroker b = EmbeddedKafkaBroker.temporary().start();
            try (Admin admin = KafkaClients.admin(b.bootstrapServers())) {
                TopicProvisioner.ensure(admin);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(b::close, "shared-broker-stop"));
            broker = b;
        }
        return broker.bootstrapServers();
    }

    private SharedBroker() {}
}
