package rootzone.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rootzone.tlog.merkle.Hashes;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.NoteKeys;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.ProofBundle;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.note.WitnessPolicy;
import rootzone.tlog.tile.DirectoryTileStore;
import rootzone.tlog.witness.Witness;

/**
 * rootzone's checkpoints, note signatures, tiles, inclusion and consistency proofs, cosignatures and
 * tlog-proof bundles, verified by Go's golang.org/x/mod/sumdb/note and /tlog and crypto/ed25519,
 * including the tampered and forked variants they must reject.
 */
class GoVerifierTest {

    @Test
    void goVerifiesWhatTheLogProducesAndRejectsTamperedCopies(@TempDir Path dir) throws Exception {
        GoVerifier.assumeAvailable();
        GoVerifier.Cases cases = new GoVerifier.Cases(dir);
        LogFixture f = new LogFixture(new DirectoryTileStore(dir.resolve("log")));
        NoteSigner w1 = NoteSigner.generate("w1.rootzone.test", NoteKeys.COSIGNATURE_V1);
        NoteSigner w2 = NoteSigner.generate("w2.rootzone.test", NoteKeys.COSIGNATURE_V1);
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
        Witness witness1 = new Witness(dir.resolve("w1.state"), w1, f.logKey.verifierKey(), clock);
        Witness witness2 = new Witness(dir.resolve("w2.state"), w2, f.logKey.verifierKey(), clock);
        String logVkey = cases.file("log.vkey", f.logKey.verifierKey().text() + "\n");
        String w1Vkey = cases.file("w1.vkey", w1.verifierKey().text() + "\n");
        String w2Vkey = cases.file("w2.vkey", w2.verifierKey().text() + "\n");
        String logSkey = cases.file("log.key", f.logKey.text() + "\n");
        cases.add("signer", true, logSkey, logVkey);
        String otherVkey = cases.file("other.vkey", NoteSigner.generate(LogFixture.ORIGIN, NoteKeys.ED25519).verifierKey().text());

        // sizes around tile boundaries of levels 0, 1 and 2; each checkpoint cosigned by both witnesses
        long[] sizes = {1, 2, 255, 256, 257, 1000, 65535, 65536, 65537, 70001};
        long last = 0;
        String note = null;
        for (long size : sizes) {
            note = f.growTo(size);
            SignedNote cosigned = SignedNote.parse(note);
            for (Witness w : List.of(witness1, witness2)) {
                Witness.Result r = w.cosign(note, last, f.log.consistencyProof(last, size));
                cosigned = cosigned.with(assertInstanceOf(Witness.Result.Cosigned.class, r).cosignature());
            }
            note = cosigned.text();
            f.log.replaceCheckpoint(note);
            last = size;
        }
        for (Map.Entry<Long, String> cp : f.checkpoints.entrySet()) {
            String file = cases.file("checkpoints/" + cp.getKey(), cp.getValue());
            cases.add("note", true, file, logVkey);
            cases.add("note", false, file, otherVkey);
            cases.add("tiles", true, "log", cp.getKey(), GoVerifier.b64(f.log.treeHash(cp.getKey())));
        }
        String finalNote = cases.file("final.note", note);
        cases.add("note", true, finalNote, logVkey);
        cases.add("cosig", true, finalNote, w1Vkey);
        cases.add("cosig", true, finalNote, w2Vkey);
        cases.add("cosig", false, "checkpoints/70001", w1Vkey); // the log's own note carries no cosignature
        cases.add("signer", false, logSkey, otherVkey);

        // a rewritten root under the log's signature, and a cosignature whose timestamp was changed
        Checkpoint cp = Checkpoint.parse(SignedNote.parse(note).body());
        byte[] otherRoot = Hashes.leaf("fork".getBytes());
        String forgedBody = new Checkpoint(cp.origin(), cp.size(), otherRoot, List.of()).body();
        SignedNote original = SignedNote.parse(note);
        cases.add("note", false, cases.file("forged-root.note", new SignedNote(forgedBody, original.signatures()).text()), logVkey);
        cases.add("cosig", false, cases.file("forged-cosig.note", bumpTimestamp(note, w1.name())), w1Vkey);

        // the same size with another root, both signed by the log: a fork, no consistency proof joins them
        cases.add("consistency", false, cp.size(), cp.size(), GoVerifier.b64(cp.root()), GoVerifier.b64(otherRoot), "-");
        cases.add("tiles", false, "log", cp.size(), GoVerifier.b64(otherRoot));

        long size = f.log.size();
        byte[] root = f.log.root();
        for (long index : new long[] {0, 1, 254, 255, 256, 257, 999, 65535, 65536, 65537, 70000, 12345}) {
            for (long treeSize : new long[] {index + 1, 65536, size}) {
                if (treeSize <= index || treeSize > size) {
                    continue;
                }
                byte[] r = f.log.treeHash(treeSize);
                List<byte[]> p = f.log.inclusionProof(index, treeSize);
                cases.add("inclusion", true, index, treeSize, GoVerifier.b64(f.entries.get((int) index)), GoVerifier.b64(r), GoVerifier.proof(p));
            }
        }
        List<byte[]> p = f.log.inclusionProof(1000, size);
        // a rewritten entry, a proof with one hash changed, the right entry at the wrong index
        cases.add("inclusion", false, 1000, size, GoVerifier.b64(LogFixture.entry(1001)), GoVerifier.b64(root), GoVerifier.proof(p));
        List<byte[]> bad = new java.util.ArrayList<>(p);
        bad.set(3, Hashes.leaf("x".getBytes()));
        cases.add("inclusion", false, 1000, size, GoVerifier.b64(f.entries.get(1000)), GoVerifier.b64(root), GoVerifier.proof(bad));
        cases.add("inclusion", false, 1001, size, GoVerifier.b64(f.entries.get(1000)), GoVerifier.b64(root), GoVerifier.proof(p));

        long[][] pairs = {{1, 2}, {1, 70001}, {2, 255}, {255, 256}, {256, 257}, {257, 1000}, {1000, 65535}, {65535, 65536},
                {65536, 65537}, {65537, 70001}, {3, 70001}, {12345, 70001}, {100, 65536}, {70001, 70001}, {5, 7}};
        for (long[] mn : pairs) {
            List<byte[]> cproof = f.log.consistencyProof(mn[0], mn[1]);
            cases.add("consistency", true, mn[0], mn[1], GoVerifier.b64(f.log.treeHash(mn[0])), GoVerifier.b64(f.log.treeHash(mn[1])),
                    GoVerifier.proof(cproof));
        }
        // a consistency proof against a rewritten old tree (one entry changed at index 10)
        List<byte[]> cproof = f.log.consistencyProof(1000, size);
        cases.add("consistency", false, 1000, size, GoVerifier.b64(Hashes.leaf("rewritten".getBytes())), GoVerifier.b64(root),
                GoVerifier.proof(cproof));

        // x/mod's own proofs, from our tiles, are ours byte for byte
        for (long[] im : new long[][] {{0, 1}, {300, 256}, {65600, 65537}, {70000, 12345}}) {
            cases.add("sameproofs", true, "log", size, GoVerifier.b64(root), im[0], im[1],
                    GoVerifier.proof(f.log.inclusionProof(im[0], size)), GoVerifier.proof(f.log.consistencyProof(im[1], size)));
        }

        // a tlog-proof bundle for one entry, checked by Go and by our own offline verifier against a policy
        ProofBundle bundle = new ProofBundle(Optional.of(f.entries.get(4242)), 4242, f.log.inclusionProof(4242, size), note);
        String bundleFile = cases.file("entry-4242.tlog-proof", bundle.text());
        cases.add("bundle", true, bundleFile, logVkey, GoVerifier.b64(f.entries.get(4242)));
        cases.add("bundle", false, bundleFile, logVkey, GoVerifier.b64(f.entries.get(4243)));
        WitnessPolicy policy = WitnessPolicy.parse("log " + f.logKey.verifierKey().text() + "\nwitness a " + w1.verifierKey().text()
                + "\nwitness b " + w2.verifierKey().text() + "\ngroup nodes 2 a b\nquorum nodes\n");
        ProofBundle parsed = ProofBundle.parse(bundle.text());
        assertInstanceOf(ProofBundle.Result.Proven.class, parsed.verify(parsed.extra().orElseThrow(), policy));

        String out = GoVerifier.run(cases);
        System.out.print(out);
        assertTrue(out.startsWith("exit 0\n"), out);
        assertTrue(out.contains("checked " + cases.size() + " cases, 0 mismatches"), out);
        assertEquals(cases.size(), out.lines().filter(l -> l.startsWith("AS EXPECTED")).count(), out);
    }

    /** The note with the named cosignature's timestamp changed by one second (signature left alone). */
    private static String bumpTimestamp(String note, String name) {
        SignedNote n = SignedNote.parse(note);
        SignedNote out = n;
        for (var s : n.signatures()) {
            if (s.name().equals(name)) {
                byte[] sig = s.signature();
                sig[7]++;
                out = out.with(new rootzone.tlog.note.NoteSignature(s.name(), s.keyId(), sig));
            }
        }
        Base64.getEncoder();
        return out.text();
    }
}
