package rootzone.auditor.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import rootzone.auditor.coordination.InfrastructureHistory;
import rootzone.auditor.index.HistoryIndex;
import rootzone.auditor.index.IndexSnapshot;
import rootzone.auditor.index.IndexSnapshotFile;
import rootzone.auditor.index.IndexedVersion;
import rootzone.auditor.persist.SealedFile;
import rootzone.auditor.testing.TestZones;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.VersionWriter;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.kafka.KafkaBrokerExtension;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleAcls;
import rootzone.zone.Zone;

/**
 * A zone's follower on a real broker, restarted on the same index snapshot: the second start loads the
 * snapshot and reads nothing of what it covers, then indexes what comes after; a corrupt snapshot, and
 * one that the versions topic contradicts at its recorded offset (the log rewritten under it), are
 * discarded and the zone is indexed from offset 0 to the same versions.
 */
@ExtendWith(KafkaBrokerExtension.class)
class IndexSnapshotRestartTest {

    @TempDir
    Path dataDir;

    private record Running(ZoneFollower follower, HistoryIndex index, Thread thread) {
        void stop() throws InterruptedException {
            follower.stop();
            thread.join(15_000);
            assertTrue(!thread.isAlive(), "follower did not stop");
        }
    }

    private Running start(String zone, IndexSnapshotFile file) {
        return start(zone, file, versions -> Optional.empty());
    }

    private Running start(String zone, IndexSnapshotFile file, java.util.function.Function<List<IndexedVersion>, Optional<String>> leaves) {
        return start(zone, file, leaves, () -> true);
    }

    /** @param settled when the loaded snapshot's zones may be checked after catching up (the auditor: once ready) */
    private Running start(String zone, IndexSnapshotFile file, java.util.function.Function<List<IndexedVersion>, Optional<String>> leaves,
                          BooleanSupplier settled) {
        HistoryIndex index = new HistoryIndex(Name.fromConstantString(zone), 2);
        ZoneFollower f = new ZoneFollower(zone, new VersionLog(SharedKafkaBroker.connection(Role.AUDITOR), TestPublisherKey.trusted()),
                index, new InfrastructureHistory(Name.fromConstantString(zone)), Optional.of(file), Duration.ofMillis(200), leaves, settled);
        Thread t = new Thread(f, "test-follower");
        t.setDaemon(true);
        t.start();
        return new Running(f, index, t);
    }

