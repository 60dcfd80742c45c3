package rootzone.publisher.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import rootzone.coordination.model.sign.PublicationId;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.kafka.KafkaCluster;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleCredentials;
import rootzone.publisher.gate.Gatekeeper;
import rootzone.publisher.gate.ZonePolicy;
import rootzone.publisher.support.FreezeOnAck;
import rootzone.events.Topics;
import rootzone.publisher.support.TestZones;
import rootzone.zone.ContentDigest;

/**
 * A publication whose commit answer is lost has a definite outcome in the end, never "failed, then
 * committed": the broker (its own process) is frozen (SIGSTOP) just as the commit is asked for, so the
 * publisher answers UNKNOWN with the publication's id, and UNKNOWN again to a retry while the broker is
 * away. Once it is back, the id's status settles to COMMITTED or ABORTED, from the log, the same after
 * a publisher restart; a retry of the same version is then ALREADY_PUBLISHED (or publishes it once if
 * it had aborted), and the log holds that serial exactly once. A broker frozen before the commit is
 * asked for makes it NOT_PUBLISHED: aborted, and it never commits later.
 */
class PublicationOutcomeTest {

    private static final String ZONE = "outcome.example.";
    private static KafkaCluster cluster;
    private static KafkaConnection publisher;

    @BeforeAll
    static void startBroker(@TempDir Path credentials) {
        cluster = KafkaCluster.temporary(1).start();
        Map<Role, Path> files = RoleCredentials.provision(cluster.adminConnection(), credentials, List.of(Role.PUBLISHER));
        Map<String, String> p = new HashMap<>(KafkaConnection.load(files.get(Role.PUBLISHER)).properties());
        p.put("interceptor.classes", FreezeOnAck.class.getName());
        publisher = KafkaConnection.of(p);
    }

    @AfterAll
    static void stopBroker() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aLostCommitAnswerIsUnknownThenSettlesFromTheLog() throws Exception {
        Name origin = Name.fromString(ZONE);
        byte[] v2 = version(2, Set.of(1));
        PublicationId id = new PublicationId(ZONE, 2, ContentDigest.of(TestZones.parse(new String(v2, StandardCharsets.US_ASCII))));
        PublicationStatus settled;
        try (ZonePublisher p = start(origin)) {
            assertEquals(PublishOutcome.Status.PUBLISHED, p.publish(version(1, Set.of()), request()).status());

            FreezeOnAck.arm(Topics.LOG_CHECKPOINTS, () -> cluster.freeze(0));
            long t0 = System.nanoTime();
            PublishOutcome lost = p.publish(v2, request());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            PublishOutcome.Unknown unknown = assertInstanceOf(PublishOutcome.Unknown.class, lost, lost.summary());
            assertEquals(id.toString(), unknown.id());
            System.out.printf("commit answer lost: UNKNOWN after %d ms: %s%n", ms, unknown.summary());

            // The coordinator retries while the broker is still away: unknown again, never "failed".
            PublishOutcome retried = p.publish(v2, request());
            assertEquals(PublishOutcome.Status.UNKNOWN, retried.status(), retried.summary());

            cluster.thaw(0);
            settled = awaitSettled(p, id);
            System.out.printf("after the broker came back: %s%n", settled);
            assertEquals(settled.status() == PublicationStatus.Status.COMMITTED, committedCount(2) == 1,
                    "the status is what the log says: " + settled);

            // Retrying the same version: ALREADY_PUBLISHED if it had committed, else published now; once either way.
            PublishOutcome again = p.publish(v2, request());
            assertEquals(settled.status() == PublicationStatus.Status.COMMITTED
                    ? PublishOutcome.Status.ALREADY_PUBLISHED : PublishOutcome.Status.PUBLISHED, again.status(), again.summary());
            assertEquals(PublishOutcome.Status.ALREADY_PUBLISHED, p.publish(v2, request()).status());
            assertEquals(1, committedCount(2), "serial 2 is in the log exactly once");
            PublicationStatus now = p.status(id);
            assertInstanceOf(PublicationStatus.Committed.class, now);
            if (settled instanceof PublicationStatus.Committed c) {
                assertEquals(c, now, "a committed publication stays committed, at the same offset");
            }
            // The next version follows it.
            assertEquals(PublishOutcome.Status.PUBLISHED, p.publish(version(3, Set.of(2)), request()).status());
        }
        // A restarted publisher answers the same, from the log alone.
        try (ZonePublisher restarted = start(origin)) {
            PublicationStatus after = restarted.status(id);
            assertInstanceOf(PublicationStatus.Committed.class, after, after.toString());
            byte[] never = version(9, Set.of(5));
            PublicationId neverSent = new PublicationId(ZONE, 9,
                    ContentDigest.of(TestZones.parse(new String(never, StandardCharsets.US_ASCII))));
            assertInstanceOf(PublicationStatus.Aborted.class, restarted.status(neverSent));
        }
        assertNotEquals(PublicationStatus.Status.PENDING, settled.status());
    }

