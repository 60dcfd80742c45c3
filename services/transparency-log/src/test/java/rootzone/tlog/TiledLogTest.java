package rootzone.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rootzone.tlog.merkle.HashSource;
import rootzone.tlog.merkle.Hashes;
import rootzone.tlog.merkle.MerkleProofs;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.tile.DirectoryTileStore;
import rootzone.tlog.tile.EntryBundles;
import rootzone.tlog.tile.MemoryTileStore;
import rootzone.tlog.tile.StoreAudit;
import rootzone.tlog.tile.TileConflictException;
import rootzone.tlog.tile.TilePaths;
import rootzone.tlog.tile.TiledLog;

/** The tiled log against the naive definitions, its C2SP layout on disk, reopening, and refusals that change nothing. */
class TiledLogTest {

    @Test
    void rootsAndProofsEqualTheNaiveTreeAtEveryCommit(@TempDir Path dir) throws IOException {
        LogFixture f = new LogFixture(new DirectoryTileStore(dir));
        Random random = new Random(7);
        while (f.log.size() < 1300) {
            long next = f.log.size() + 1 + random.nextInt(random.nextBoolean() ? 3 : 300);
            f.growTo(next);
            HashSource naive = MerkleProofsTest.naive(f.entries);
            int n = f.entries.size();
            assertArrayEquals(MerkleProofsTest.mth(f.entries, 0, n), f.log.root(), "size " + n);
            for (int k = 0; k < 5; k++) {
                int size = 1 + random.nextInt(n);
                int index = random.nextInt(size);
                int m = random.nextInt(size + 1);
                assertProofsEqual(MerkleProofs.inclusion(naive, index, size), f.log.inclusionProof(index, size));
                assertProofsEqual(MerkleProofs.consistency(naive, m, size), f.log.consistencyProof(m, size));
                assertArrayEquals(MerkleProofsTest.mth(f.entries, 0, size), f.log.treeHash(size));
            }
        }
        for (int i : new int[] {0, 255, 256, 1299}) {
            assertArrayEquals(f.entries.get(i), f.log.entry(i));
        }
    }

