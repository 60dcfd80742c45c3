package rootzone.node.materialize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