    @Test
    void aFailureBeforeTheCommitIsNotPublishedAndNeverCommitsLater() throws Exception {
        String zone = "aborted.example.";
        Name origin = Name.fromString(zone);
        byte[] v2 = TestZones.text(zone, 2, 50, Set.of(1)).getBytes(StandardCharsets.US_ASCII);
        PublicationId id = new PublicationId(zone, 2, ContentDigest.of(TestZones.parse(new String(v2, StandardCharsets.US_ASCII))));
        try (ZonePublisher p = ZonePublisher.start(publisher, "rootzone-publisher-aborted-test", "publisher-test", origin,
                ZonePolicy.defaults(), 100, Gatekeeper.standard(), PublisherKeys.of(TestPublisherKey.signer()),
                TestPublisherKey.logSettings(), Clock.systemUTC())) {
            assertEquals(PublishOutcome.Status.PUBLISHED,
                    p.publish(TestZones.text(zone, 1, 50, Set.of()).getBytes(StandardCharsets.US_ASCII), request()).status());
            // Frozen once the version itself is acknowledged: its log entry and checkpoint never are.
            FreezeOnAck.arm(Topics.VERSIONS, () -> cluster.freeze(0));
            long t0 = System.nanoTime();
            PublishOutcome failed;
            try {
                failed = p.publish(v2, request());
            } finally {
                cluster.thaw(0);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("broker frozen before the commit: %s after %d ms%n", failed.summary(), ms);
            assertEquals(PublishOutcome.Status.NOT_PUBLISHED, failed.status(), failed.summary());
            PublicationStatus settled = awaitSettled(p, id);
            assertInstanceOf(PublicationStatus.Aborted.class, settled, settled.toString());
            Thread.sleep(3000); // time for anything late to commit: nothing may
            assertEquals(0, committedCount(zone, 2), "an aborted publication never commits later");
            assertEquals(PublishOutcome.Status.PUBLISHED, p.publish(v2, request()).status(), "sent again, it is published");
            assertEquals(1, committedCount(zone, 2));
        }
    }

    /** Asks until COMMITTED or ABORTED (the publisher replaces its writer every 5 s until Kafka answers). */
    private static PublicationStatus awaitSettled(ZonePublisher p, PublicationId id) throws InterruptedException {
        PublicationStatus s = p.status(id);
        for (int i = 0; i < 60 && s instanceof PublicationStatus.Pending; i++) {
            Thread.sleep(1000);
            s = p.status(id);
        }
        assertTrue(!(s instanceof PublicationStatus.Pending), "settled within a minute of the broker's return: " + s);
        return s;
    }

    private static long committedCount(long serial) {
        return committedCount(ZONE, serial);
    }

    private static long committedCount(String zone, long serial) {
        return new VersionLog(publisher, TestPublisherKey.trusted()).versions(zone).stream()
                .map(LoggedVersion::serial).filter(s -> s == serial).count();
    }

    private static ZonePublisher start(Name origin) {
        return ZonePublisher.start(publisher, "rootzone-publisher-outcome-test", "publisher-test", origin,
                ZonePolicy.defaults(), 100, Gatekeeper.standard(), PublisherKeys.of(TestPublisherKey.signer()),
                TestPublisherKey.logSettings(), Clock.systemUTC());
    }

    private static byte[] version(long serial, Set<Integer> changed) {
        return TestZones.text(ZONE, serial, 50, changed).getBytes(StandardCharsets.US_ASCII);
    }

    private static PublishRequest request() {
        return PublishRequest.configured("test", "test", Instant.now());
    }
}
