package rootzone.kafka.access;

import java.util.Map;
import java.util.TreeMap;
import rootzone.events.Topics;

/**
 * {@link Topics} written out for Kubernetes: one Strimzi KafkaTopic per topic of the event contract,
 * with the partitions, replication factor and configuration that {@link TopicProvisioner} creates on
 * a cluster of the same size. deploy/kubernetes/kafka-topics.yaml is checked against this output by
 * a test, as {@link RoleTable} does for the users, so the Topic Operator and the embedded broker cannot
 * disagree.
 */
public final class TopicTable {

    /** Brokers of the Strimzi cluster in deploy/kubernetes/kafka-cluster.yaml. */
    public static final int KUBERNETES_BROKERS = 3;

    /** Strimzi KafkaTopic resources for every topic on a cluster of {@code brokers} brokers. */
    public static String strimziTopics(String cluster, int brokers) {
        StringBuilder b = new StringBuilder();
        b.append("# rootzone's topics as Strimzi KafkaTopic resources for a cluster of ").append(brokers).append(" brokers: partitions,\n");
        b.append("# replication factor min(3, brokers) and configuration (retention, cleanup, min.insync.replicas,\n");
        b.append("# unclean leader election off) exactly as the services create them. GENERATED from schemas Topics\n");
        b.append("# (TopicTable.strimziTopics in services/kafka-access) and checked by TopicTableTest: change Topics,\n");
        b.append("# not this file.\n");
        for (Topics.TopicSpec spec : Topics.ALL) {
            StrimziYaml.header(b, "KafkaTopic", spec.name(), cluster);
            b.append("spec:\n");
            b.append("  topicName: ").append(spec.name()).append('\n');
            b.append("  partitions: ").append(spec.partitions()).append('\n');
            b.append("  replicas: ").append(Topics.replicationFactor(brokers)).append('\n');
            b.append("  config:\n");
            // Quoted: Kafka topic configs are strings, and "-1" or "false" must not become YAML numbers or booleans.
            for (Map.Entry<String, String> e : new TreeMap<>(Topics.config(spec, brokers)).entrySet()) {
                b.append("    ").append(e.getKey()).append(": \"").append(e.getValue()).append("\"\n");
            }
        }
        return b.toString();
    }

    private TopicTable() {}
}
