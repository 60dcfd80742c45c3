package rootzone.auditor.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import rootzone.auditor.persist.SealedFile;
import rootzone.auditor.testing.TestZones;
import rootzone.zone.Zone;

/**
 * The index snapshot file: what is written is read back and, appended again, gives an index equal to the
 * one saved (every serial rebuilds to the same zone); a flipped byte, a truncation or another format is
 * refused with the reason, never half-loaded.
 */
class IndexSnapshotFileTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final List<Zone> zones = new ArrayList<>();
    private HistoryIndex index;

    @BeforeEach
    void build() throws Exception {
        zones.addAll(TestZones.changingHistory());
        index = TestZones.index(zones, 4, T0);
    }

    @Test
    void writtenSnapshotLoadsIntoAnEqualIndex() throws Exception {
        IndexSnapshotFile file = new IndexSnapshotFile(dir.resolve("index/root.snapshot"));
        file.write(new IndexSnapshot(".", index.indexed()));
        @SuppressWarnings("unchecked")
        IndexSnapshot read = ((SealedFile.Valid<IndexSnapshot>) assertInstanceOf(SealedFile.Valid.class, file.read())).value();
        assertEquals(".", read.zone());
        assertEquals(index.latest().get().offset() + 1, read.nextOffset());
        assertArrayEquals(index.latest().get().contentDigest(), read.latest().get().contentDigest());
        HistoryIndex loaded = new HistoryIndex(Name.root, 4);
        for (IndexSnapshot.Version v : read.versions()) {
            loaded.append(v.info(), v.delta());
        }
        assertEquals(index.versions().size(), loaded.versions().size());
        for (int i = 0; i < zones.size(); i++) {
            IndexedVersion a = index.versions().get(i);
            IndexedVersion b = loaded.versions().get(i);
            assertEquals(a.serial(), b.serial());
            assertEquals(a.previousSerial(), b.previousSerial());
            assertEquals(a.committedAt(), b.committedAt());
            assertEquals(a.capturedAt(), b.capturedAt());
            assertEquals(a.offset(), b.offset());
            assertEquals(a.zonemd(), b.zonemd());
            assertArrayEquals(a.contentDigest(), b.contentDigest());
            assertEquals(zones.get(i), loaded.zone(zones.get(i).serial()), "serial " + zones.get(i).serial());
        }
        assertEquals(index.delegations(), loaded.delegations());
        assertTrue(Files.notExists(dir.resolve("index/root.snapshot.tmp")));
    }

    @Test
    void aCorruptTruncatedOrOtherFormatFileIsRefusedWithTheReason() throws Exception {
        Path path = dir.resolve("root.snapshot");
        IndexSnapshotFile file = new IndexSnapshotFile(path);
        assertInstanceOf(SealedFile.Absent.class, file.read());
        file.write(new IndexSnapshot(".", index.indexed()));
        byte[] good = Files.readAllBytes(path);

        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 1;
        Files.write(path, flipped);
        assertTrue(reason(file).contains("digest does not match"), reason(file));

        Files.write(path, java.util.Arrays.copyOf(good, good.length - 100));
        assertTrue(reason(file).contains("digest does not match"), reason(file));

        Files.write(path, new byte[10]);
        assertEquals("too short", reason(file));

        new SealedFile(path, ByteBuffer.wrap(good, 0, 4).getInt(), 99).write(out -> out.writeInt(1));
        assertTrue(reason(file).contains("format 99, expected"), reason(file));
    }

    @SuppressWarnings("unchecked")
    private static String reason(IndexSnapshotFile file) {
        return ((SealedFile.Refused<IndexSnapshot>) assertInstanceOf(SealedFile.Refused.class, file.read())).reason();
    }
}
