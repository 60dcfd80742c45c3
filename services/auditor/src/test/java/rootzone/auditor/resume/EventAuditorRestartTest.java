package rootzone.auditor.resume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import rootzone.auditor.replay.EventAuditor;
import rootzone.auditor.replay.NodeApplies;
import rootzone.auditor.replay.RejectionLog;
import rootzone.eventlog.ChainBreak;
import rootzone.eventlog.ChainVerifier;
import rootzone.eventlog.Envelopes;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.VersionWriter;
import rootzone.events.RejectorRole;
import rootzone.events.Topics;
import rootzone.events.VersionRejected;
import rootzone.kafka.KafkaBrokerExtension;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;

/**
 * The event auditor on a real broker, restarted on the same data dir: it continues from its
 * checkpoint (reads only what came after), answers as the first instance did, audits what is written
 * after the restart, and replays from offset 0 when the checkpoint is altered or of another cluster;
 * a checkpoint whose last verified event no longer matches the log is reported as a break.
 */
@ExtendWith(KafkaBrokerExtension.class)
class EventAuditorRestartTest {

    @TempDir
    Path dataDir;

    /** A running EventAuditor with its own aggregates. */
    private record Running(EventAuditor auditor, RejectionLog rejections, Thread thread) {
        void stop() throws InterruptedException {
            auditor.stop();
            thread.join(10_000);
            assertTrue(!thread.isAlive(), "auditor thread did not stop");
        }
    }

    private Running start() {
        RejectionLog rejections = new RejectionLog();
        EventAuditor auditor = new EventAuditor(SharedKafkaBroker.connection(Role.AUDITOR), rootzone.eventlog.testing.TestPublisherKey.trusted(), new NodeApplies(), rejections, new ReplayPositionFile(dataDir),
                Duration.ofMillis(100), (rootzone.auditor.tlog.TransparencyLogs) null);
        Thread t = new Thread(auditor, "test-auditor");
        t.setDaemon(true);
        t.start();
        return new Running(auditor, rejections, t);
    }

    @Test
    void aRestartContinuesFromTheCheckpointAndATamperedOneIsIgnored() throws Exception {
        String zone = "restart-" + UUID.randomUUID() + ".";
        try (EventWriter events = new EventWriter(SharedKafkaBroker.connection(Role.PUBLISHER), "rootzone-publisher-restart-test",
                "restart-test-" + UUID.randomUUID())) {
            VersionWriter writer = new VersionWriter(events, rootzone.eventlog.testing.TestPublisherKey.signer());
            for (int i = 0; i < 3; i++) {
                writer.rejected(zone, rejection(i));
            }

            Running first = start();
            await(() -> first.auditor().caughtUp() && count(first.rejections(), zone) == 3, "first instance to read everything");
            assertNull(first.auditor().resumedFrom());
            first.stop();
            ReplayPositionFile file = new ReplayPositionFile(dataDir);
            ReplayPosition saved = file.read().orElseThrow();
            assertEquals(first.auditor().checked(), saved.checked());

            Running second = start();
            await(() -> second.auditor().caughtUp(), "second instance to catch up");
            assertNotNull(second.auditor().resumedFrom());
            assertEquals(0, second.auditor().recordsRead(), "a restart must not re-read what the checkpoint covers");
            assertEquals(first.auditor().positions(), second.auditor().positions());
            assertEquals(first.auditor().checked(), second.auditor().checked());
            assertEquals(first.auditor().firstBreak(), second.auditor().firstBreak());
            assertEquals(first.rejections().all(), second.rejections().all());

            writer.rejected(zone, rejection(3));
            await(() -> count(second.rejections(), zone) == 4, "the event written after the restart");
            assertEquals(1, second.auditor().recordsRead());
            // The broker is shared with other tests: one of them may have left a break, after which
            // nothing more is counted, exactly as in a replay from 0.
            assertEquals(first.auditor().checked() + (first.auditor().firstBreak().isPresent() ? 0 : 1),
                    second.auditor().checked());
            assertEquals(first.auditor().firstBreak(), second.auditor().firstBreak());
            second.stop();
            long verified = second.auditor().checked();

            // One flipped byte: the digest refuses the file, the third instance replays from 0.
            byte[] bytes = Files.readAllBytes(file.path());
            bytes[bytes.length / 2] ^= 1;
            Files.write(file.path(), bytes);
            assertTrue(file.read().isEmpty());
            Running third = start();
            await(() -> third.auditor().caughtUp() && count(third.rejections(), zone) == 4, "third instance to replay");
            assertNull(third.auditor().resumedFrom());
            assertTrue(third.auditor().recordsRead() >= 4, "replayed from offset 0");
            assertEquals(verified, third.auditor().checked());
            third.stop();

            // Another cluster's checkpoint: its offsets mean nothing here.
            ReplayPosition good = file.read().orElseThrow();
            file.write(new ReplayPosition("another-cluster", good.positions(), good.tips(), good.firstBreak(), good.checked(),
                    good.lastVerified(), good.applies(), good.rejections(), good.tentative(), good.forgeries(), good.logSizes(),
                    good.unpaired()));
            Running fourth = start();
            await(() -> fourth.auditor().caughtUp() && count(fourth.rejections(), zone) == 4, "fourth instance to replay");
            assertNull(fourth.auditor().resumedFrom());
            assertEquals(verified, fourth.auditor().checked());
            fourth.stop();

            // The log no longer has, at the last verified offset, the event verified there: a break.
            ReplayPosition last = file.read().orElseThrow();
            byte[] otherHash = last.lastVerified().hash();
            otherHash[0] ^= 1;
            file.write(new ReplayPosition(last.clusterId(), last.positions(), last.tips(), null, last.checked(),
                    new ReplayPosition.LastVerified(last.lastVerified().topic(), last.lastVerified().partition(),
                            last.lastVerified().offset(), otherHash), last.applies(), last.rejections(), last.tentative(),
                    last.forgeries(), last.logSizes(), last.unpaired()));
            Running fifth = start();
            await(() -> fifth.auditor().firstBreak().isPresent(), "the rewritten log to be reported");
            ChainBreak b = fifth.auditor().firstBreak().orElseThrow();
            assertEquals(last.lastVerified().topic(), b.topic());
            assertEquals(last.lastVerified().offset(), b.offset());
            assertTrue(b.reason().contains("rewritten"), b.reason());
            fifth.stop();
        }
    }

