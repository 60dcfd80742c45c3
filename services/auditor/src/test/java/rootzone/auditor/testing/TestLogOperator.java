package rootzone.auditor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import rootzone.auditor.tlog.LogNames;
import rootzone.eventlog.Envelopes;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionWriter;
import rootzone.eventlog.WrittenVersion;
import rootzone.eventlog.ZoneKeys;
import rootzone.events.LogCheckpoint;
import rootzone.events.Topics;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;
import rootzone.tlog.entry.VersionEntry;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.tile.MemoryTileStore;
import rootzone.tlog.tile.TiledLog;
import rootzone.zone.Zone;

/**
 * A test zone's log operator, standing in for the publisher until it writes LogCheckpoint events
 * itself (branch tlog-log; to be replaced by the real publisher once merged): writes each version with
 * event-log's VersionWriter, then its LogCheckpoint (stage, sign, send, commit as
 * docs/transparency-log.md "Integration" says) under the publisher role. Tamper tests also use
 * {@link #send} to put on the topic what an attacker or a lying operator would.
 */
public final class TestLogOperator implements AutoCloseable {

    private final String zone;
    private final String origin;
    private final NoteSigner signer;
    private final EventWriter events;
    private final VersionWriter versions;
    private final TiledLog log;
    private Zone previous;

    public TestLogOperator(String zone) {
        this.zone = ZoneKeys.normalize(zone);
        String name = LogNames.of(zone);
        this.origin = LogNames.origin(LogNames.DEFAULT_PREFIX, name);
        this.signer = TestLogKeys.logSigner(name);
        this.events = new EventWriter(SharedKafkaBroker.connection(Role.PUBLISHER), "rootzone-publisher-tlog-" + name, "tlog-publisher");
        this.versions = new VersionWriter(events, rootzone.eventlog.testing.TestPublisherKey.signer());
        try {
            this.log = TiledLog.open(new MemoryTileStore());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String origin() {
        return origin;
    }

    public TiledLog log() {
        return log;
    }

    /** Writes the version only (no leaf). */
    public WrittenVersion versionOnly(Zone next, VersionInfo info) {
        WrittenVersion w = versions.write(previous, next, info);
        previous = next;
        return w;
    }

    /** The entry the publisher would log for this version. */
    public VersionEntry entryOf(Zone next, Zone before, VersionInfo info) {
        return VersionEntry.of(next, before == null ? OptionalLong.empty() : OptionalLong.of(before.serial()), info.publisher(),
                info.capturedAt(), info.imported());
    }

    /** Writes a version and its log entry, as the publisher does. */
    public WrittenVersion publish(Zone next, VersionInfo info) {
        Zone before = previous;
        WrittenVersion w = versionOnly(next, info);
        append(List.of(entryOf(next, before, info).bytes()));
        return w;
    }

    /** Appends entries to the operator's log and writes the LogCheckpoint; returns the signed note. */
    public String append(List<byte[]> entries) {
        return append(entries, true);
    }

    /** Appends entries to the operator's log, writing its LogCheckpoint only when told to (a dropped event otherwise). */
    public String append(List<byte[]> entries, boolean sendEvent) {
        long first = log.size();
        TiledLog.Staged staged = log.stage(entries);
        String note = SignedNote.sign(staged.checkpoint(origin).body(), signer).text();
        if (sendEvent) {
            send(first, entries, staged.size(), staged.root(), note);
        }
        try {
            log.commit(staged, note);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return note;
    }

    /** A note signed with the log's key over a tree that is not the operator's (a fork). */
    public String sign(long size, byte[] root) {
        return SignedNote.sign(new rootzone.tlog.note.Checkpoint(origin, size, root, List.of()).body(), signer).text();
    }

    /** Sends a LogCheckpoint event as given. */
    public void send(long firstIndex, List<byte[]> entries, long treeSize, byte[] root, String note) {
        LogCheckpoint c = LogCheckpoint.newBuilder().setEnvelope(Envelopes.placeholder()).setOrigin(origin).setFirstIndex(firstIndex)
                .setEntries(entries.stream().map(ByteBuffer::wrap).toList()).setTreeSize(treeSize).setRootHash(ByteBuffer.wrap(root))
                .setNote(note).build();
        events.writeOne(Topics.LOG_CHECKPOINTS, zone, zone, c);
    }

    public VersionWriter versions() {
        return versions;
    }

    /** The zone of the latest version written. */
    public Zone previous() {
        return previous;
    }

    @Override
    public void close() {
        events.close();
    }
}
