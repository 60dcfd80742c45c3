package rootzone.publisher.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import rootzone.eventlog.LastCommitted;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.events.Topics;
import rootzone.kafka.KafkaCluster;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleCredentials;
import rootzone.publisher.gate.Gatekeeper;
import rootzone.publisher.gate.ZonePolicy;
import rootzone.publisher.support.TestZones;

/**
 * A publication on a 3-broker cluster (each broker its own process) survives kill -9 of the leader
 * of the versions partition: the topics have 3 replicas, min.insync.replicas 2 and no unclean leader
 * election, so the version written just after the kill commits whole on the new leader, and nothing
 * acknowledged before is lost.
 */
class LeaderKillTest {

    private static final String ZONE = "cluster.example.";
    private static KafkaCluster cluster;
    private static KafkaConnection publisher;

    @BeforeAll
    static void startCluster(@TempDir Path credentials) {
        cluster = KafkaCluster.temporary(3).start();
        Map<Role, Path> files = RoleCredentials.provision(cluster.adminConnection(), credentials, List.of(Role.PUBLISHER));
        publisher = KafkaConnection.load(files.get(Role.PUBLISHER));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void topicsAreReplicatedAsTopicsDeclares() throws Exception {
        try (Admin admin = Admin.create(cluster.adminConnection().clientProperties())) {
            List<String> names = Topics.ALL.stream().map(Topics.TopicSpec::name).toList();
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
            for (String name : names) {
                topics.get(name).partitions().forEach(p -> assertEquals(3, p.replicas().size(), name));
                Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, name))).all().get()
                        .values().iterator().next();
                assertEquals("2", config.get("min.insync.replicas").value(), name);
                assertEquals("false", config.get("unclean.leader.election.enable").value(), name);
            }
        }
    }

    @Test
    void aPublicationSurvivesKillMinus9OfThePartitionLeader() throws Exception {
        Name origin = Name.fromString(ZONE);
        try (ZonePublisher p = start(origin)) {
            assertEquals(PublishOutcome.Status.PUBLISHED, p.publish(version(1, Set.of()), request()).status());
            int leader = cluster.leaderOf(Topics.VERSIONS, 0);
            cluster.kill(leader); // SIGKILL: no controlled shutdown, its leadership moves only once it is fenced
            long t0 = System.nanoTime();
            PublishOutcome second = p.publish(version(2, Set.of(1)), request());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(PublishOutcome.Status.PUBLISHED, second.status(), "published after the leader's death in " + ms + " ms");
            int newLeader = cluster.leaderOf(Topics.VERSIONS, 0);
            assertNotEquals(leader, newLeader, "another broker leads the partition");
            System.out.printf("leader %d killed; serial 2 published in %d ms on leader %d%n", leader, ms, newLeader);

            LastCommitted last = new VersionLog(publisher, TestPublisherKey.trusted()).lastCommitted(ZONE).orElseThrow();
            assertEquals(2L, last.serial());
            assertEquals(2, last.versions(), "both versions, each once");
            assertTrue(last.intact(), "hash chain and serial links intact");

            // The killed broker comes back, catches up, and a third version commits with all three.
            cluster.start(leader);
            assertEquals(PublishOutcome.Status.PUBLISHED, p.publish(version(3, Set.of(2)), request()).status());
        }
        assertTrue(Files.exists(cluster.layout().dir()), "the cluster keeps its data while it runs");
    }

    @Test
    void aPublicationOnAFrozenLeaderCommitsOnceTheRequestTimesOut() throws Exception {
        Name origin = Name.fromString("frozen." + ZONE);
        try (ZonePublisher p = ZonePublisher.start(publisher, "rootzone-publisher-frozen-leader-test", "publisher-test", origin,
                ZonePolicy.defaults(), 100, Gatekeeper.standard(), PublisherKeys.of(TestPublisherKey.signer()),
                TestPublisherKey.logSettings(), Clock.systemUTC())) {
            assertEquals(PublishOutcome.Status.PUBLISHED, p.publish(version(origin, 1, Set.of()), request()).status());
            int leader = cluster.leaderOf(Topics.VERSIONS, 0);
            // SIGSTOP for 10 s: a hung broker is not dead; it is fenced after broker.session.timeout.ms (6 s),
            // and the producer's request to it is given up after request.timeout.ms (KafkaClients, 10 s).
            cluster.freeze(leader);
            Thread thaw = new Thread(() -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException ignored) {
                    // thawed at once
                }
                cluster.thaw(leader);
            });
            thaw.start();
            long t0 = System.nanoTime();
            PublishOutcome second;
            try {
                second = p.publish(version(origin, 2, Set.of(1)), request());
            } finally {
                thaw.join();
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("leader %d frozen 10 s; serial 2: %s in %d ms%n", leader, second.status(), ms);
            assertEquals(PublishOutcome.Status.PUBLISHED, second.status(), second.summary());
        }
    }

    private static byte[] version(Name origin, long serial, Set<Integer> changed) {
        return TestZones.text(origin.toString(), serial, 50, changed).getBytes(StandardCharsets.US_ASCII);
    }

    private static ZonePublisher start(Name origin) {
        return ZonePublisher.start(publisher, "rootzone-publisher-leader-kill-test", "publisher-test", origin,
                ZonePolicy.defaults(), 100, Gatekeeper.standard(), PublisherKeys.of(TestPublisherKey.signer()), TestPublisherKey.logSettings(), Clock.systemUTC());
    }

    private static byte[] version(long serial, Set<Integer> changed) {
        return TestZones.text(ZONE, serial, 50, changed).getBytes(StandardCharsets.US_ASCII);
    }

    private static PublishRequest request() {
        return PublishRequest.configured("test", "test", Instant.now());
    }
}
