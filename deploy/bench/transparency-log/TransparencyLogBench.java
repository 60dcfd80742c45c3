import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import rootzone.tlog.entry.VersionEntry;
import rootzone.tlog.merkle.Hashes;
import rootzone.tlog.merkle.MerkleProofs;
import rootzone.tlog.note.NoteKeys;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.tile.DirectoryTileStore;
import rootzone.tlog.tile.MemoryTileStore;
import rootzone.tlog.tile.TiledLog;
import rootzone.tlog.witness.Witness;

/**
 * Bench helper (java single-file program) for the transparency log, on files in WORKDIR:
 * <ol>
 * <li>append: one version entry appended and the checkpoint signed and written (stage, Ed25519 sign,
 * commit: tiles, bundle, checkpoint files), N times on a log that starts at 1,978 entries; and the
 * witness step a node adds (log signature, consistency proof, cosignature, state file);
 * <li>proofs: a 1,000,000-leaf log on disk, reopened cold; inclusion proofs of random leaves and
 * consistency proofs between random sizes, each verified after timing;
 * <li>tiles: building the tiles of the 1,978-version history from scratch (HISTORY file: one
 * "commit serial capture-time" line per version, oldest first; synthetic when absent).
 * </ol>
 * <pre>java -cp CLASSPATH TransparencyLogBench.java WORKDIR N [HISTORY]</pre>
 * Prints one line per measurement: name, p50, p95, max (ms), count.
 */
public class TransparencyLogBench {

    static final String ORIGIN = "rootzone.bench/log/root";

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        List<byte[]> history = history(args.length > 2 ? Path.of(args[2]) : null);
        System.out.println("# history entries: " + history.size() + (args.length > 2 ? " (real serials and capture times)" : " (synthetic)"));
        NoteSigner key = NoteSigner.generate(ORIGIN, NoteKeys.ED25519);

        // 3. tiles for the history, from scratch, in a fresh directory each run (first runs warm the JIT)
        double[] build = new double[12];
        for (int run = 0; run < build.length; run++) {
            Path dir = work.resolve("history-" + run);
            long t0 = System.nanoTime();
            TiledLog log = TiledLog.open(new DirectoryTileStore(dir));
            TiledLog.Staged s = log.stage(history);
            log.commit(s, SignedNote.sign(s.checkpoint(ORIGIN).body(), key).text());
            build[run] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf("tiles-1978-cold %.1f ms (first run, fresh JVM)%n", build[0]);
        report("tiles-1978-warm", Arrays.copyOfRange(build, 2, build.length));

        // 1. append + sign + commit, one publication at a time, on the history's log
        TiledLog log = TiledLog.open(new DirectoryTileStore(work.resolve("history-0")));
        NoteSigner w = NoteSigner.generate("node-0.rootzone.bench", NoteKeys.COSIGNATURE_V1);
        Witness witness = new Witness(work.resolve("witness.state"), w, key.verifierKey(), Clock.systemUTC());
        witness.cosign(log.checkpoint(), 0, List.of());
        double[] append = new double[n];
        double[] cosign = new double[n];
        double[] stage = new double[n];
        double[] sign = new double[n];
        for (int i = 0; i < n + 200; i++) {
            byte[] entry = entry(2_000_000_000L + i, Instant.now());
            long t0 = System.nanoTime();
            long before = log.size();
            TiledLog.Staged s = log.stage(List.of(entry));
            long ts = System.nanoTime();
            String note = SignedNote.sign(s.checkpoint(ORIGIN).body(), key).text();
            long tn = System.nanoTime();
            log.commit(s, note);
            long t1 = System.nanoTime();
            Witness.Result r = witness.cosign(note, before, log.consistencyProof(before, log.size()));
            long t2 = System.nanoTime();
            if (!(r instanceof Witness.Result.Cosigned)) {
                throw new IllegalStateException("witness refused: " + r);
            }
            if (i >= 200) {
                append[i - 200] = (t1 - t0) / 1e6;
                stage[i - 200] = (ts - t0) / 1e6;
                sign[i - 200] = (tn - ts) / 1e6;
                cosign[i - 200] = (t2 - t1) / 1e6;
            }
        }
        report("append+sign+commit", append);
        report("  of which stage", stage);
        report("  of which sign", sign);
        report("witness-cosign", cosign);

        // the same with the tiles kept in memory: the cost of the Merkle and signing work alone
        TiledLog mem = TiledLog.open(new MemoryTileStore());
        TiledLog.Staged h = mem.stage(history);
        mem.commit(h, SignedNote.sign(h.checkpoint(ORIGIN).body(), key).text());
        double[] inMemory = new double[n];
        for (int i = 0; i < n + 200; i++) {
            byte[] entry = entry(3_000_000_000L + i, Instant.now());
            long t0 = System.nanoTime();
            TiledLog.Staged s = mem.stage(List.of(entry));
            mem.commit(s, SignedNote.sign(s.checkpoint(ORIGIN).body(), key).text());
            if (i >= 200) {
                inMemory[i - 200] = (System.nanoTime() - t0) / 1e6;
            }
        }
        report("append+sign+commit-in-memory", inMemory);

        // 2. a 1,000,000-leaf log, built in batches of 10,000, then reopened with a cold tile cache
        Path big = work.resolve("million");
        TiledLog million = TiledLog.open(new DirectoryTileStore(big));
        long tb = System.nanoTime();
        for (int b = 0; b < 100; b++) {
            List<byte[]> batch = new ArrayList<>(10_000);
            for (int i = 0; i < 10_000; i++) {
                batch.add(("leaf " + (b * 10_000 + i)).getBytes(StandardCharsets.UTF_8));
            }
            TiledLog.Staged s = million.stage(batch);
            million.commit(s, SignedNote.sign(s.checkpoint(ORIGIN).body(), key).text());
        }
        System.out.printf("# built the 1,000,000-leaf log in %.1f s%n", (System.nanoTime() - tb) / 1e9);
        TiledLog cold = TiledLog.open(new DirectoryTileStore(big));
        long size = cold.size();
        Random random = new Random(42);
        double[] incl = new double[n];
        double[] cons = new double[n];
        for (int i = 0; i < n + 200; i++) {
            long treeSize = 1 + (i % 2 == 0 ? size - 1 : (long) (random.nextDouble() * (size - 1)));
            long index = (long) (random.nextDouble() * treeSize);
            long m = 1 + (long) (random.nextDouble() * (treeSize - 1));
            long t0 = System.nanoTime();
            List<byte[]> p = cold.inclusionProof(index, treeSize);
            long t1 = System.nanoTime();
            List<byte[]> c = cold.consistencyProof(m, treeSize);
            long t2 = System.nanoTime();
            byte[] root = cold.treeHash(treeSize);
            byte[] leaf = Hashes.leaf(("leaf " + index).getBytes(StandardCharsets.UTF_8));
            if (!MerkleProofs.verifyInclusion(index, treeSize, leaf, p, root)
                    || !MerkleProofs.verifyConsistency(m, treeSize, cold.treeHash(m), root, c)) {
                throw new IllegalStateException("a proof does not verify");
            }
            if (i >= 200) {
                incl[i - 200] = (t1 - t0) / 1e6;
                cons[i - 200] = (t2 - t1) / 1e6;
            }
        }
        report("inclusion-proof-1M", incl);
        report("consistency-proof-1M", cons);
    }

