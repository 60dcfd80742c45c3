package rootzone.eventlog;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.TopicProvisioner;

/**
 * What a service asks of the cluster besides its events: whether the contract's topics are there
 * (kafka-access TopicProvisioner, with the event log's bounded admin client), and which cluster it is.
 */
public final class LogTopics {

    private LogTopics() {}

    /**
     * Checks that the topics {@code role} uses exist with the contract's partitions and retention.
     *
     * @throws rootzone.kafka.access.KafkaSetupException naming every missing or mismatching topic
     */
    public static void check(KafkaConnection kafka, Role role) {
        try (Admin admin = KafkaClients.admin(kafka)) {
            TopicProvisioner.check(admin, role);
        }
    }

    /** Creates the contract's missing topics (the admin role's work); returns the names created. */
    public static List<String> ensure(KafkaConnection kafka) {
        try (Admin admin = KafkaClients.admin(kafka)) {
            return TopicProvisioner.ensure(admin);
        }
    }

    /** The Kafka cluster's id: a saved position is only valid on the cluster it was read from. */
    public static String clusterId(KafkaConnection kafka) {
        try (Admin admin = KafkaClients.admin(kafka)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the Kafka cluster id: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