    @Test
    void tilesAndBundlesAreLaidOutAsC2spSays(@TempDir Path dir) throws IOException {
        LogFixture f = new LogFixture(new DirectoryTileStore(dir));
        f.growTo(256);
        f.growTo(600);
        for (String p : List.of("checkpoint", "tile/0/000", "tile/0/001", "tile/0/002.p/88", "tile/1/000.p/1", "tile/1/000.p/2",
                "tile/entries/000", "tile/entries/001", "tile/entries/002.p/88")) {
            assertTrue(Files.isRegularFile(dir.resolve(p)), p);
        }
        assertEquals(8192, Files.size(dir.resolve("tile/0/001")));
        assertEquals(88 * 32, Files.size(dir.resolve("tile/0/002.p/88")));
        List<byte[]> bundle = EntryBundles.decode(Files.readAllBytes(dir.resolve("tile/entries/001")));
        assertEquals(256, bundle.size());
        assertArrayEquals(f.entries.get(300), bundle.get(44));
        // tile/1/000.p/2 holds the roots of the two full level-0 tiles
        byte[] level1 = Files.readAllBytes(dir.resolve("tile/1/000.p/2"));
        assertArrayEquals(MerkleProofsTest.mth(f.entries, 256, 512), java.util.Arrays.copyOfRange(level1, 32, 64));
        assertEquals("tile/0/x001/x234/067", TilePaths.tile(0, 1234067, 256));
        assertEquals("tile/entries/x001/x234/067.p/5", TilePaths.entries(1234067, 5));
        assertEquals("tile/3/000", TilePaths.tile(3, 0, 256));
        assertEquals("tile/0/999", TilePaths.tile(0, 999, 256));
        assertEquals("tile/0/x001/000", TilePaths.tile(0, 1000, 256));
        for (String ok : List.of("checkpoint", "tile/0/000", "tile/entries/x001/x234/067.p/5", "tile/12/x999/000.p/255")) {
            assertTrue(TilePaths.valid(ok), ok);
        }
        for (String bad : List.of("tile/0/00", "tile/0/x001", "tile/0/000.p/0", "tile/0/000.p/256", "tile/../../etc/passwd",
                "tile/entries/000.p/01", "tile/64/000", "checkpoint2")) {
            assertFalse(TilePaths.valid(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new DirectoryTileStore(dir).read("../x"));
    }

    @Test
    void aReopenedLogContinuesTheSameTree(@TempDir Path dir) throws IOException {
        LogFixture f = new LogFixture(new DirectoryTileStore(dir));
        f.growTo(700);
        TiledLog reopened = TiledLog.open(new DirectoryTileStore(dir));
        assertEquals(700, reopened.size());
        assertArrayEquals(f.log.root(), reopened.root());
        assertEquals(f.log.checkpoint(), reopened.checkpoint());
        assertArrayEquals(f.entries.get(650), reopened.entry(650));
        List<byte[]> more = new ArrayList<>(f.entries);
        List<byte[]> batch = new ArrayList<>();
        for (int i = 700; i < 1030; i++) {
            batch.add(LogFixture.entry(i));
        }
        more.addAll(batch);
        TiledLog.Staged s = reopened.stage(batch);
        reopened.commit(s, SignedNote.sign(s.checkpoint(LogFixture.ORIGIN).body(), f.logKey).text());
        assertArrayEquals(MerkleProofsTest.mth(more, 0, 1030), reopened.root());
        assertProofsEqual(MerkleProofs.consistency(MerkleProofsTest.naive(more), 700, 1030), reopened.consistencyProof(700, 1030));
        assertInstanceOf(StoreAudit.Result.Intact.class, StoreAudit.check(new DirectoryTileStore(dir)));
    }

    @Test
    void stagingChangesNothingUntilCommitAndBadCommitsAreRefused(@TempDir Path dir) throws IOException {
        DirectoryTileStore store = new DirectoryTileStore(dir);
        LogFixture f = new LogFixture(store);
        f.growTo(10);
        byte[] root = f.log.root();
        String checkpoint = f.log.checkpoint();
        TiledLog.Staged dropped = f.log.stage(List.of(LogFixture.entry(10)));
        assertEquals(11, dropped.size());
        assertEquals(10, f.log.size());
        assertArrayEquals(root, f.log.root());
        assertNull(store.read("tile/0/000.p/11"));

        TiledLog.Staged staged = f.log.stage(List.of(LogFixture.entry(10)));
        String otherTree = SignedNote.sign(dropped.checkpoint(LogFixture.ORIGIN).body().replace("\n11\n", "\n12\n"), f.logKey).text();
        assertThrows(IllegalArgumentException.class, () -> f.log.commit(staged, otherTree));
        assertEquals(checkpoint, new String(store.read("checkpoint"), StandardCharsets.UTF_8));
        f.log.commit(staged, SignedNote.sign(staged.checkpoint(LogFixture.ORIGIN).body(), f.logKey).text());
        assertEquals(11, f.log.size());
        // a stage made before the log moved
        assertThrows(IllegalStateException.class, () -> f.log.commit(dropped, f.log.checkpoint()));
        assertThrows(IllegalArgumentException.class, () -> f.log.inclusionProof(3, 12));
        assertThrows(IllegalArgumentException.class, () -> f.log.stage(List.of(new byte[70000])));
    }

    @Test
    void tilesAreImmutable() throws IOException {
        MemoryTileStore store = new MemoryTileStore();
        store.writeOnce("tile/0/000", new byte[] {1});
        store.writeOnce("tile/0/000", new byte[] {1});
        assertThrows(TileConflictException.class, () -> store.writeOnce("tile/0/000", new byte[] {2}));
        assertArrayEquals(new byte[] {1}, store.read("tile/0/000"));
        assertEquals(Set.of("tile/0/000"), store.paths());
    }

    @Test
    void damagedStoresAreFound(@TempDir Path dir) throws IOException {
        LogFixture f = new LogFixture(new DirectoryTileStore(dir));
        f.growTo(600);
        assertEquals(new StoreAudit.Result.Intact(600), StoreAudit.check(new DirectoryTileStore(dir)));

        // a rewritten entry in a full bundle: the rebuilt tree differs from the checkpoint, at that leaf
        Path bundle = dir.resolve("tile/entries/000");
        byte[] original = Files.readAllBytes(bundle);
        List<byte[]> entries = new ArrayList<>(EntryBundles.decode(original));
        entries.set(17, LogFixture.entry(9999));
        Files.write(bundle, EntryBundles.encode(entries));
        StoreAudit.Result r = StoreAudit.check(new DirectoryTileStore(dir));
        assertTrue(r instanceof StoreAudit.Result.Damaged d && d.detail().contains("first differing leaf: 17"), r.toString());
        Files.write(bundle, original);

        // a full tile rewritten
        Path tile = dir.resolve("tile/0/001");
        byte[] t = Files.readAllBytes(tile);
        t[100] ^= 1;
        Files.write(tile, t);
        assertTrue(StoreAudit.check(new DirectoryTileStore(dir)) instanceof StoreAudit.Result.Damaged d2 && d2.detail().contains("tile/0/001"));
        t[100] ^= 1;
        Files.write(tile, t);

        // the right edge rewritten: the log refuses to open
        Path edge = dir.resolve("tile/0/002.p/88");
        byte[] e = Files.readAllBytes(edge);
        e[0] ^= 1;
        Files.write(edge, e);
        IOException refused = assertThrows(IOException.class, () -> TiledLog.open(new DirectoryTileStore(dir)));
        assertTrue(refused.getMessage().contains("do not hash to its checkpoint"), refused.getMessage());
    }

    static void assertProofsEqual(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i));
            assertEquals(Hashes.SIZE, actual.get(i).length);
        }
    }
}