    static List<byte[]> history(Path file) throws Exception {
        List<byte[]> entries = new ArrayList<>();
        if (file == null) {
            for (int i = 0; i < 1978; i++) {
                entries.add(entry(2023110400L + i, Instant.ofEpochSecond(1_699_100_000L + i * 43_200L)));
            }
            return entries;
        }
        long previous = -1;
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split(" ");
            long serial = Long.parseLong(f[1]);
            // the digests of 1,978 versions would take 1,978 zone parses (the importer's work, not the
            // tile building measured here): stand-ins of the same length, derived from the commit
            byte[] zonemd = MessageDigest.getInstance("SHA-384").digest(f[0].getBytes(StandardCharsets.UTF_8));
            byte[] content = MessageDigest.getInstance("SHA-256").digest(f[0].getBytes(StandardCharsets.UTF_8));
            entries.add(new VersionEntry(".", serial, previous < 0 ? OptionalLong.empty() : OptionalLong.of(previous), zonemd, content,
                    "import", Instant.ofEpochSecond(Long.parseLong(f[2])), true).bytes());
            previous = serial;
        }
        return entries;
    }

    static byte[] entry(long serial, Instant time) throws Exception {
        byte[] zonemd = MessageDigest.getInstance("SHA-384").digest(Long.toString(serial).getBytes(StandardCharsets.UTF_8));
        byte[] content = MessageDigest.getInstance("SHA-256").digest(Long.toString(serial).getBytes(StandardCharsets.UTF_8));
        return new VersionEntry(".", serial, OptionalLong.of(serial - 1), zonemd, content, "maintainer-1", time, false).bytes();
    }

    static void report(String name, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf("%s p50 %.3f p95 %.3f max %.3f ms (n=%d)%n", name, s[s.length / 2], s[(int) (s.length * 0.95)], s[s.length - 1], s.length);
    }
}
