package rootzone.auditor.testing;

import java.nio.ByteBuffer;
import java.util.List;
import rootzone.eventlog.Envelopes;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionWriter;
import rootzone.eventlog.WrittenVersion;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.eventlog.tlog.LogEntries;
import rootzone.eventlog.tlog.LogNames;
import rootzone.eventlog.tlog.LogOperator;
import rootzone.events.LogCheckpoint;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;
import rootzone.tlog.entry.LogEntry;
import rootzone.tlog.entry.VersionEntry;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.tile.TiledLog;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.Zonemd;

/**
 * A test zone's publisher writes: each version and its VersionEntry in one transaction through
 * event-log's LogOperator, exactly as the publisher's ZoneLog does (same key directory as the test
 * publishers, TestPublisherKey.logSettings()). Tamper tests also put on the topic, with {@link #send},
 * what a lying operator or an attacker would.
 */
public final class TestLogOperator implements AutoCloseable {

    private final LogNames names;
    private final EventWriter events;
    private final VersionWriter versions;
    private final LogOperator operator;
    private Zone previous;

    public TestLogOperator(String zone) {
        this(zone, SharedKafkaBroker.connection(Role.PUBLISHER));
    }

    /** @param publisher the publisher role's connection to a broker of the test's own */
    public TestLogOperator(String zone, rootzone.kafka.access.KafkaConnection publisher) {
        this.names = TestLogKeys.log(zone);
        this.events = new EventWriter(publisher, "rootzone-publisher-tlog-" + names.name(), "tlog-publisher");
        this.versions = new VersionWriter(events, TestPublisherKey.signer());
        this.operator = TestPublisherKey.logSettings().open(publisher, names);
    }

    public TiledLog log() {
        return operator.log();
    }

    public Zone previous() {
        return previous;
    }

    /** Writes a version and its entry in one transaction, as the publisher does. */
    public WrittenVersion publish(Zone next, VersionInfo info) {
        return write(next, info, true, null);
    }

    /** Writes a version whose leaf says what {@code lie} makes of the honest entry. */
    public WrittenVersion publishLying(Zone next, VersionInfo info, java.util.function.UnaryOperator<VersionEntry> lie) {
        return write(next, info, true, lie);
    }

    /** Writes the version only, with no leaf (a dropped entry). */
    public WrittenVersion versionOnly(Zone next, VersionInfo info) {
        return write(next, info, false, null);
    }

    /** The honest entry of a version. */
    public VersionEntry entryOf(Zone next, Zone before, VersionInfo info) {
        return VersionEntry.of(next, before == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(before.serial()),
                info.publisher(), info.capturedAt(), info.imported());
    }

    private WrittenVersion write(Zone next, VersionInfo info, boolean logged, java.util.function.UnaryOperator<VersionEntry> lie) {
        Zone before = previous;
        ZoneDiff diff = ZoneDiff.between(before != null ? before : Zone.of(next.origin(), List.of()), next);
        byte[] digest = ContentDigest.of(next);
        byte[] zonemd = Zonemd.digest(next, Zonemd.SHA384);
        WrittenVersion w = operator.inTransaction(events, tx -> {
            VersionWriter.Written written = versions.write(tx, before, next, diff, digest, info);
            if (logged) {
                VersionEntry entry = LogEntries.version(written.committed(), zonemd);
                tx.append(lie == null ? entry : lie.apply(entry));
            }
            return written.version();
        });
        previous = next;
        return w;
    }

    /** Appends entries with no event of their own (a leaf without event). */
    public void appendOnly(List<LogEntry> entries) {
        operator.inTransaction(events, tx -> {
            entries.forEach(tx::append);
            return null;
        });
    }

    /** A note signed with the log's key over any tree (what a forking operator signs). */
    public String sign(long size, byte[] root) {
        return SignedNote.sign(new Checkpoint(names.origin(), size, root, List.of()).body(), operator.signer()).text();
    }

    /** Sends a LogCheckpoint event as given, behind the operator's back. */
    public void send(long firstIndex, List<byte[]> entries, long treeSize, byte[] root, String note) {
        LogCheckpoint c = LogCheckpoint.newBuilder().setEnvelope(Envelopes.placeholder()).setOrigin(names.origin()).setFirstIndex(firstIndex)
                .setEntries(entries.stream().map(ByteBuffer::wrap).toList()).setTreeSize(treeSize).setRootHash(ByteBuffer.wrap(root))
                .setNote(note).build();
        events.writeOne(names.topic(), names.key(), names.zone(), c);
    }

    @Override
    public void close() {
        events.close();
    }
}
