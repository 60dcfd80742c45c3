package rootzone.tlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rootzone.tlog.merkle.Hashes;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.NoteKeys;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.tile.MemoryTileStore;
import rootzone.tlog.tile.TiledLog;
import rootzone.tlog.witness.Witness;
import rootzone.tlog.witness.Witness.Refusal;

/** A node's witness: cosigns consistent growth, refuses forks, rollbacks, bad proofs and foreign signatures, and remembers across restarts. */
class WitnessTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
    private final NoteSigner cosigner = NoteSigner.generate("node-1.rootzone.test", NoteKeys.COSIGNATURE_V1);

    @Test
    void cosignsAConsistentlyGrowingLog(@TempDir Path dir) throws IOException {
        LogFixture f = new LogFixture(new MemoryTileStore());
        Witness w = new Witness(dir.resolve("witness/root.state"), cosigner, f.logKey.verifierKey(), CLOCK);
        long last = 0;
        for (long size : new long[] {1, 2, 3, 300, 300, 1000}) {
            String note = f.growTo(size);
            Witness.Result r = w.cosign(note, last, f.log.consistencyProof(last, size));
            Witness.Result.Cosigned c = assertInstanceOf(Witness.Result.Cosigned.class, r, r.toString());
            assertTrue(c.line().startsWith("\u2014 node-1.rootzone.test "));
            assertTrue(w.verifierKey().verifies(SignedNote.parse(note).body(), c.cosignature()));
            last = size;
        }
        assertEquals(1000, w.lastCosigned().orElseThrow().size());
        assertEquals(Checkpoint.parse(SignedNote.parse(f.log.checkpoint()).body()).body(), Files.readString(dir.resolve("witness/root.state")));
    }

    @Test
    void refusesForksRollbacksAndBadProofsAlsoAfterARestart(@TempDir Path dir) throws IOException {
        LogFixture f = new LogFixture(new MemoryTileStore());
        Path state = dir.resolve("root.state");
        Witness w = new Witness(state, cosigner, f.logKey.verifierKey(), CLOCK);
        String at10 = f.growTo(10);
        assertInstanceOf(Witness.Result.Cosigned.class, w.cosign(at10, 0, List.of()));
        String at20 = f.growTo(20);
        List<byte[]> proof = f.log.consistencyProof(10, 20);
        assertInstanceOf(Witness.Result.Cosigned.class, w.cosign(at20, 10, proof));

        // the log signs another tree of size 20 (entry 15 rewritten): a fork
        List<byte[]> forked = new ArrayList<>(f.entries);
        forked.set(15, LogFixture.entry(999));
        TiledLog other = TiledLog.open(new MemoryTileStore());
        TiledLog.Staged s = other.stage(forked);
        String fork = SignedNote.sign(s.checkpoint(LogFixture.ORIGIN).body(), f.logKey).text();
        other.commit(s, fork);
        assertRefused(Refusal.FORK, w.cosign(fork, 20, List.of()));
        // and a restarted witness still knows
        Witness restarted = new Witness(state, cosigner, f.logKey.verifierKey(), CLOCK);
        assertRefused(Refusal.FORK, restarted.cosign(fork, 20, List.of()));
        assertRefused(Refusal.ROLLBACK, restarted.cosign(at10, 20, List.of()));
        // a larger tree grown from the fork does not prove consistent with what was cosigned
        s = other.stage(List.of(LogFixture.entry(20), LogFixture.entry(21)));
        String forkGrown = SignedNote.sign(s.checkpoint(LogFixture.ORIGIN).body(), f.logKey).text();
        other.commit(s, forkGrown);
        assertRefused(Refusal.INCONSISTENT, restarted.cosign(forkGrown, 20, other.consistencyProof(20, 22)));
        // the honest log's next checkpoint, but with a proof from the wrong size, no proof, or a damaged proof
        String at30 = f.growTo(30);
        Witness.Result.Refused r = assertRefused(Refusal.OLD_SIZE_MISMATCH, restarted.cosign(at30, 10, f.log.consistencyProof(10, 30)));
        assertEquals(20, r.knownSize());
        assertRefused(Refusal.INCONSISTENT, restarted.cosign(at30, 20, List.of()));
        List<byte[]> damaged = new ArrayList<>(f.log.consistencyProof(20, 30));
        damaged.set(0, Hashes.leaf(new byte[0]));
        assertRefused(Refusal.INCONSISTENT, restarted.cosign(at30, 20, damaged));
        // signed by someone else, or not a note at all
        String foreign = SignedNote.sign(SignedNote.parse(at30).body(), NoteSigner.generate(LogFixture.ORIGIN, NoteKeys.ED25519)).text();
        assertRefused(Refusal.BAD_SIGNATURE, restarted.cosign(foreign, 20, f.log.consistencyProof(20, 30)));
        assertRefused(Refusal.MALFORMED, restarted.cosign("hello\n", 20, List.of()));
        assertEquals(20, restarted.lastCosigned().orElseThrow().size());
        // then the right request succeeds
        assertInstanceOf(Witness.Result.Cosigned.class, restarted.cosign(at30, 20, f.log.consistencyProof(20, 30)));
    }

    @Test
    void refusesAStateFileOfAnotherLog(@TempDir Path dir) throws IOException {
        Path state = dir.resolve("s");
        Files.writeString(state, "another.log\n1\n" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        NoteSigner log = NoteSigner.generate(LogFixture.ORIGIN, NoteKeys.ED25519);
        assertThrows(IOException.class, () -> new Witness(state, cosigner, log.verifierKey(), CLOCK));
        Files.writeString(state, "garbage");
        assertThrows(IOException.class, () -> new Witness(state, cosigner, log.verifierKey(), CLOCK));
    }

    private static Witness.Result.Refused assertRefused(Refusal expected, Witness.Result r) {
        Witness.Result.Refused refused = assertInstanceOf(Witness.Result.Refused.class, r, r.toString());
        assertEquals(expected, refused.refusal(), refused.detail());
        return refused;
    }
}
