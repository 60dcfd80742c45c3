package rootzone.kafka.access;

/** What every generated Strimzi resource starts with (RoleTable's KafkaUsers, TopicTable's KafkaTopics). */
final class StrimziYaml {

    /** The document separator, apiVersion, kind and metadata of one resource of the Strimzi cluster {@code cluster}. */
    static void header(StringBuilder b, String kind, String name, String cluster) {
        b.append("---\n");
        b.append("apiVersion: kafka.strimzi.io/v1beta2\n");
        b.append("kind: ").append(kind).append('\n');
        b.append("metadata:\n");
        b.append("  name: ").append(name).append('\n');
        b.append("  labels:\n");
        b.append("    strimzi.io/cluster: ").append(cluster).append('\n');
        b.append("    app.kubernetes.io/part-of: rootzone\n");
    }

    private StrimziYaml() {}
}
