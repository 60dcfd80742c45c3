package rootzone.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import rootzone.tlog.merkle.MerkleProofs;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.tile.MemoryTileStore;
import rootzone.tlog.tile.TiledLog;

/**
 * What an auditor's replay sees when the events it replays were tampered with under signed
 * checkpoints: a rewritten entry, a dropped entry anywhere (not only the last), and a forked
 * checkpoint (the same size with another root).
 */
class TamperTest {

    /** Replays entries checkpoint by checkpoint, as the auditor does; returns the first mismatch or null. */
    private static TiledLog.Replayed.Mismatch replay(List<byte[]> entries, Map<Long, String> checkpoints) throws IOException {
        TiledLog auditor = TiledLog.open(new MemoryTileStore());
        int next = 0;
        for (Map.Entry<Long, String> cp : checkpoints.entrySet()) {
            int upTo = (int) Math.min(cp.getKey(), entries.size());
            TiledLog.Replayed r = auditor.appendChecked(entries.subList(next, upTo), cp.getValue());
            if (r instanceof TiledLog.Replayed.Mismatch m) {
                return m;
            }
            next = upTo;
        }
        return null;
    }

    private static LogFixture history() throws IOException {
        LogFixture f = new LogFixture(new MemoryTileStore());
        for (long size = 1; size <= 400; size += size < 20 ? 1 : 37) {
            f.growTo(size);
        }
        return f;
    }

    @Test
    void theHonestHistoryReplays() throws IOException {
        LogFixture f = history();
        assertEquals(null, replay(f.entries, f.checkpoints));
    }

    @Test
    void aRewrittenEntryIsReportedAtTheFirstCheckpointAboveIt() throws IOException {
        LogFixture f = history();
        List<byte[]> events = new ArrayList<>(f.entries);
        events.set(5, LogFixture.entry(5000));
        TiledLog.Replayed.Mismatch m = replay(events, f.checkpoints);
        assertEquals(5, m.verifiedSize());
        assertEquals(6, m.checkpointSize());
        // with the log's tiles at hand, the leaf itself is found
        TiledLog replayed = TiledLog.open(new MemoryTileStore());
        TiledLog.Staged s = replayed.stage(events);
        assertEquals(OptionalLong.of(5), MerkleProofs.firstDifference(f.log::subtree, s::subtree, f.log.size()));
    }

    @Test
    void aDroppedEntryAnywhereIsReported() throws IOException {
        LogFixture f = history();
        for (int dropped : new int[] {0, 7, 150, 389}) {
            List<byte[]> events = new ArrayList<>(f.entries);
            events.remove(dropped);
            TiledLog.Replayed.Mismatch m = replay(events, f.checkpoints);
            assertFalse(m == null, "dropping entry " + dropped + " went unnoticed");
            assertEquals(true, m.verifiedSize() <= dropped && dropped < m.checkpointSize(), m.toString());
        }
    }

    @Test
    void aForkedCheckpointIsReported() throws IOException {
        LogFixture f = history();
        // the log signs a second tree of an existing size: entry 3 rewritten
        List<byte[]> forked = new ArrayList<>(f.entries.subList(0, 57));
        forked.set(3, LogFixture.entry(3333));
        TiledLog other = TiledLog.open(new MemoryTileStore());
        TiledLog.Staged s = other.stage(forked);
        String fork = SignedNote.sign(s.checkpoint(LogFixture.ORIGIN).body(), f.logKey).text();
        Checkpoint honest = Checkpoint.parse(SignedNote.parse(f.checkpoints.get(57L)).body());
        Checkpoint forkedCp = Checkpoint.parse(SignedNote.parse(fork).body());
        assertEquals(honest.size(), forkedCp.size());
        // both signatures verify; no proof makes them consistent
        assertFalse(MerkleProofs.verifyConsistency(57, 57, honest.root(), forkedCp.root(), List.of()));
        assertFalse(MerkleProofs.verifyConsistency(57, f.log.size(), forkedCp.root(), f.log.root(), f.log.consistencyProof(57, f.log.size())));
        // an auditor that replayed the honest events rejects the forked checkpoint
        TiledLog auditor = TiledLog.open(new MemoryTileStore());
        TiledLog.Staged replay = auditor.stage(f.entries.subList(0, 57));
        assertArrayEquals(honest.root(), replay.root());
        assertInstanceOf(TiledLog.Replayed.Mismatch.class, auditor.appendChecked(f.entries.subList(0, 57), fork));
        assertEquals(0, auditor.size());
    }
}
