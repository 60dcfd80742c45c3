package rootzone.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import rootzone.events.Topics;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleAcls;
import rootzone.kafka.access.RoleCredentials;

/**
 * The broker's authentication and each role's authorization, against the real (shared, secured)
 * broker: who is refused, and that each role can do exactly what its service needs.
 */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaRolesTest {

    private static final List<String> ZONE_TOPICS = List.of(Topics.VERSIONS, Topics.SNAPSHOTS);

    private static KafkaConnection as(Role role) {
        return SharedKafkaBroker.connection(role);
    }

    /** The cause of a failed Kafka future, or of an exception thrown directly. */
    private static Throwable failure(ThrowingRunnable action) {
        Throwable t = assertThrows(Throwable.class, action::run);
        while ((t instanceof ExecutionException || t.getClass() == org.apache.kafka.common.KafkaException.class) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static Admin admin(KafkaConnection c) {
        Map<String, Object> p = c.clientProperties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 6000);
        return Admin.create(p);
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaConnection c, String transactionalId) {
        Map<String, Object> p = c.clientProperties();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic) {
        return new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8), "forged".getBytes(StandardCharsets.UTF_8));
    }

    /** A plain (idempotent) producer of {@code role} writing one record to {@code topic}. */
    private static Throwable writeFails(Role role, String topic) {
        try (KafkaProducer<byte[], byte[]> p = producer(as(role), null)) {
            return failure(() -> p.send(record(topic)).get());
        }
    }

    private static KafkaConnection withPassword(KafkaConnection c, String user, String password) {
        return c.asScramUser(user, password);
    }

    @Test
    void anAnonymousClientIsRefused() {
        KafkaConnection anonymous = KafkaConnection.plaintext(SharedKafkaBroker.bootstrapServers());
        try (Admin a = admin(anonymous)) {
            // No SASL handshake: the broker drops the connection, the client never gets an answer.
            Throwable t = failure(() -> a.describeCluster().clusterId().get());
            assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, t, t.toString());
        }
        try (KafkaProducer<byte[], byte[]> p = producer(anonymous, null)) {
            Throwable t = failure(() -> p.send(record(Topics.VERSIONS)).get());
            assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, t, t.toString());
        }
    }

    @Test
    void aWrongPasswordAnUnknownUserAndThePlainMechanismAreRefused() {
        KafkaConnection publisher = as(Role.PUBLISHER);
        for (KafkaConnection wrong : List.of(withPassword(publisher, "publisher", "not-the-password"),
                withPassword(publisher, "mallory", "anything"))) {
            try (Admin a = admin(wrong)) {
                Throwable t = failure(() -> a.describeCluster().clusterId().get());
                assertInstanceOf(SaslAuthenticationException.class, t, t.toString());
            }
        }
        // The broker's own PLAIN mechanism is not offered on the client listener.
        Map<String, String> plain = new HashMap<>(publisher.properties());
        plain.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        plain.put(SaslConfigs.SASL_JAAS_CONFIG,
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" password=\"guess\";");
        try (Admin a = admin(KafkaConnection.of(plain))) {
            Throwable t = failure(() -> a.describeCluster().clusterId().get());
            assertInstanceOf(UnsupportedSaslMechanismException.class, t, t.toString());
        }
    }

    @Test
    void aNodeCannotWriteTheZoneTopicsNorAdministerTheCluster() {
        Role node = Role.node("roles-test-node");
        for (String topic : ZONE_TOPICS) {
            Throwable t = writeFails(node, topic);
            assertInstanceOf(TopicAuthorizationException.class, t, topic + ": " + t);
        }
        // Not even in a transaction of its own.
        try (KafkaProducer<byte[], byte[]> p = producer(as(node), RoleAcls.nodeTransactionalId(node.name()))) {
            p.initTransactions();
            p.beginTransaction();
            Throwable t = failure(() -> p.send(record(Topics.VERSIONS)).get());
            assertInstanceOf(TopicAuthorizationException.class, t, t.toString());
        }
        try (Admin a = admin(as(node))) {
            Map<String, String> entity = new HashMap<>();
            entity.put(ClientQuotaEntity.CLIENT_ID, null);
            Throwable quota = failure(() -> a.alterClientQuotas(List.of(new ClientQuotaAlteration(new ClientQuotaEntity(entity),
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1.0))))).all().get());
            assertInstanceOf(ClusterAuthorizationException.class, quota, quota.toString());
            Throwable create = failure(() -> a.createTopics(List.of(new NewTopic("rootzone.node.own", 1, (short) 1))).all().get());
            assertInstanceOf(TopicAuthorizationException.class, create, create.toString());
            Throwable acl = failure(() -> a.createAcls(List.of(new AclBinding(
                    new ResourcePattern(ResourceType.TOPIC, Topics.VERSIONS, PatternType.LITERAL),
                    new AccessControlEntry(node.principal(), "*", AclOperation.WRITE, AclPermissionType.ALLOW)))).all().get());
            assertInstanceOf(ClusterAuthorizationException.class, acl, acl.toString());
        }
    }

    @Test
    void aNodeWritesItsStatusAndRejectionsAsItselfOnly() throws Exception {
        Role node = Role.node("roles-test-writer");
        Role other = Role.node("roles-test-other");
        as(other); // exists
        try (KafkaProducer<byte[], byte[]> p = producer(as(node), RoleAcls.nodeTransactionalId(node.name()))) {
            p.initTransactions();
            p.beginTransaction();
            p.send(record(Topics.NODE_STATUS)).get();
            p.send(record(Topics.REJECTIONS)).get();
            p.commitTransaction();
        }
        // Another node's transactional id is not its own: it cannot fence that node or write as it.
        try (KafkaProducer<byte[], byte[]> p = producer(as(node), RoleAcls.nodeTransactionalId(other.name()))) {
            assertInstanceOf(TransactionalIdAuthorizationException.class, failure(p::initTransactions));
        }
        try (KafkaProducer<byte[], byte[]> p = producer(as(node), RoleAcls.PUBLISHER_TRANSACTIONAL_ID_PREFIX + "-.")) {
            assertInstanceOf(TransactionalIdAuthorizationException.class, failure(p::initTransactions));
        }
        assertInstanceOf(TopicAuthorizationException.class, writeFails(node, Topics.COORDINATION));
    }

    @Test
    void theAuditorReadsEverythingAndCannotWriteAnything() throws Exception {
        KafkaConnection auditor = as(Role.AUDITOR);
        for (Topics.TopicSpec spec : Topics.ALL) {
            // Refused before the topic is even named: with Write on no topic, not even an idempotent
            // producer id is granted (ClusterAuthorizationException).
            Throwable t = writeFails(Role.AUDITOR, spec.name());
            assertInstanceOf(AuthorizationException.class, t, spec.name() + ": " + t);
        }
        for (String txId : List.of(RoleAcls.PUBLISHER_TRANSACTIONAL_ID_PREFIX + "-.", RoleAcls.COORDINATION_TRANSACTIONAL_ID,
                RoleAcls.nodeTransactionalId("node-1"), "rootzone-auditor")) {
            try (KafkaProducer<byte[], byte[]> p = producer(auditor, txId)) {
                assertInstanceOf(TransactionalIdAuthorizationException.class, failure(p::initTransactions), txId);
            }
        }
        try (Admin a = admin(auditor)) {
            assertInstanceOf(TopicAuthorizationException.class,
                    failure(() -> a.createTopics(List.of(new NewTopic("rootzone.auditor.own", 1, (short) 1))).all().get()));
            assertInstanceOf(TopicAuthorizationException.class,
                    failure(() -> a.deleteTopics(List.of(Topics.VERSIONS)).all().get()));
        }
        Map<String, Object> p = auditor.clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (Topics.TopicSpec spec : Topics.ALL) {
                c.partitionsFor(spec.name()).forEach(i -> all.add(new TopicPartition(i.topic(), i.partition())));
            }
            assertEquals(Topics.ALL.stream().mapToInt(Topics.TopicSpec::partitions).sum(), all.size());
            c.assign(all);
            c.seekToBeginning(all);
            all.forEach(c::position); // a Fetch/ListOffsets per partition: authorized
        }
    }

    @Test
    void thePublisherRunsItsTransactionAndWritesOnlyTheZoneTopics() throws Exception {
        KafkaConnection publisher = as(Role.PUBLISHER);
        String marker = "publisher-tx-" + UUID.randomUUID();
        try (KafkaProducer<byte[], byte[]> p = producer(publisher, RoleAcls.PUBLISHER_TRANSACTIONAL_ID_PREFIX + "-roles-test")) {
            p.initTransactions();
            p.beginTransaction();
            for (String topic : List.of(Topics.VERSIONS, Topics.SNAPSHOTS, Topics.REJECTIONS)) {
                p.send(new ProducerRecord<>(topic, marker.getBytes(StandardCharsets.UTF_8), new byte[] {1}));
            }
            p.commitTransaction();
        }
        Map<String, Object> c = as(Role.AUDITOR).clientProperties();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.VERSIONS, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            boolean found = false;
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    found |= marker.equals(new String(r.key(), StandardCharsets.UTF_8));
                }
            }
            assertTrue(found, "the committed transaction is visible to read_committed readers");
        }
        for (String topic : List.of(Topics.NODE_STATUS, Topics.COORDINATION)) {
            assertInstanceOf(TopicAuthorizationException.class, writeFails(Role.PUBLISHER, topic), topic);
        }
        try (KafkaProducer<byte[], byte[]> p = producer(publisher, RoleAcls.nodeTransactionalId("node-1"))) {
            assertInstanceOf(TransactionalIdAuthorizationException.class, failure(p::initTransactions));
        }
    }

    @Test
    void coordinationAndAdminWriteNoZoneTopic() {
        for (String topic : List.of(Topics.VERSIONS, Topics.SNAPSHOTS, Topics.REJECTIONS, Topics.NODE_STATUS)) {
            assertInstanceOf(TopicAuthorizationException.class, writeFails(Role.COORDINATION, topic), topic);
        }
        // The admin writes no topic at all, so not even an idempotent producer id is granted to it.
        for (Topics.TopicSpec spec : Topics.ALL) {
            assertInstanceOf(ClusterAuthorizationException.class, writeFails(Role.ADMIN, spec.name()), spec.name());
        }
    }

    @Test
    void eachPrincipalHoldsExactlyTheTableAndAStrayGrantIsRemoved() throws Exception {
        Role node = Role.node("roles-test-stray");
        as(node);
        KafkaConnection admin = as(Role.ADMIN);
        AclBinding stray = new AclBinding(new ResourcePattern(ResourceType.TOPIC, Topics.VERSIONS, PatternType.LITERAL),
                new AccessControlEntry(node.principal(), "*", AclOperation.WRITE, AclPermissionType.ALLOW));
        try (Admin a = admin(admin)) {
            a.createAcls(List.of(stray)).all().get();
            RoleCredentials.ensure(a, admin, SharedKafkaBroker.credentialsFile(node), node);
            for (Role role : List.of(Role.ADMIN, Role.PUBLISHER, Role.AUDITOR, Role.COORDINATION, node)) {
                as(role);
                KafkaFuture<java.util.Collection<AclBinding>> acls = a.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY,
                        new AccessControlEntryFilter(role.principal(), null, AclOperation.ANY, AclPermissionType.ANY))).values();
                assertEquals(new HashSet<>(RoleAcls.bindings(role)), new HashSet<>(acls.get()), role.name());
            }
        }
        // The same credentials file still authenticates: its password was kept.
        try (Admin a = admin(as(node))) {
            a.describeCluster().clusterId().get();
        }
        Set<String> users = new HashSet<>();
        try (Admin a = admin(admin)) {
            a.describeUserScramCredentials().all().get().keySet().forEach(users::add);
        }
        assertTrue(users.containsAll(List.of("admin", "publisher", "auditor", "coordination", node.name())), users.toString());
        assertTrue(!users.contains("broker"), "the broker's own identity is not a SCRAM user: " + users);
        assertEquals("SASL_PLAINTEXT", admin.properties().get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG));
    }
}
