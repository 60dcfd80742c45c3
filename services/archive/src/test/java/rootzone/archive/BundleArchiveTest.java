package rootzone.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import rootzone.testsupport.SharedData;

/**
 * The in-process bundle reader gives what git gives for the bundle's clone: the same entries (serial,
 * capture time, blob, commit), warnings and texts. On the real history when it is present (skipped,
 * saying so, without it); the synthetic cases are in ZoneArchiveTest, which opens bundles through it.
 */
class BundleArchiveTest {

    @Test
    void theRealHistoryReadsAsItsCloneDoes() throws Exception {
        Path bundle = realHistory();
        try (BundleArchive ours = BundleArchive.open(bundle, null); GitArchive git = GitArchive.fromBundle(bundle, null)) {
            assertEquals(git.entries(), ours.entries());
            assertEquals(git.warnings(), ours.warnings());
            assertArrayEquals(digests(git), digests(ours));
        }
    }

    @Test
    void damageIsRefused() throws Exception {
        Path bundle = realHistory();
        byte[] data = Files.readAllBytes(bundle);
        data[data.length / 2] ^= 0x40;
        Path damaged = Files.createTempFile("damaged-", ".bundle");
        try {
            Files.write(damaged, data);
            ArchiveException e = assertThrows(ArchiveException.class, () -> BundleArchive.open(damaged, null));
            assertEquals(true, e.getMessage().contains("checksum"), e.getMessage());
        } finally {
            Files.delete(damaged);
        }
    }

    /** The shared history bundle; the test is skipped, saying so, without it. */
    static Path realHistory() {
        Path bundle = SharedData.historyBundle();
        Assumptions.assumeTrue(bundle != null && Files.isRegularFile(bundle),
                "no root zone history bundle (" + SharedData.WHERE + "): skipping the real-data test");
        return bundle;
    }

    /** SHA-256 of every text, in the archive's order. */
    private static byte[][] digests(ZoneArchive archive) throws Exception {
        List<byte[]> out = new ArrayList<>();
        archive.read(archive.entries(), (e, text) -> out.add(MessageDigest.getInstance("SHA-256").digest(text)));
        return out.toArray(byte[][]::new);
    }
}
