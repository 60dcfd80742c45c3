package rootzone.tlog;

import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import rootzone.tlog.entry.VersionEntry;
import rootzone.tlog.note.NoteKeys;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.tile.TileStore;
import rootzone.tlog.tile.TiledLog;

/** A log of synthetic version entries in a store, committed at chosen sizes with signed checkpoints. */
final class LogFixture {

    static final String ORIGIN = "rootzone.test/log/root";

    final NoteSigner logKey = NoteSigner.generate(ORIGIN, NoteKeys.ED25519);
    final TiledLog log;
    final List<byte[]> entries = new ArrayList<>();
    /** size → signed checkpoint note text, in commit order. */
    final Map<Long, String> checkpoints = new LinkedHashMap<>();

    LogFixture(TileStore store) throws IOException {
        log = TiledLog.open(store);
    }

    /** The i-th synthetic entry: a version entry with digests derived from i. */
    static byte[] entry(long i) {
        try {
            byte[] zonemd = MessageDigest.getInstance("SHA-384").digest(("zonemd " + i).getBytes());
            byte[] content = MessageDigest.getInstance("SHA-256").digest(("content " + i).getBytes());
            return new VersionEntry(".", 2023110400 + i, i == 0 ? OptionalLong.empty() : OptionalLong.of(2023110400 + i - 1),
                    zonemd, content, "publisher-1", Instant.ofEpochMilli(1699100000000L + i * 43_200_000L), i % 3 == 0).bytes();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Appends entries up to the size, commits with a signed checkpoint; returns its note text. */
    String growTo(long size) throws IOException {
        List<byte[]> batch = new ArrayList<>();
        for (long i = log.size(); i < size; i++) {
            byte[] e = entry(i);
            batch.add(e);
            entries.add(e);
        }
        TiledLog.Staged staged = log.stage(batch);
        String note = SignedNote.sign(staged.checkpoint(ORIGIN).body(), logKey).text();
        log.commit(staged, note);
        checkpoints.put(size, note);
        return note;
    }
}
