package rootzone.publisher.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import java.util.OptionalLong;
import rootzone.eventlog.testing.LogCheckpoints;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.eventlog.tlog.LogEntries;
import rootzone.eventlog.tlog.LogKeys;
import rootzone.eventlog.tlog.LogNames;
import rootzone.events.LogCheckpoint;
import rootzone.tlog.entry.LogEntry;
import rootzone.tlog.entry.RejectionEntry;
import rootzone.tlog.entry.VersionEntry;
import rootzone.tlog.merkle.MerkleProofs;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.note.VerifierKey;
import org.xbill.DNS.Name;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.SnapshotReader;
import rootzone.eventlog.VersionLog;
import rootzone.events.EventCodec;
import rootzone.events.Topics;
import rootzone.events.VersionRejected;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.publisher.gate.Gatekeeper;
import rootzone.events.RejectReason;
import rootzone.publisher.gate.ZonePolicy;
import rootzone.zone.VersionPolicy;
import rootzone.publisher.support.RootZoneHistory;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.ZoneParser;

/**
 * Acceptance on real data: the first 50 versions of the root zone history published in order through
 * a real broker; each delta on the log is exactly zone-core's ZoneDiff of the two files; republishing
 * is a no-op; an older version is refused with a rejection event; a restarted publisher learns the
 * last version from Kafka.
 */
class RootZoneHistoryPublishTest {

    /** The archive's ZONEMD and delegation RRSIGs no longer verify (signatures stripped): both off. */
    private static final ZonePolicy HISTORY_POLICY = new ZonePolicy(VersionPolicy.defaults().relaxed(java.util.Set.of(VersionPolicy.Relaxation.ZONEMD)), 0.05);
    private static final String TX = "rootzone-publisher-history-test";

    private static final LogNames ROOT_LOG = TestPublisherKey.logSettings().zone(".");

