package rootzone.node.materialize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;

class LocalStoreTest {

    @TempDir
    Path dir;

    @Test
    void savedVersionComesBackExactly() throws Exception {
        Zone z = TestZones.zone("store.test.", 2024010100, 50, 1);
        LocalStore store = new LocalStore(dir, "store.test");
        store.save(z, 41, ContentDigest.of(z), 42);
        store.savePosition(45);

        Optional<LocalStore.Saved> back = new LocalStore(dir, "Store.Test.").load();
        assertTrue(back.isPresent());
        assertEquals(z, back.get().zone());
        assertEquals(41, back.get().versionsOffset());
        assertEquals(45, back.get().nextOffset());
        assertArrayEquals(ContentDigest.of(z), back.get().digest());
    }

    @Test
    void newerVersionReplacesTheOldFile() throws Exception {
        LocalStore store = new LocalStore(dir, "store.test");
        Zone a = TestZones.zone("store.test.", 1, 5, 0);
        Zone b = TestZones.zone("store.test.", 2, 5, 1);
        store.save(a, 0, ContentDigest.of(a), 1);
        store.save(b, 3, ContentDigest.of(b), 4);
        try (Stream<Path> files = Files.list(store.directory())) {
            assertEquals(List.of("served-2.wire", "state.properties"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(b, new LocalStore(dir, "store.test").load().orElseThrow().zone());
    }

    @Test
    void corruptSnapshotIsIgnored() throws Exception {
        LocalStore store = new LocalStore(dir, "store.test");
        Zone z = TestZones.zone("store.test.", 7, 20, 0);
        store.save(z, 0, ContentDigest.of(z), 1);
        Path wire = store.directory().resolve("served-7.wire");
        byte[] bytes = Files.readAllBytes(wire);
        bytes[bytes.length - 1] ^= 0x01; // one bit of the last DS digest
        Files.write(wire, bytes);
        assertTrue(new LocalStore(dir, "store.test").load().isEmpty());
    }

    @Test
    void truncatedOrForeignStateIsIgnored() throws Exception {
        LocalStore store = new LocalStore(dir, "store.test");
        Zone z = TestZones.zone("store.test.", 7, 20, 0);
        store.save(z, 0, ContentDigest.of(z), 1);
        Path wire = store.directory().resolve("served-7.wire");
        byte[] bytes = Files.readAllBytes(wire);
        Files.write(wire, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(new LocalStore(dir, "store.test").load().isEmpty());
        assertTrue(new LocalStore(dir, "other.test").load().isEmpty(), "another zone's directory is empty");
    }

    private static List<Zone> versions(int n) {
        List<Zone> out = new java.util.ArrayList<>();
        Zone z = rootzone.zone.SyntheticZone.of(org.xbill.DNS.Name.root, 3_000, 100);
        out.add(z);
        for (int v = 1; v < n; v++) {
            z = rootzone.zone.SyntheticZone.routineDelta(z, v).applyTo(z);
            out.add(z);
        }
        return out;
    }

    private static List<String> files(LocalStore store) throws Exception {
        try (Stream<Path> files = Files.list(store.directory())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A version after the first costs an append of its difference; a restart gets the last one back exactly. */
    @Test
    void laterVersionsGoToTheJournal() throws Exception {
        LocalStore store = new LocalStore(dir, ".");
        List<Zone> zones = versions(10);
        for (int v = 0; v < zones.size(); v++) {
            store.save(zones.get(v), 10 + v, ContentDigest.of(zones.get(v)), 11 + v);
        }
        assertEquals(List.of("journal-100.wire", "served-100.wire", "state.properties"), files(store));
        Zone last = zones.get(zones.size() - 1);
        LocalStore.Saved back = new LocalStore(dir, ".").load().orElseThrow();
        assertEquals(last.records(), back.zone().records());
        assertEquals(last.records().stream().map(org.xbill.DNS.Record::getTTL).toList(),
                back.zone().records().stream().map(org.xbill.DNS.Record::getTTL).toList());
        assertArrayEquals(ContentDigest.of(last), ContentDigest.of(back.zone()));
        assertEquals(19, back.versionsOffset());
        // 9 differences of 10 records each, against 3,000 records
        assertTrue(Files.size(store.directory().resolve("journal-100.wire")) < Files.size(store.directory().resolve("served-100.wire")) / 10,
                "the journal holds differences, not zones");
    }

    /**
     * A read begun early (the node's launch, while Quarkus boots) is what the first load returns, and
     * leaves the store as a load would: the next version is appended to its journal; later loads read
     * the files again.
     */
    @Test
    void aPreloadIsTheFirstLoadAndTheStoreGoesOnFromIt() throws Exception {
        LocalStore store = new LocalStore(dir, ".");
        List<Zone> zones = versions(2);
        store.save(zones.get(0), 0, ContentDigest.of(zones.get(0)), 1);
        store.save(zones.get(1), 1, ContentDigest.of(zones.get(1)), 2);

        LocalStore restarted = new LocalStore(dir, ".").preload(zone -> { });
        Zone loaded = restarted.load().orElseThrow().zone();
        assertEquals(zones.get(1).records(), loaded.records());
        // The next version as the node makes it: a delta applied to the zone it serves.
        Zone next = rootzone.zone.SyntheticZone.routineDelta(loaded, 2).applyTo(loaded);
        restarted.save(next, 2, ContentDigest.of(next), 3);
        assertEquals(List.of("journal-100.wire", "served-100.wire", "state.properties"), files(restarted));
        assertEquals(next.records(), restarted.load().orElseThrow().zone().records(), "a second load reads the files again");
        assertEquals(2, new LocalStore(dir, ".").load().orElseThrow().versionsOffset());
    }

    /**
     * A preload's prepare step gets the very zone the first load returns, before that load returns it; one
     * that throws costs the preparation only, never the snapshot.
     */
    @Test
    void aPreloadPreparesTheZoneItReadsBeforeTheLoadReturnsIt() throws Exception {
        LocalStore store = new LocalStore(dir, ".");
        Zone zone = versions(1).get(0);
        store.save(zone, 0, ContentDigest.of(zone), 1);

        java.util.concurrent.atomic.AtomicReference<Zone> prepared = new java.util.concurrent.atomic.AtomicReference<>();
        LocalStore restarted = new LocalStore(dir, ".").preload(prepared::set);
        Zone loaded = restarted.load().orElseThrow().zone();
        assertSame(loaded, prepared.get(), "prepared before the load returned, and the same object");

        LocalStore failing = new LocalStore(dir, ".").preload(z -> {
            throw new IllegalStateException("no index today");
        });
        assertEquals(zone.records(), failing.load().orElseThrow().zone().records());

        java.util.concurrent.atomic.AtomicBoolean called = new java.util.concurrent.atomic.AtomicBoolean();
        assertTrue(new LocalStore(dir.resolve("empty"), ".").preload(z -> called.set(true)).load().isEmpty());
        assertFalse(called.get(), "nothing read, nothing prepared");
    }

    /** Bytes appended after the last commit (a crash before the state file's rename) are not read, then overwritten. */
    @Test
    void anUncommittedAppendIsDropped() throws Exception {
        LocalStore store = new LocalStore(dir, ".");
        List<Zone> zones = versions(4);
        for (int v = 0; v < 3; v++) {
            store.save(zones.get(v), v, ContentDigest.of(zones.get(v)), v + 1);
        }
        Path journal = store.directory().resolve("journal-100.wire");
        Files.write(journal, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, java.nio.file.StandardOpenOption.APPEND);
        LocalStore restarted = new LocalStore(dir, ".");
        assertEquals(zones.get(2).serial(), restarted.load().orElseThrow().zone().serial());
        restarted.save(zones.get(3), 3, ContentDigest.of(zones.get(3)), 4);
        assertEquals(zones.get(3).records(), new LocalStore(dir, ".").load().orElseThrow().zone().records());
    }

    /** A full journal is folded into a new zone file; the old files go. */
    @Test
    void aFullJournalStartsANewSnapshot() throws Exception {
        LocalStore store = new LocalStore(dir, ".");
        List<Zone> zones = versions(LocalStore.MAX_JOURNAL_ENTRIES + 2);
        for (int v = 0; v < zones.size(); v++) {
            store.save(zones.get(v), v, ContentDigest.of(zones.get(v)), v + 1);
        }
        long rolled = zones.get(LocalStore.MAX_JOURNAL_ENTRIES + 1).serial();
        assertEquals(List.of("served-" + rolled + ".wire", "state.properties"), files(store));
        assertEquals(zones.get(zones.size() - 1).records(), new LocalStore(dir, ".").load().orElseThrow().zone().records());
    }

    /** One changed bit in a journaled difference: the snapshot is ignored, the node goes to Kafka. */
    @Test
    void aCorruptJournalIsIgnored() throws Exception {
        LocalStore store = new LocalStore(dir, ".");
        List<Zone> zones = versions(3);
        for (int v = 0; v < zones.size(); v++) {
            store.save(zones.get(v), v, ContentDigest.of(zones.get(v)), v + 1);
        }
        Path journal = store.directory().resolve("journal-100.wire");
        byte[] bytes = Files.readAllBytes(journal);
        bytes[bytes.length - 1] ^= 0x01; // one bit of the last added DS digest
        Files.write(journal, bytes);
        assertTrue(new LocalStore(dir, ".").load().isEmpty());
    }
}
