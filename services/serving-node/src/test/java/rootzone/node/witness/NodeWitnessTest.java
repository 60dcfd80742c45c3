package rootzone.node.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rootzone.tlog.entry.RejectionEntry;
import rootzone.tlog.entry.VersionEntry;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.NoteKeys;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.tile.MemoryTileStore;
import rootzone.tlog.tile.TiledLog;
import rootzone.tlog.witness.Witness;

/**
 * The node's witness over a log the library builds as the publisher does: it cosigns the checkpoint
 * of each applied version with a consistency proof from its own tree, refuses an entry that is not
 * what was applied, a fork and a rollback (also after a restart, from its state file), and its
 * cosignatures verify with Go's crypto/ed25519 (transparency-log's tlogcheck, through GoCosignatures).
 */
class NodeWitnessTest {

    static final String ORIGIN = "rootzone.localhost/log/root";
    final NoteSigner logKey = NoteSigner.generate(ORIGIN, NoteKeys.ED25519);
    final NoteSigner witnessKey = NoteSigner.generate("rootzone.localhost/witness/node-1", NoteKeys.COSIGNATURE_V1);

    @TempDir Path dir;

    /** The publisher's log and the node's tree of it, fed checkpoint by checkpoint as the replay does. */
    final class Log {
        final TiledLog publisher = TiledLog.open(new MemoryTileStore());
        final TiledLog nodeTree = TiledLog.open(new MemoryTileStore());
        NodeWitness witness;

        Log(Path state) throws IOException {
            witness = new NodeWitness(new Witness(state, witnessKey, logKey.verifierKey(), Clock.systemUTC()), nodeTree);
        }

        String publish(byte[]... entries) throws IOException {
            TiledLog.Staged staged = publisher.stage(List.of(entries));
            String note = SignedNote.sign(staged.checkpoint(ORIGIN).body(), logKey).text();
            publisher.commit(staged, note);
            assertInstanceOf(TiledLog.Replayed.Appended.class, nodeTree.appendChecked(List.of(entries), note));
            witness.appended(note);
            return note;
        }
    }

    static byte[] digest(int i) {
        byte[] d = new byte[32];
        d[0] = (byte) i;
        return d;
    }

    static byte[] version(long serial, int digest) {
        return new VersionEntry(".", serial, OptionalLong.of(serial - 1), new byte[48], digest(digest), "maintainer-1",
                Instant.parse("2024-01-01T00:00:00Z"), false).bytes();
    }

    static byte[] rejection(long serial) {
        return new RejectionEntry(".", OptionalLong.of(serial), Optional.of(new byte[32]), "SERIAL_NOT_NEWER", "maintainer-1",
                Instant.parse("2024-01-01T00:00:00Z"), new byte[32]).bytes();
    }

    @Test
    void cosignsEachAppliedVersionsCheckpointAndGoVerifies() throws Exception {
        Log log = new Log(dir.resolve("witness/root.state"));
        String first = log.publish(version(1, 1));
        log.publish(rejection(1));
        String third = log.publish(version(2, 2), version(3, 3));
        NodeWitness.Outcome.Cosigned c1 = cosigned(log.witness.cosignApplied(1, digest(1), Duration.ofSeconds(1)));
        assertEquals(1, c1.size());
        // serial 2 and 3 were published together: the checkpoint of size 4 covers both
        NodeWitness.Outcome.Cosigned c3 = cosigned(log.witness.cosignApplied(3, digest(3), Duration.ofSeconds(1)));
        assertEquals(4, c3.size());
        assertTrue(java.util.Arrays.equals(log.publisher.root(), c3.root()));
        assertEquals(2, log.witness.cosignedCount());
        assertEquals(4, log.witness.witness().lastCosigned().orElseThrow().size());

        // Go's crypto/ed25519 checks both, and refuses one checked against another checkpoint or another key
        String vkey = witnessKey.verifierKey().text();
        String body1 = SignedNote.parse(first).body();
        String body4 = SignedNote.parse(third).body();
        String other = NoteSigner.generate("rootzone.localhost/witness/node-1", NoteKeys.COSIGNATURE_V1).verifierKey().text();
        GoCosignatures.assertVerified(dir, List.of(new String[] {"ok", vkey, body1, base64(c1)},
                new String[] {"ok", vkey, body4, base64(c3)}, new String[] {"fail", vkey, body4, base64(c1)},
                new String[] {"fail", other, body1, base64(c1)}));
    }