    @Test
    void theFileRoundTripsAndRefusesGarbage() throws Exception {
        ReplayPositionFile file = new ReplayPositionFile(dataDir);
        assertTrue(file.read().isEmpty(), "no file, no checkpoint");
        Files.createDirectories(dataDir);
        Files.write(file.path(), "not a checkpoint at all, but long enough to have a digest".getBytes());
        assertTrue(file.read().isEmpty());
        ReplayPosition c = new ReplayPosition("cid", java.util.Map.of(Topics.REJECTIONS + "-0", 7L), List.of(), null, 7,
                new ReplayPosition.LastVerified(Topics.REJECTIONS, 0, 6, new byte[] {1, 2, 3}),
                java.util.Map.of(), List.of(new RejectionLog.Rejection(null, "p", "NODE", null, "R", null, "s", "r", "z.", 0, 6)),
                List.of(new ChainVerifier.Tentative(new ChainVerifier.Tip(Topics.VERSIONS, "z.", "p", new rootzone.eventlog.ChainLink(3, new byte[] {9})),
                        List.of(new rootzone.eventlog.Forgery(Topics.VERSIONS, 0, 5, "z.", "p", "ZoneVersionChunk", 12L, "")))),
                List.of(new rootzone.eventlog.Forgery(Topics.SNAPSHOTS, 0, 2, "z.", "evil", "ZoneSnapshotHead", null, "unsigned")),
                java.util.Map.of("root", 3L), List.of(new rootzone.auditor.tlog.AuditedLog.Unpaired("root", 2,
                        List.of(new rootzone.auditor.tlog.AuditedLog.PendingLeaf(2, new byte[] {'k'})),
                        List.of(new rootzone.auditor.tlog.AuditedLog.PendingEvent(Topics.VERSIONS, 4, new byte[] {5})))));
        file.write(c);
        ReplayPosition back = file.read().orElseThrow();
        assertEquals(c.positions(), back.positions());
        assertEquals(c.rejections(), back.rejections());
        assertEquals(c.forgeries(), back.forgeries());
        assertEquals(c.tentative().get(0).chunks(), back.tentative().get(0).chunks());
        assertEquals(c.logSizes(), back.logSizes());
        assertEquals(2, back.unpaired().get(0).fedUpTo());
        assertEquals(4, back.unpaired().get(0).events().get(0).offset());
        assertArrayEquals(new byte[] {'k'}, back.unpaired().get(0).leaves().get(0).entry());
        assertArrayEquals(c.lastVerified().hash(), back.lastVerified().hash());
        assertEquals(7, back.checked());
    }