    @Test
    void fiftyVersionsInOrderThenNoOpThenOlderRefusedThenRestart() throws Exception {
        List<Path> files = RootZoneHistory.firstVersions(51);
        Path after = files.get(50);
        files = files.subList(0, 50);
        KafkaConnection kafka = SharedKafkaBroker.connection(Role.PUBLISHER);
        Instant started = Instant.now();
        byte[] rootAt51;
        List<Zone> zones = new ArrayList<>();
        for (Path f : files) {
            zones.add(ZoneParser.parse(f, Name.root));
        }
        try (ZonePublisher publisher = ZonePublisher.start(kafka, TX, "publisher-test", Name.root, HISTORY_POLICY, 10,
                Gatekeeper.standard(), rootzone.publisher.publish.PublisherKeys.of(rootzone.eventlog.testing.TestPublisherKey.signer()), rootzone.eventlog.testing.TestPublisherKey.logSettings(), Clock.systemUTC())) {
            assertTrue(publisher.head().isEmpty(), "fresh broker: nothing published yet");
            for (int i = 0; i < files.size(); i++) {
                PublishOutcome o = publisher.publish(Files.readAllBytes(files.get(i)), request());
                assertEquals(PublishOutcome.Status.PUBLISHED, o.status(), files.get(i) + ": " + o.summary());
                assertEquals(zones.get(i).serial(), ((PublishOutcome.Published) o).serial());
            }

            List<LoggedVersion> logged = new VersionLog(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted()).versions(".");
            assertEquals(50, logged.size());
            Zone empty = Zone.of(Name.root, List.of());
            for (int i = 0; i < 50; i++) {
                ZoneDiff expected = ZoneDiff.between(i == 0 ? empty : zones.get(i - 1), zones.get(i));
                ZoneDiff actual = logged.get(i).diff();
                assertEquals(zones.get(i).serial(), logged.get(i).serial());
                assertEquals(List.of("zonemd"), logged.get(i).committed().getRelaxations().stream().map(Object::toString).toList(),
                        "the relaxation is recorded, so nodes relax the same check");
                assertRecordsEqual(expected.removed(), actual.removed(), "removed of " + files.get(i));
                assertRecordsEqual(expected.added(), actual.added(), "added of " + files.get(i));
                assertEquals(i == 0 || i % 10 == 0, logged.get(i).committed().getSnapshot(), "snapshot at version " + (i + 1));
            }
            SnapshotReader.Snapshot snapshot = new SnapshotReader(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted()).latest(".").orElseThrow();
            assertEquals(zones.get(40).serial(), snapshot.serial(), "snapshots at versions 1, 11, 21, 31, 41");
            assertEquals(zones.get(40), snapshot.zone());

            long versionsEnd = endOffset(kafka, Topics.VERSIONS);
            PublishOutcome again = publisher.publish(Files.readAllBytes(files.get(49)), request());
            assertEquals(PublishOutcome.Status.ALREADY_PUBLISHED, again.status());
            assertEquals(versionsEnd, endOffset(kafka, Topics.VERSIONS), "a republished version writes nothing");

            long rejectionsEnd = endOffset(kafka, Topics.REJECTIONS);
            PublishOutcome.Refused older = assertInstanceOf(PublishOutcome.Refused.class,
                    publisher.publish(Files.readAllBytes(files.get(9)), request()));
            assertEquals(RejectReason.SERIAL_NOT_NEWER, older.reason());
            assertEquals(versionsEnd, endOffset(kafka, Topics.VERSIONS), "a refused version writes no version event");
            VersionRejected rejection = readRejection(kafka, older.rejectionOffset());
            assertEquals(older.rejectionOffset(), rejectionsEnd, "the rejection is the next event on the rejections topic");
            assertEquals("SERIAL_NOT_NEWER", rejection.getReason());
            assertEquals(RejectReason.SERIAL_NOT_NEWER, rejection.getCode());
            assertEquals(zones.get(9).serial(), rejection.getSerial());
            assertTrue(rejection.getDetail().contains(Long.toString(zones.get(49).serial())), rejection.getDetail());
            // The file parsed before is now the refused one, not the head's: parsed against it (changed lines), the
            // head's file must still come out as the head's zone exactly, so it is a no-op again, nothing written.
            assertEquals(PublishOutcome.Status.ALREADY_PUBLISHED, publisher.publish(Files.readAllBytes(files.get(49)), request()).status());
            assertEquals(versionsEnd, endOffset(kafka, Topics.VERSIONS));

            // The root zone's transparency log: one signed checkpoint per transaction, its entries those of the events.
            List<LogCheckpoint> cps = LogCheckpoints.read(kafka, Topics.LOG_CHECKPOINTS, ROOT_LOG.origin());
            assertEquals(51, cps.size(), "50 versions and 1 rejection, one checkpoint each");
            VerifierKey vkey = VerifierKey.parse(Files.readString(LogKeys.vkeyFile(TestPublisherKey.keyDirectory(), ROOT_LOG)));
            for (int i = 0; i < 51; i++) {
                LogCheckpoint cp = cps.get(i);
                assertEquals(i, cp.getFirstIndex());
                assertEquals(i + 1, cp.getTreeSize(), "the tree grows by one per publication");
                assertEquals(1, cp.getEntries().size());
                assertTrue(SignedNote.parse(cp.getNote()).verifiedBy(vkey), "checkpoint " + i + " verifies with " + vkey);
                Checkpoint body = Checkpoint.parse(SignedNote.parse(cp.getNote()).body());
                assertEquals(ROOT_LOG.origin(), body.origin());
                assertEquals(i + 1, body.size());
            }
            for (int i = 0; i < 50; i++) {
                byte[] entry = LogCheckpoints.entry(cps.get(i), 0);
                VersionEntry e = assertInstanceOf(VersionEntry.class, LogEntry.parse(entry));
                VersionEntry expected = VersionEntry.of(zones.get(i), i == 0 ? OptionalLong.empty() : OptionalLong.of(zones.get(i - 1).serial()),
                        logged.get(i).committed().getPublisher(), logged.get(i).committed().getCapturedAt(), false);
                assertArrayEquals(expected.bytes(), entry, "entry " + i + " is VersionEntry.of its zone");
                assertTrue(!e.time().isBefore(started), "the entry's time is the version's capturedAt");
            }
            // Another ZONEMD implementation (dnspython) computes the same zonemd-sha384 from the zone file.
            VersionEntry first = (VersionEntry) LogEntry.parse(LogCheckpoints.entry(cps.get(0), 0));
            assertEquals(rootzone.tlog.Dnspython.zonemdSha384(files.get(0), "."), java.util.HexFormat.of().formatHex(first.zonemdSha384()),
                    "dnspython's RFC 8976 digest of " + files.get(0));
            byte[] rejected = LogCheckpoints.entry(cps.get(50), 0);
            RejectionEntry r = assertInstanceOf(RejectionEntry.class, LogEntry.parse(rejected));
            assertEquals("SERIAL_NOT_NEWER", r.reason());
            assertEquals(zones.get(9).serial(), r.serial().getAsLong());
            assertArrayEquals(LogEntries.rejection(rejection, EventCodec.hash(rejectionValue(kafka, older.rejectionOffset()))).bytes(), rejected,
                    "the rejection's entry is that of its event as written");
            assertEquals(51, publisher.log().log().size());
            rootAt51 = Checkpoint.parse(SignedNote.parse(cps.get(50).getNote()).body()).root();
            assertArrayEquals(rootAt51, publisher.log().log().root());
        }

        // A new instance (e.g. after a crash) learns the last version from Kafka: snapshot 41 + 9 deltas.
        try (ZonePublisher restarted = ZonePublisher.start(kafka, TX, "publisher-test", Name.root, HISTORY_POLICY, 10,
                Gatekeeper.standard(), rootzone.publisher.publish.PublisherKeys.of(rootzone.eventlog.testing.TestPublisherKey.signer()), rootzone.eventlog.testing.TestPublisherKey.logSettings(), Clock.systemUTC())) {
            ZoneHead head = restarted.head().orElseThrow();
            assertEquals(zones.get(49), head.zone());
            assertEquals(9, head.versionsSinceSnapshot());
            assertEquals(PublishOutcome.Status.ALREADY_PUBLISHED,
                    restarted.publish(Files.readAllBytes(files.get(49)), request()).status());

            // Its log was rebuilt from the topic (tiles in memory) and continues the same tree.
            assertEquals(51, restarted.log().log().size());
            assertArrayEquals(rootAt51, restarted.log().log().root());
            assertEquals(PublishOutcome.Status.PUBLISHED, restarted.publish(Files.readAllBytes(after), request()).status());
            List<LogCheckpoint> cps = LogCheckpoints.read(kafka, Topics.LOG_CHECKPOINTS, ROOT_LOG.origin());
            assertEquals(52, cps.size());
            LogCheckpoint last = cps.get(51);
            assertEquals(51, last.getFirstIndex());
            assertEquals(52, last.getTreeSize());
            byte[] root52 = Checkpoint.parse(SignedNote.parse(last.getNote()).body()).root();
            assertTrue(MerkleProofs.verifyConsistency(51, 52, rootAt51, root52, restarted.log().log().consistencyProof(51, 52)),
                    "the checkpoint after the restart is consistent with the one before it");
        }
    }

    private static PublishRequest request() {
        return PublishRequest.configured("test", "history-test", Instant.now());
    }

    static void assertRecordsEqual(List<org.xbill.DNS.Record> expected, List<org.xbill.DNS.Record> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": count");
        for (int k = 0; k < expected.size(); k++) {
            assertEquals(expected.get(k), actual.get(k), what + " #" + k);
            assertEquals(expected.get(k).getTTL(), actual.get(k).getTTL(), what + " #" + k + " TTL");
        }
    }

    static long endOffset(KafkaConnection kafka, String topic) {
        return rootzone.eventlog.LogReader.end(kafka, rootzone.eventlog.LogSource.first(topic));
    }

    static VersionRejected readRejection(KafkaConnection kafka, long offset) {
        return EventCodec.get().decode(rejectionValue(kafka, offset), VersionRejected.class);
    }

    /** The rejection's encoded value as on the topic. */
    static byte[] rejectionValue(KafkaConnection kafka, long offset) {
        return rootzone.eventlog.LogReader.at(kafka, "test-rejection", rootzone.eventlog.LogSource.first(Topics.REJECTIONS), offset)
                .map(rootzone.eventlog.LogEvent::value).orElseThrow(() -> new AssertionError("no rejection at offset " + offset));
    }
}