    @Test
    void refusesAnEntryThatIsNotWhatWasApplied() throws Exception {
        Log log = new Log(dir.resolve("root.state"));
        log.publish(version(1, 1));
        NodeWitness.Outcome o = log.witness.cosignApplied(1, digest(9), Duration.ofSeconds(1));
        assertTrue(o instanceof NodeWitness.Outcome.Refused r && r.reason().contains("another content digest"), o.toString());
        assertEquals(1, log.witness.refusedCount());
        assertTrue(log.witness.witness().lastCosigned().isEmpty(), "nothing cosigned");
    }

    @Test
    void notLoggedOnceTheFollowerWasIdleTwice() throws Exception {
        Log log = new Log(dir.resolve("root.state"));
        log.publish(version(1, 1));
        Thread follower = new Thread(() -> {
            for (int i = 0; i < 3; i++) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                log.witness.idle();
            }
        });
        long t0 = System.nanoTime();
        follower.start();
        NodeWitness.Outcome o = log.witness.cosignApplied(7, digest(7), Duration.ofSeconds(30));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertInstanceOf(NodeWitness.Outcome.NotLogged.class, o);
        assertTrue(ms < 5_000, "returned after the follower's idle polls, not the 30 s wait: " + ms + " ms");
        follower.join();
    }

    @Test
    void refusesForkAndRollbackAlsoAfterRestart() throws Exception {
        Path state = dir.resolve("root.state");
        Log log = new Log(state);
        log.publish(version(1, 1));
        log.publish(version(2, 2));
        cosigned(log.witness.cosignApplied(2, digest(2), Duration.ofSeconds(1)));

        // restarted: the same state file, a tree rebuilt from another history the log's key signed
        Log fork = new Log(state);
        fork.publish(version(1, 1));
        fork.publish(version(2, 5)); // size 2, another root
        NodeWitness.Outcome forked = fork.witness.cosignApplied(2, digest(5), Duration.ofSeconds(1));
        assertTrue(forked instanceof NodeWitness.Outcome.Refused r && r.reason().startsWith("FORK"), forked.toString());
        fork.publish(version(3, 3));
        NodeWitness.Outcome inconsistent = fork.witness.cosignApplied(3, digest(3), Duration.ofSeconds(1));
        assertTrue(inconsistent instanceof NodeWitness.Outcome.Refused r && r.reason().startsWith("INCONSISTENT"),
                inconsistent.toString());

        // a smaller tree than the one cosigned
        Log older = new Log(state);
        older.publish(version(1, 1));
        NodeWitness.Outcome rollback = older.witness.cosignApplied(1, digest(1), Duration.ofSeconds(1));
        assertTrue(rollback instanceof NodeWitness.Outcome.Refused r && r.reason().startsWith("ROLLBACK"), rollback.toString());
        Checkpoint kept = older.witness.witness().lastCosigned().orElseThrow();
        assertEquals(2, kept.size(), "the state still holds the size-2 checkpoint first cosigned");
        assertTrue(java.util.Arrays.equals(log.publisher.root(), kept.root()));
    }

    private static NodeWitness.Outcome.Cosigned cosigned(NodeWitness.Outcome o) {
        return assertInstanceOf(NodeWitness.Outcome.Cosigned.class, o, o.toString());
    }

    private static String base64(NodeWitness.Outcome.Cosigned c) {
        return c.signature().substring(c.signature().lastIndexOf(' ') + 1);
    }
}
