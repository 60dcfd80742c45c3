package rootzone.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
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
import rootzone.events.Topics;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleCredentials;

/** The persistent flavour: data, cluster id and credentials survive a restart, on the same port. */
class EmbeddedKafkaBrokerTest {

    @Test
    void persistentBrokerKeepsDataClusterIdAndCredentialsAcrossRestart(@TempDir Path dir) throws Exception {
        int port = EmbeddedKafkaBroker.freePort();
        Path credentials = dir.resolve("credentials");
        Path adminFile = credentials.resolve("admin.properties");
        String clusterId;
        KafkaConnection publisher;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.persistent(dir.resolve("kafka"), port, adminFile).start()) {
            assertEquals("127.0.0.1:" + port, broker.bootstrapServers());
            clusterId = broker.clusterId();
            assertEquals(broker.adminConnection(), KafkaConnection.load(adminFile));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(adminFile)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("kafka/server.properties"))),
                    "the broker's own password is in it");
            publisher = RoleCredentials.provision(broker.adminConnection(), credentials, List.of(Role.PUBLISHER)).values().stream()
                    .map(KafkaConnection::load).findFirst().orElseThrow();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.resolve("publisher.properties"))));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
            try (Admin admin = Admin.create(broker.adminConnection().clientProperties())) {
                assertEquals(clusterId, admin.describeCluster().clusterId().get());
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(publisher.clientProperties(),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.REJECTIONS, "k", "survives a restart")).get();
            }
        }
        assertTrue(Files.exists(dir.resolve("kafka/metadata/meta.properties")), "a persistent broker keeps its data");

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.persistent(dir.resolve("kafka"), port, adminFile).start()) {
            assertEquals(clusterId, broker.clusterId(), "not re-formatted");
            assertEquals(KafkaConnection.load(adminFile), broker.adminConnection(), "the admin keeps its password");
            // The role's SCRAM credential and ACLs are in the metadata log: the same file still works.
            Map<String, Object> p = publisher.clientProperties();
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
                TopicPartition tp = new TopicPartition(Topics.REJECTIONS, 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                var records = consumer.poll(Duration.ofSeconds(10));
                assertEquals(List.of("survives a restart"), records.records(tp).stream().map(ConsumerRecord::value).toList());
            }
        }
    }

    @Test
    void temporaryBrokerDeletesItsDataAndNeverAutoCreatesTopics() throws Exception {
        Path data;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.temporary().start()) {
            data = broker.dataDir();
            assertThrows(IllegalStateException.class, broker::start, "started twice");
            // The admin may create topics, so a metadata request of its producer would auto-create one
            // if the broker allowed it.
            Map<String, Object> p = broker.adminConnection().clientProperties();
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1500");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                assertThrows(Exception.class, () -> producer.partitionsFor("rootzone.typo.topic"), "topics are not auto-created");
            }
            try (Admin admin = Admin.create(broker.adminConnection().clientProperties())) {
                assertFalse(admin.listTopics().names().get().contains("rootzone.typo.topic"));
            }
        }
        assertFalse(Files.exists(data));
    }
}
