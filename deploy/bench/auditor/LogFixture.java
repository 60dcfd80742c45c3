import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import rootzone.tlog.entry.VersionEntry;
import rootzone.tlog.note.NoteKeys;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.tile.DirectoryTileStore;
import rootzone.tlog.tile.TiledLog;

/**
 * Makes the auditor's store of a LEAVES-leaf root-zone log (DIR/log/root) as its replay would have
 * left it: version entries of serials 1..LEAVES, a checkpoint signed every 10,000 leaves by a log key
 * made here, its verifier key written to DIR/log-root.vkey. Usage: LogFixture DIR LEAVES
 */
public class LogFixture {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long leaves = Long.parseLong(args[1]);
        NoteSigner signer = NoteSigner.generate("rootzone.localhost/log/root", NoteKeys.ED25519);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("log-root.vkey"), signer.verifierKey().text() + "\n", StandardCharsets.US_ASCII);
        TiledLog log = TiledLog.open(new DirectoryTileStore(dir.resolve("log/root")));
        MessageDigest sha384 = MessageDigest.getInstance("SHA-384");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long t0 = System.nanoTime();
        Instant time = Instant.parse("2023-01-01T00:00:00Z");
        for (long first = 1; first <= leaves; first += 10_000) {
            List<byte[]> batch = new ArrayList<>();
            for (long s = first; s < Math.min(first + 10_000, leaves + 1); s++) {
                byte[] n = Long.toString(s).getBytes(StandardCharsets.US_ASCII);
                batch.add(new VersionEntry(".", s, s == 1 ? OptionalLong.empty() : OptionalLong.of(s - 1), sha384.digest(n),
                        sha256.digest(n), "bench", time.plusSeconds(s), false).bytes());
            }
            TiledLog.Staged staged = log.stage(batch);
            log.commit(staged, SignedNote.sign(staged.checkpoint("rootzone.localhost/log/root").body(), signer).text());
        }
        System.out.printf("store of %d leaves made in %.1f s%n", log.size(), (System.nanoTime() - t0) / 1e9);
    }
}
