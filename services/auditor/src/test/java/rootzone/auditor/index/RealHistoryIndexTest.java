package rootzone.auditor.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import rootzone.archive.ArchiveEntry;
import rootzone.archive.ZoneArchive;
import rootzone.testsupport.SharedData;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.ZoneParser;

/**
 * Every 50th version of the real history through the index without Kafka (the Kafka path is covered by
 * the import acceptance test): every serial rebuilds to the original's content digest, and the
 * delegation changes equal those counted from the files.
 */
class RealHistoryIndexTest {

    @Test
    void sampledRealHistoryRebuildsAndCountsDelegations() throws Exception {
        Path bundle = SharedData.historyBundleOrSkip();
        HistoryIndex index = new HistoryIndex(Name.root, 10);
        List<byte[]> digests = new ArrayList<>();
        List<Long> serials = new ArrayList<>();
        int[] added = {0};
        int[] removed = {0};
        try (ZoneArchive archive = ZoneArchive.open(bundle, null)) {
            assertEquals(1978, archive.entries().size());
            List<ArchiveEntry> sample = new ArrayList<>();
            for (int i = 0; i < archive.entries().size(); i += 50) {
                sample.add(archive.entries().get(i));
            }
            Zone[] previous = {null};
            archive.read(sample, (entry, text) -> {
                Zone zone = ZoneParser.parse(text, Name.root, entry.origin());
                Zone prev = previous[0];
                ZoneDiff delta = prev == null ? new ZoneDiff(0, zone.serial(), List.of(), zone.records()) : ZoneDiff.between(prev, zone);
                index.append(new IndexedVersion(zone.serial(), prev == null ? null : prev.serial(), entry.capturedAt(),
                        entry.capturedAt(), "test", "import", true, zone.size(), delta.removed().size(),
                        delta.added().size(), ContentDigest.of(zone), null, 0, serials.size()), delta);
                if (prev != null) {
                    Set<Name> gone = new HashSet<>(prev.delegations());
                    gone.removeAll(zone.delegations());
                    Set<Name> fresh = new HashSet<>(zone.delegations());
                    fresh.removeAll(prev.delegations());
                    added[0] += fresh.size();
                    removed[0] += gone.size();
                }
                digests.add(ContentDigest.of(zone));
                serials.add(zone.serial());
                previous[0] = zone;
            });
        }
        for (int i = 0; i < serials.size(); i++) {
            assertEquals(ContentDigest.hex(digests.get(i)), ContentDigest.hex(ContentDigest.of(index.zone(serials.get(i)))),
                    "serial " + serials.get(i));
        }
        List<DelegationChange> d = index.delegations();
        assertEquals(added[0], d.stream().mapToInt(c -> c.added().size()).sum());
        assertEquals(removed[0], d.stream().mapToInt(c -> c.removed().size()).sum());
        assertTrue(added[0] + removed[0] > 0, "the real history has TLD changes");
        assertTrue(d.get(0).count() > 1400, "about 1,450 TLDs");

        // Its index snapshot: written, read back and appended again, it gives the same index.
        IndexSnapshotFile file = new IndexSnapshotFile(dir.resolve("root.snapshot"));
        long t0 = System.nanoTime();
        file.write(new IndexSnapshot(".", index.indexed()));
        long t1 = System.nanoTime();
        @SuppressWarnings("unchecked")
        IndexSnapshot read = ((rootzone.auditor.persist.SealedFile.Valid<IndexSnapshot>) file.read()).value();
        HistoryIndex loaded = new HistoryIndex(Name.root, 10);
        for (IndexSnapshot.Version v : read.versions()) {
            loaded.append(v.info(), v.delta());
        }
        long t2 = System.nanoTime();
        System.out.printf("RealHistoryIndexTest: index snapshot of %d sampled versions, %d bytes: written in %d ms, loaded in %d ms%n",
                read.versions().size(), java.nio.file.Files.size(file.path()), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        assertEquals(index.versions().stream().map(IndexedVersion::serial).toList(),
                loaded.versions().stream().map(IndexedVersion::serial).toList());
        long lastSerial = serials.get(serials.size() - 1);
        assertEquals(ContentDigest.hex(digests.get(digests.size() - 1)), ContentDigest.hex(ContentDigest.of(loaded.zone(lastSerial))));
        assertEquals(index.delegations(), loaded.delegations());
    }

    @org.junit.jupiter.api.io.TempDir
    Path dir;
}