    @Test
    void aRestartLoadsTheSnapshotAndABadOneIsDiscarded() throws Exception {
        String zone = "snapshot-" + UUID.randomUUID() + ".";
        IndexSnapshotFile file = new IndexSnapshotFile(dataDir.resolve("index/test.snapshot"));
        TreeSet<String> tlds = new TreeSet<>(List.of("com", "net"));
        List<Zone> zones = new ArrayList<>();
        try (EventWriter events = new EventWriter(SharedKafkaBroker.connection(Role.PUBLISHER),
                RoleAcls.PUBLISHER_TRANSACTIONAL_ID_PREFIX + "-index-snapshot-test", "index-snapshot-test-" + UUID.randomUUID())) {
            VersionWriter writer = new VersionWriter(events, TestPublisherKey.signer());
            for (int v = 0; v < 5; v++) {
                tlds.add("t" + v);
                zones.add(TestZones.zone(zone, 2024010100L + v, tlds, 3600));
                writer.write(v == 0 ? null : zones.get(v - 1), zones.get(v),
                        new VersionInfo("test-publisher", "http", Instant.now(), false, null, false));
            }

            Running first = start(zone, file);
            await(() -> first.follower().caughtUp() && first.index().size() == 5, "first start to index the 5 versions");
            first.stop();
            assertEquals(5, snapshot(file).versions().size(), "written at shutdown");
            assertEquals(5, first.follower().versionsRead());

            Running second = start(zone, file);
            await(() -> second.follower().caughtUp() && second.index().size() == 5, "second start");
            assertEquals(5, second.follower().restoredFromSnapshot());
            assertEquals(0, second.follower().versionsRead(), "nothing the snapshot covers is read again");
            assertEquals(serials(first.index()), serials(second.index()));
            assertEquals(zones.get(4), second.index().zone(zones.get(4).serial()));
            tlds.add("after");
            zones.add(TestZones.zone(zone, 2024010105L, tlds, 3600));
            writer.write(zones.get(4), zones.get(5), new VersionInfo("test-publisher", "http", Instant.now(), false, null, false));
            await(() -> second.follower().caughtUp() && second.index().size() == 6, "the version written after the restart");
            assertEquals(1, second.follower().versionsRead());
            second.stop();
            assertEquals(6, snapshot(file).versions().size());
        }

        // One flipped byte: discarded, indexed from offset 0 to the same versions.
        byte[] bytes = Files.readAllBytes(file.path());
        bytes[bytes.length / 2] ^= 1;
        Files.write(file.path(), bytes);
        Running third = start(zone, file);
        await(() -> third.follower().caughtUp() && third.index().size() == 6, "third start, from offset 0");
        assertEquals(0, third.follower().restoredFromSnapshot());
        assertEquals(6, third.follower().versionsRead());
        third.stop();

        // A well-sealed snapshot whose last version the topic contradicts (another digest at its offset):
        // what it holds is not this log's history, so it is discarded.
        IndexSnapshot good = snapshot(file);
        List<IndexSnapshot.Version> forged = new ArrayList<>(good.versions());
        IndexedVersion last = forged.get(forged.size() - 1).info();
        byte[] digest = last.contentDigest();
        digest[0] ^= 1;
        forged.set(forged.size() - 1, new IndexSnapshot.Version(new IndexedVersion(last.serial(), last.previousSerial(),
                last.committedAt(), last.capturedAt(), last.publisher(), last.source(), last.imported(), last.recordCount(),
                last.removedCount(), last.addedCount(), digest, last.zonemd(), last.partition(), last.offset()),
                forged.get(forged.size() - 1).delta()));
        file.write(new IndexSnapshot(zone, forged));
        Running fourth = start(zone, file);
        await(() -> fourth.follower().caughtUp() && fourth.index().size() == 6, "fourth start, from offset 0");
        assertEquals(0, fourth.follower().restoredFromSnapshot());
        assertEquals(6, fourth.follower().versionsRead());
        assertEquals(serials(third.index()), serials(fourth.index()));
        assertTrue(fourth.follower().snapshotDiscarded().contains("where the snapshot recorded serial"), fourth.follower().snapshotDiscarded());
        fourth.stop();

        // A good snapshot the zone's transparency log contradicts (tlog.SnapshotLeaves says why): discarded too.
        Running fifth = start(zone, file, versions -> Optional.of("serial " + versions.get(2).serial() + ": its content digest is not the leaf's"));
        await(() -> fifth.follower().caughtUp() && fifth.index().size() == 6, "fifth start, from offset 0");
        assertEquals(0, fifth.follower().restoredFromSnapshot());
        assertEquals(6, fifth.follower().versionsRead());
        assertTrue(fifth.follower().snapshotDiscarded().contains("signed leaves"), fifth.follower().snapshotDiscarded());
        fifth.stop();

        // Deltas altered so that only a keyframe shows it (serial 0's SOA swapped where it is added and where
        // serial 1 removes it; counts, leaves and the latest zone unchanged): loaded, then refuted by the
        // keyframe check after catching up, and the zone is indexed from offset 0.
        List<IndexSnapshot.Version> altered = new ArrayList<>(snapshot(file).versions());
        org.xbill.DNS.SOARecord soa = (org.xbill.DNS.SOARecord) altered.get(0).delta().added().stream()
                .filter(r -> r.getType() == org.xbill.DNS.Type.SOA).findFirst().orElseThrow();
        org.xbill.DNS.SOARecord other = new org.xbill.DNS.SOARecord(soa.getName(), soa.getDClass(), soa.getTTL(), soa.getHost(),
                soa.getAdmin(), soa.getSerial(), soa.getRefresh() + 1, soa.getRetry(), soa.getExpire(), soa.getMinimum());
        altered.set(0, swapped(altered.get(0), soa, other));
        altered.set(1, swapped(altered.get(1), soa, other));
        file.write(new IndexSnapshot(zone, altered));
        Running sixth = start(zone, file);
        await(() -> sixth.follower().snapshotDiscarded() != null && sixth.follower().caughtUp() && sixth.index().size() == 6,
                "sixth start, from offset 0 after the keyframe check");
        assertEquals(0, sixth.follower().restoredFromSnapshot());
        assertEquals(6, sixth.follower().versionsRead());
        assertTrue(sixth.follower().snapshotDiscarded().contains("keyframe"), sixth.follower().snapshotDiscarded());
        assertEquals(serials(third.index()), serials(sixth.index()));
        for (Zone z : zones) {
            assertEquals(z, sixth.index().zone(z.serial()));
        }
        sixth.stop();

        // Deltas altered so that only the latest zone shows it (a record the last version adds swapped), on an
        // auditor not ready yet (no check after catching up): the next version, which applies to that zone, has it
        // built and checked first; it is refuted, and the zone is indexed from offset 0, that version included.
        List<IndexSnapshot.Version> lastAltered = new ArrayList<>(snapshot(file).versions());
        int lastIndex = lastAltered.size() - 1;
        org.xbill.DNS.Record added = lastAltered.get(lastIndex).delta().added().stream()
                .filter(r -> r.getType() == org.xbill.DNS.Type.NS).findFirst().orElseThrow();
        org.xbill.DNS.Record forgedNs = new org.xbill.DNS.NSRecord(added.getName(), added.getDClass(), added.getTTL(),
                Name.fromConstantString("forged.example."));
        lastAltered.set(lastIndex, swapped(lastAltered.get(lastIndex), added, forgedNs));
        file.write(new IndexSnapshot(zone, lastAltered));
        Running seventh = start(zone, file, versions -> Optional.empty(), () -> false);
        await(() -> seventh.follower().caughtUp() && seventh.follower().restoredFromSnapshot() == 6, "seventh start, from the snapshot");
        assertEquals(4, seventh.follower().uncheckedZones(), "keyframes 0, 2 and 4 and the latest zone, not checked before ready");
        try (EventWriter events = new EventWriter(SharedKafkaBroker.connection(Role.PUBLISHER),
                RoleAcls.PUBLISHER_TRANSACTIONAL_ID_PREFIX + "-index-snapshot-test", "index-snapshot-test-" + UUID.randomUUID())) {
            tlds.add("later");
            zones.add(TestZones.zone(zone, 2024010106L, tlds, 3600));
            new VersionWriter(events, TestPublisherKey.signer()).write(zones.get(5), zones.get(6),
                    new VersionInfo("test-publisher", "http", Instant.now(), false, null, false));
        }
        await(() -> seventh.follower().snapshotDiscarded() != null && seventh.follower().caughtUp() && seventh.index().size() == 7,
                "seventh start, from offset 0 after the next version's check");
        assertTrue(seventh.follower().snapshotDiscarded().contains("latest"), seventh.follower().snapshotDiscarded());
        assertEquals(0, seventh.follower().restoredFromSnapshot());
        assertEquals(7, seventh.follower().versionsRead());
        assertEquals(null, seventh.follower().halted());
        for (Zone z : zones) {
            assertEquals(z, seventh.index().zone(z.serial()));
        }
        seventh.stop();
    }

    /** The version with {@code from} replaced by {@code to} wherever its delta holds it. */
    private static IndexSnapshot.Version swapped(IndexSnapshot.Version v, org.xbill.DNS.Record from, org.xbill.DNS.Record to) {
        java.util.function.UnaryOperator<List<org.xbill.DNS.Record>> swap = side -> side.stream().map(r -> r.equals(from) ? to : r).toList();
        rootzone.zone.ZoneDiff d = v.delta();
        return new IndexSnapshot.Version(v.info(), new rootzone.zone.ZoneDiff(d.fromSerial(), d.toSerial(), swap.apply(d.removed()),
                swap.apply(d.added())));
    }

    private static List<Long> serials(HistoryIndex index) {
        return index.versions().stream().map(IndexedVersion::serial).toList();
    }

    @SuppressWarnings("unchecked")
    private static IndexSnapshot snapshot(IndexSnapshotFile file) {
        return ((SealedFile.Valid<IndexSnapshot>) assertInstanceOf(SealedFile.Valid.class, file.read())).value();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(50);
        }
    }
}
