package rootzone.kafka.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import rootzone.events.Topics;

/**
 * deploy/kubernetes/kafka-topics.yaml is the output of TopicTable over Topics: on a change of Topics
 * the expected file is written to target/ to copy over.
 */
class TopicTableTest {

    private static final Path MANIFEST = Path.of("../../deploy/kubernetes/kafka-topics.yaml");

    @Test
    void theStrimziKafkaTopicsAreTopics() throws IOException {
        String expected = TopicTable.strimziTopics("rootzone", TopicTable.KUBERNETES_BROKERS);
        String actual = Files.isRegularFile(MANIFEST) ? Files.readString(MANIFEST) : "";
        if (!expected.equals(actual)) {
            Path out = Path.of("target/kafka-topics.yaml");
            Files.writeString(out, expected);
            throw new AssertionError(MANIFEST + " differs from Topics: copy " + out.toAbsolutePath() + " over it");
        }
    }

    @Test
    void everyTopicIsDurableOnThreeBrokers() {
        String yaml = TopicTable.strimziTopics("rootzone", 3);
        assertEquals(Topics.ALL.size(), yaml.split("\nkind: KafkaTopic\n", -1).length - 1);
        assertEquals(Topics.ALL.size(), yaml.split("\n  replicas: 3\n", -1).length - 1);
        assertEquals(Topics.ALL.size(), yaml.split("\n    min.insync.replicas: \"2\"\n", -1).length - 1);
        assertEquals(Topics.ALL.size(), yaml.split("\n    unclean.leader.election.enable: \"false\"\n", -1).length - 1);
    }

    @Test
    void aSingleBrokerClusterGetsOneReplicaAndOneInSync() {
        String yaml = TopicTable.strimziTopics("rootzone", 1);
        assertTrue(yaml.contains("\n  replicas: 1\n") && !yaml.contains("\n  replicas: 3\n"), yaml);
        assertTrue(yaml.contains("min.insync.replicas: \"1\""), yaml);
    }
}
