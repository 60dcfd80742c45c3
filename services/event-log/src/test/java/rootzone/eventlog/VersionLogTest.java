package rootzone.eventlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xbill.DNS.Name;
import rootzone.kafka.KafkaBrokerExtension;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/** Versions written by VersionWriter and read back by VersionLog, on a real broker. */
@ExtendWith(KafkaBrokerExtension.class)
class VersionLogTest {

    static Name freshOrigin() {
        return TestZones.name("z" + UUID.randomUUID().toString().substring(0, 8) + ".test.");
    }

    static VersionInfo info() {
        return VersionInfo.published("tester", "test", Instant.parse("2025-01-01T00:00:00Z"));
    }

    /** Writes versions as a publisher does (as publisher-1, the test key), one writer for all of {@code steps}. */
    static <T> T publish(KafkaConnection kafka, String zone, Function<VersionWriter, T> steps) {
        try (EventWriter writer = new EventWriter(kafka, "rootzone-publisher-test-" + zone, "publisher-1")) {
            return steps.apply(new VersionWriter(writer, rootzone.eventlog.testing.TestPublisherKey.signer()));
        }
    }

    @Test
    void versionsReplayRebuildAndFollow() throws Exception {
        KafkaConnection kafka = SharedKafkaBroker.connection(Role.PUBLISHER);
        Name origin = freshOrigin();
        String zone = ZoneKeys.of(origin);
        Zone v1 = TestZones.zone(origin, 2025010100, 200, 0);
        Zone v2 = TestZones.zone(origin, 2025010101, 200, 3);
        Zone v3 = TestZones.zone(origin, 2025010200, 210, 7);
        VersionLog log = new VersionLog(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted());
        assertTrue(log.lastCommitted(zone).isEmpty());

        List<WrittenVersion> written = publish(kafka, zone, versions -> {
            WrittenVersion w1 = versions.write(null, v1, info());
            WrittenVersion w2 = versions.write(v1, v2, info());
            // Not newer: refused before anything is written.
            assertThrows(IllegalArgumentException.class, () -> versions.write(v2, v1, info()));
            return List.of(w1, w2, versions.write(v2, v3, info().withBlastRadiusOverride("test")));
        });
        assertArrayEquals(ContentDigest.of(v3), written.get(2).contentDigest());

        List<LoggedVersion> replayed = log.versions(zone);
        assertEquals(List.of(v1.serial(), v2.serial(), v3.serial()), replayed.stream().map(LoggedVersion::serial).toList());
        assertEquals(written.stream().map(WrittenVersion::committedOffset).toList(),
                replayed.stream().map(LoggedVersion::offset).toList());
        assertNull(replayed.get(0).previousSerial());
        assertEquals(v1.serial(), replayed.get(1).previousSerial());
        assertEquals(ZoneDiff.between(v1, v2).added(), replayed.get(1).diff().added());
        assertEquals(ZoneDiff.between(v1, v2).removed(), replayed.get(1).diff().removed());
        assertEquals("test", replayed.get(2).committed().getBlastRadiusOverride());
        assertEquals(v3.size(), replayed.get(2).committed().getRecordCount());

        // Rebuild: every version verified on the way, exact (case and TTL).
        assertEquals(v2, log.rebuild(zone, v2.serial()));
        Zone rebuilt = log.rebuild(zone, v3.serial());
        assertEquals(v3, rebuilt);
        assertTrue(rebuilt.records().stream().anyMatch(r -> r.getName().toString().startsWith("TLD")), "case kept");
        assertThrows(EventLogException.class, () -> log.rebuild(zone, 1));

        LastCommitted last = log.lastCommitted(zone).orElseThrow();
        assertEquals(v3.serial(), last.serial());
        assertEquals(written.get(2).committedOffset(), last.offset());
        assertArrayEquals(ContentDigest.of(v3), last.contentDigest());
        assertEquals(3, last.versions());
        assertTrue(last.intact(), last::toString);

        // Follow: sees what is there, then a version written while it waits.
        List<LoggedVersion> followed = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread follower = new Thread(() -> log.follow(zone, replayed.get(1).offset() + 1, followed::add, stop::get));
        follower.start();
        Zone v4 = TestZones.zone(origin, 2025010300, 210, 9);
        publish(kafka, zone, versions -> versions.write(v3, v4, info()));
        long deadline = System.currentTimeMillis() + 30_000;
        while (followed.size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        stop.set(true);
        follower.join(5_000);
        assertEquals(List.of(v3.serial(), v4.serial()), followed.stream().map(LoggedVersion::serial).toList());
        assertEquals(v4, VersionApplier.apply(rebuilt, origin, followed.get(1)));
    }

    @Test
    void applierRefusesAGapAndAWrongDigest() {
        KafkaConnection kafka = SharedKafkaBroker.connection(Role.PUBLISHER);
        Name origin = freshOrigin();
        String zone = ZoneKeys.of(origin);
        Zone v1 = TestZones.zone(origin, 10, 20, 0);
        Zone v2 = TestZones.zone(origin, 11, 20, 1);
        Zone v3 = TestZones.zone(origin, 12, 20, 2);
        publish(kafka, zone, versions -> List.of(versions.write(null, v1, info()), versions.write(v1, v2, info()),
                versions.write(v2, v3, info())));
        List<LoggedVersion> all = new VersionLog(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted()).versions(zone);
        VersionMismatchException gap = assertThrows(VersionMismatchException.class,
                () -> VersionApplier.apply(v1, origin, all.get(2)));
        assertEquals(rootzone.events.RejectReason.SERIAL_GAP, gap.reason());
        // The same serial as v1 but other content: the delta does not fit, or the digest differs.
        Zone impostor = TestZones.zone(origin, 10, 20, 5);
        VersionMismatchException wrong = assertThrows(VersionMismatchException.class,
                () -> VersionApplier.apply(impostor, origin, all.get(1)));
        assertTrue(List.of(rootzone.events.RejectReason.DIFF_DOES_NOT_APPLY, rootzone.events.RejectReason.DIGEST_MISMATCH).contains(wrong.reason()), wrong.getMessage());
    }

    @Test
    void lastCommittedReportsABrokenSerialChain() {
        KafkaConnection kafka = SharedKafkaBroker.connection(Role.PUBLISHER);
        Name origin = freshOrigin();
        String zone = ZoneKeys.of(origin);
        Zone v1 = TestZones.zone(origin, 10, 5, 0);
        Zone v2 = TestZones.zone(origin, 11, 5, 1);
        Zone v3 = TestZones.zone(origin, 12, 5, 2);
        // A publisher that skipped v2.
        publish(kafka, zone, versions -> List.of(versions.write(null, v1, info()), versions.write(v2, v3, info())));
        LastCommitted last = new VersionLog(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted()).lastCommitted(zone).orElseThrow();
        assertEquals(12, last.serial());
        assertTrue(last.chainBreak().isEmpty(), "the hash chain itself holds");
        assertTrue(!last.intact() && last.serialProblem().contains("previous serial 11"), last.serialProblem());
    }
}