    /**
     * A version under the publisher's producer name signed with another key, with its snapshot head,
     * between two real versions: reported as forgeries (topic, offset, producer, why), no break blamed
     * on the real chain, and still reported after a restart from the checkpoint.
     */
    @Test
    void forgeriesAreReportedNeverBlamedOnTheRealChainAndSurviveARestart() throws Exception {
        String zone = "forged-" + UUID.randomUUID() + ".";
        String producer = "publisher-" + UUID.randomUUID();
        var trusted = rootzone.eventlog.testing.TestPublisherKey.trusted();
        var v1 = rootzone.auditor.testing.TestZones.zone(zone, 1, List.of("a", "b"), 3600);
        var forged = rootzone.auditor.testing.TestZones.zone(zone, 2, List.of("a", "evil"), 3600);
        var v2 = rootzone.auditor.testing.TestZones.zone(zone, 2, List.of("a", "b", "c"), 3600);
        var v3 = rootzone.auditor.testing.TestZones.zone(zone, 3, List.of("a", "c"), 3600);
        var info = rootzone.eventlog.VersionInfo.published("t", "test", java.time.Instant.now());
        String tx = "rootzone-publisher-forged-real-" + zone;
        // The forger holds the publisher's own Kafka credentials: only the signing key is missing.
        var bootstrap = SharedKafkaBroker.connection(Role.PUBLISHER);
        try (EventWriter real = new EventWriter(bootstrap, tx, producer, java.time.Clock.systemUTC(),
                rootzone.eventlog.OwnEvents.signedBy(trusted))) {
            new VersionWriter(real, rootzone.eventlog.testing.TestPublisherKey.signer()).write(null, v1, info);
        }
        try (EventWriter evil = new EventWriter(bootstrap, "rootzone-publisher-forged-evil-" + zone, producer)) {
            new VersionWriter(evil, new rootzone.eventlog.signing.PublisherSigner(
                    rootzone.eventlog.signing.Ed25519Keys.generate().getPrivate())).write(v1, forged, info.withSnapshot(true));
        }
        try (EventWriter real = new EventWriter(bootstrap, tx, producer, java.time.Clock.systemUTC(),
                rootzone.eventlog.OwnEvents.signedBy(trusted))) {
            new VersionWriter(real, rootzone.eventlog.testing.TestPublisherKey.signer()).write(v1, v2, info);
        }
        Running first = start();
        // Other tests on this shared broker may have broken a chain before (ChainTamperTest does, on
        // purpose): the verifier then judges no later event of the versions topic, and only the
        // snapshot head's forgery can be checked here (event-log ForgedVersionTest covers the rest).
        await(() -> first.auditor().caughtUp() && forgeriesOf(first, zone).stream().anyMatch(f -> f.topic().equals(Topics.SNAPSHOTS))
                && (first.auditor().firstBreak().isPresent() || forgeriesOf(first, zone).size() >= 3), "the forgeries to be reported");
        boolean judged = first.auditor().firstBreak().isEmpty();
        List<rootzone.eventlog.Forgery> found = forgeriesOf(first, zone);
        if (judged) {
            assertTrue(found.stream().anyMatch(f -> f.topic().equals(Topics.VERSIONS) && f.eventType().equals("ZoneVersionCommitted")
                    && f.serial() == 2 && producer.equals(f.producer()) && f.why().contains("not signed by a trusted publisher")), found.toString());
            assertTrue(found.stream().anyMatch(f -> f.eventType().equals("ZoneVersionChunk")), found.toString());
        }
        assertTrue(found.stream().anyMatch(f -> f.topic().equals(Topics.SNAPSHOTS) && f.eventType().equals("ZoneSnapshotHead")
                && producer.equals(f.producer())), found.toString());
        assertTrue(first.auditor().firstBreak().filter(b -> zone.equals(b.key())).isEmpty(),
                "no break blamed on the real chain: " + first.auditor().firstBreak());
        first.stop();

        Running second = start();
        await(() -> second.auditor().caughtUp(), "the restarted auditor to catch up");
        assertNotNull(second.auditor().resumedFrom());
        assertEquals(found, forgeriesOf(second, zone), "forgeries kept across the restart");
        long before = second.auditor().checked();
        try (EventWriter real = new EventWriter(bootstrap, tx, producer, java.time.Clock.systemUTC(),
                rootzone.eventlog.OwnEvents.signedBy(trusted))) {
            new VersionWriter(real, rootzone.eventlog.testing.TestPublisherKey.signer()).write(v2, v3, info);
        }
        await(() -> second.auditor().caughtUp() && (!judged || second.auditor().checked() > before), "the next real version verified");
        assertTrue(second.auditor().firstBreak().filter(b -> zone.equals(b.key())).isEmpty(), "" + second.auditor().firstBreak());
        assertEquals(found.size(), forgeriesOf(second, zone).size(), "the real version after them is no forgery");
        second.stop();
    }

    private static List<rootzone.eventlog.Forgery> forgeriesOf(Running r, String zone) {
        return r.auditor().forgeries().stream().filter(f -> zone.equals(f.key())).toList();
    }

    private static long count(RejectionLog log, String zone) {
        return log.all().stream().filter(r -> zone.equals(r.zone())).count();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static VersionRejected rejection(int i) {
        return VersionRejected.newBuilder().setEnvelope(Envelopes.placeholder()).setRejectedBy(RejectorRole.NODE)
                .setSerial((long) i).setContentDigest(null).setReason("ZONEMD_MISMATCH").setCode(rootzone.events.RejectReason.ZONEMD_MISMATCH).setDetail("restart test " + i)
                .setSource("test").setRequestedBy("test").build();
    }
}
