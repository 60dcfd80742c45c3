package rootzone.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistent flavour: data and cluster id survive a restart, on the same port. */
class EmbeddedKafkaBrokerTest {

    @Test
    void persistentBrokerKeepsDataAndClusterIdAcrossRestart(@TempDir Path dir) throws Exception {
        int port = EmbeddedKafkaBroker.freePort();
        String clusterId;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.persistent(dir, port).start()) {
            assertEquals("127.0.0.1:" + port, broker.bootstrapServers());
            clusterId = broker.clusterId();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
                assertEquals(clusterId, admin.describeCluster().clusterId().get());
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("kept", "k", "survives a restart")).get();
            }
        }
        assertTrue(Files.exists(dir.resolve("metadata/meta.properties")), "a persistent broker keeps its data");

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.persistent(dir, port).start()) {
            assertEquals(clusterId, broker.clusterId(), "not re-formatted");
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
                TopicPartition tp = new TopicPartition("kept", 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                var records = consumer.poll(java.time.Duration.ofSeconds(10));
                assertEquals(List.of("survives a restart"), records.records(tp).stream().map(ConsumerRecord::value).toList());
            }
        }
    }

    @Test
    void temporaryBrokerDeletesItsDataAndRefusesAutoCreatedTopics() throws Exception {
        Path data;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.temporary().start()) {
            data = broker.dataDir();
            assertThrows(IllegalStateException.class, broker::start, "started twice");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, "1500"),
                    new StringSerializer(), new StringSerializer())) {
                var send = producer.send(new ProducerRecord<>("typo.topic", "v".getBytes(StandardCharsets.UTF_8).length + ""));
                assertThrows(Exception.class, send::get, "topics are not auto-created");
            }
        }
        assertFalse(Files.exists(data));
    }
}
