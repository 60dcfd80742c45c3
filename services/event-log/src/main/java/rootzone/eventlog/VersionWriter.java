package rootzone.eventlog;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import rootzone.eventlog.signing.PublisherSigner;
import rootzone.events.NodeApplied;
import rootzone.events.ResourceRecords;
import rootzone.events.Topics;
import rootzone.events.VersionRejected;
import rootzone.events.ZoneSnapshotChunk;
import rootzone.events.ZoneSnapshotHead;
import rootzone.events.ZoneVersionChunk;
import rootzone.events.ZoneVersionCommitted;
import rootzone.zone.ContentDigest;
import rootzone.zone.ContentRoot;
import rootzone.zone.RRset;
import rootzone.zone.Serial;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/**
 * Writes zone versions, rejections and node status through one chained {@link EventWriter}.
 *
 * <p>A version is ONE transaction: its delta as ZoneVersionChunk records, the closing
 * ZoneVersionCommitted, and optionally a full snapshot (ZoneSnapshotChunk records, then the
 * ZoneSnapshotHead naming the offset of the ZoneVersionCommitted). A read_committed reader sees the
 * version whole or not at all. The ZoneVersionCommitted and the ZoneSnapshotHead carry the
 * publisher's signature over their {@link rootzone.eventlog.signing.CanonicalForm}: this is the one
 * path by which versions enter the log, so every version written is signed.
 */
public final class VersionWriter {

    private final EventWriter writer;
    /** Empty for writers of rejections and node status only (nodes): they publish no version. */
    private final Optional<PublisherSigner> signer;

    /** A writer of versions: every ZoneVersionCommitted and ZoneSnapshotHead is signed with {@code signer}. */
    public VersionWriter(EventWriter writer, PublisherSigner signer) {
        this.writer = Objects.requireNonNull(writer);
        this.signer = Optional.of(signer);
    }

    /** A writer of rejections and node status only (a serving node): {@link #write} refuses. */
    public VersionWriter(EventWriter writer) {
        this.writer = Objects.requireNonNull(writer);
        this.signer = Optional.empty();
    }

    /**
     * Writes {@code next} as the version after {@code previous}.
     *
     * @param previous the zone's last committed version (see {@link VersionLog#lastCommitted}), or null
     *     for the zone's first version, which is then a delta from the empty zone
     * @throws IllegalArgumentException when the zones differ in origin, {@code next} has no SOA, or its
     *     serial is not newer than {@code previous}'s (RFC 1982); nothing is written then
     */
    public WrittenVersion write(Zone previous, Zone next, VersionInfo info) {
        checkSuccession(previous, next, info);
        Zone from = previous != null ? previous : Zone.of(next.origin(), List.of());
        return writeChecked(previous, next, ZoneDiff.between(from, next), ContentDigest.of(next), info);
    }

    /**
     * The same, with the delta and content digest the caller already computed from exactly these two
     * zones (the publisher's gates need both first), so a 22k-record version is not diffed twice.
     */
    public WrittenVersion write(Zone previous, Zone next, ZoneDiff diff, byte[] digest, VersionInfo info) {
        checkSuccession(previous, next, info);
        checkDiff(previous, next, diff, digest);
        return writeChecked(previous, next, diff, digest, info);
    }

    private static void checkDiff(Zone previous, Zone next, ZoneDiff diff, byte[] digest) {
        Objects.requireNonNull(diff, "diff");
        Objects.requireNonNull(digest, "digest");
        if (diff.toSerial() != next.serial() || (previous != null && diff.fromSerial() != previous.serial())) {
            throw new IllegalArgumentException("the diff " + diff.fromSerial() + " -> " + diff.toSerial()
                    + " is not of the zones being written");
        }
    }

    private static void checkSuccession(Zone previous, Zone next, VersionInfo info) {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(info, "info");
        if (next.soa() == null) {
            throw new IllegalArgumentException("zone " + next.origin() + " has no SOA at its apex");
        }
        if (previous != null) {
            if (!previous.origin().equals(next.origin())) {
                throw new IllegalArgumentException("zones differ in origin: " + previous.origin() + " and " + next.origin());
            }
            if (previous.soa() == null) {
                throw new IllegalArgumentException("previous version of " + previous.origin() + " has no SOA");
            }
            if (!Serial.isNewer(next.serial(), previous.serial())) {
                throw new IllegalArgumentException("serial " + next.serial() + " is not newer than the previous "
                        + previous.serial() + " (RFC 1982)");
            }
        }
    }

    /** A version written inside the caller's transaction, and its ZoneVersionCommitted as sent. */
    public record Written(WrittenVersion version, ZoneVersionCommitted committed) {}

    /**
     * One version of a {@link #writeAll} batch.
     *
     * @param previous the version it follows: the one before it in the batch, or the zone's last committed
     * @param diff from {@code previous} to {@code next}
     * @param digest zone-core ContentDigest of {@code next}
     */
    public record Next(Zone previous, Zone next, ZoneDiff diff, byte[] digest, VersionInfo info) {
        public Next {
            checkSuccession(previous, next, info);
            checkDiff(previous, next, diff, digest);
        }
    }

    /**
     * Writes consecutive versions inside the caller's transaction (an import, 50 versions a
     * transaction): each still its own chunks, its own signed ZoneVersionCommitted (and snapshot if
     * asked), chained as if written one by one, so a reader sees every version of the batch or none.
     * Each must follow the one before it. The producer is flushed once for the batch (and before a
     * snapshot, whose head names its version's offset), not once a version: a flush per version was a
     * produce request and a round trip to the broker per version.
     */
    public List<Written> writeAll(EventWriter.Transaction tx, List<Next> versions) {
        for (int i = 1; i < versions.size(); i++) {
            if (versions.get(i).previous() != versions.get(i - 1).next()) {
                throw new IllegalArgumentException("version " + versions.get(i).next().serial()
                        + " does not follow " + versions.get(i - 1).next().serial() + " in the batch");
            }
        }
        List<Sent> sent = new java.util.ArrayList<>(versions.size());
        for (Next v : versions) {
            sent.add(send(tx, v.previous(), v.next(), v.diff(), v.digest(), v.info()));
        }
        tx.flush();
        return sent.stream().map(Sent::written).toList();
    }

    /**
     * The same inside a transaction the caller runs (a LogOperator's, which appends the version's
     * log entry to it): the version commits with whatever else the caller sends.
     */
    public Written write(EventWriter.Transaction tx, Zone previous, Zone next, ZoneDiff diff, byte[] digest, VersionInfo info) {
        checkSuccession(previous, next, info);
        checkDiff(previous, next, diff, digest);
        return writeIn(tx, previous, next, diff, digest, info);
    }

    private WrittenVersion writeChecked(Zone previous, Zone next, ZoneDiff diff, byte[] digest, VersionInfo info) {
        return writer.inTransaction(tx -> writeIn(tx, previous, next, diff, digest, info)).version();
    }

    private Written writeIn(EventWriter.Transaction tx, Zone previous, Zone next, ZoneDiff diff, byte[] digest, VersionInfo info) {
        Sent sent = send(tx, previous, next, diff, digest, info);
        tx.flush();
        return sent.written();
    }

    /** A version's events sent, not necessarily acknowledged yet. */
    private record Sent(long serial, EventWriter.Sent committed, byte[] digest, int chunks, int snapshotChunks) {
        /** Waits for the commit event's offset (immediate once the transaction was flushed). */
        Written written() {
            return new Written(new WrittenVersion(serial, committed.offset(), digest, chunks, snapshotChunks),
                    (ZoneVersionCommitted) committed.event());
        }
    }

    private Sent send(EventWriter.Transaction tx, Zone previous, Zone next, ZoneDiff diff, byte[] digest, VersionInfo info) {
        PublisherSigner key = signer.orElseThrow(() -> new IllegalStateException(
                "this VersionWriter has no publisher signing key: it writes rejections and node status only"));
        String zone = ZoneKeys.of(next.origin());
        Long previousSerial = previous != null ? previous.serial() : null;
        List<Chunks.Part> parts = Chunks.ofDelta(diff.removed(), diff.added());
        // A delta that adds every record (a first version) has the snapshot's chunks as its added records: encoded once.
        boolean wholeZone = diff.removed().isEmpty() && sameRecords(diff.added(), next.records());
        List<ResourceRecords> snapshotParts = !info.snapshot() ? List.of()
                : wholeZone ? parts.stream().map(Chunks.Part::added).toList() : Chunks.ofRecords(next.records());

        for (int i = 0; i < parts.size(); i++) {
            tx.send(Topics.VERSIONS, zone, zone, ZoneVersionChunk.newBuilder()
                    .setEnvelope(Envelopes.placeholder())
                    .setSerial(next.serial())
                    .setPreviousSerial(previousSerial)
                    .setChunkIndex(i)
                    .setChunkCount(parts.size())
                    .setRemoved(parts.get(i).removed())
                    .setAdded(parts.get(i).added())
                    .build());
        }
        EventWriter.Sent committed = tx.send(Topics.VERSIONS, zone, zone, key.sign(zone, ZoneVersionCommitted.newBuilder()
                .setEnvelope(Envelopes.placeholder())
                .setSerial(next.serial())
                .setPreviousSerial(previousSerial)
                .setContentDigest(ByteBuffer.wrap(digest))
                .setZonemd(zonemdText(next))
                .setRecordCount(next.size())
                .setRemovedCount(diff.removed().size())
                .setAddedCount(diff.added().size())
                .setChunkCount(parts.size())
                .setPublisher(info.publisher())
                .setSource(info.source())
                .setCapturedAt(info.capturedAt())
                .setImported(info.imported())
                .setBlastRadiusOverride(info.blastRadiusOverride())
                .setSnapshot(info.snapshot())
                .setRequestKey(info.requestKey())
                .setRequestSignature(info.requestSignature() == null ? null : java.nio.ByteBuffer.wrap(info.requestSignature()))
                .setRelaxations(new java.util.ArrayList<>(info.relaxations()))
                // What readers check the rebuilt zone against (contract v5): the cost of the change.
                .setContentRoot(ByteBuffer.wrap(ContentRoot.of(next)))
                .build()));
        if (info.snapshot()) {
            // The head must name the committed event's offset, known only once it is acknowledged.
            tx.flush();
            writeSnapshot(tx, key, zone, next, digest, snapshotParts, committed.offset());
        }
        return new Sent(next.serial(), committed, digest, parts.size(), snapshotParts.size());
    }

    /** Whether two lists hold the very same record objects in the same order (a check as cheap as walking both). */
    private static boolean sameRecords(List<Record> a, List<Record> b) {
        if (a.size() != b.size()) {
            return false;
        }
        java.util.Iterator<Record> i = a.iterator();
        for (Record r : b) {
            if (i.next() != r) {
                return false;
            }
        }
        return true;
    }

    private static void writeSnapshot(EventWriter.Transaction tx, PublisherSigner key, String zone, Zone next, byte[] digest,
                                      List<ResourceRecords> parts, long versionsOffset) {
        for (int i = 0; i < parts.size(); i++) {
            tx.send(Topics.SNAPSHOTS, Topics.snapshotChunkKey(zone, i), zone, ZoneSnapshotChunk.newBuilder()
                    .setEnvelope(Envelopes.placeholder())
                    .setSerial(next.serial())
                    .setChunkIndex(i)
                    .setChunkCount(parts.size())
                    .setRecords(parts.get(i))
                    .build());
        }
        // Signed with the versions offset: known here, as the commit was flushed first.
        tx.send(Topics.SNAPSHOTS, zone, zone, key.sign(zone, ZoneSnapshotHead.newBuilder()
                .setEnvelope(Envelopes.placeholder())
                .setSerial(next.serial())
                .setChunkCount(parts.size())
                .setRecordCount(next.size())
                .setContentDigest(ByteBuffer.wrap(digest))
                .setVersionsOffset(versionsOffset)
                .build()));
    }

    /** The apex ZONEMD RRset in presentation form, one record per line, or null. */
    static String zonemdText(Zone zone) {
        RRset set = zone.rrset(zone.origin(), Type.ZONEMD);
        if (set == null) {
            return null;
        }
        return set.records().stream().map(Record::toString).collect(Collectors.joining("\n"));
    }

    /**
     * Writes a rejection (built with {@link Envelopes#placeholder()}) to the rejections topic, keyed
     * by zone, in its own transaction. Returns its offset.
     */
    public long rejected(String zone, VersionRejected event) {
        return writer.inTransaction(tx -> {
            EventWriter.Sent sent = rejected(tx, zone, event);
            tx.flush();
            return sent.offset();
        });
    }

    /** The same inside the caller's transaction (a LogOperator's, which appends the rejection's log entry). */
    public EventWriter.Sent rejected(EventWriter.Transaction tx, String zone, VersionRejected event) {
        String key = ZoneKeys.normalize(zone);
        return tx.send(Topics.REJECTIONS, key, key, event);
    }

    /**
     * Writes a node's switch to a version (built with {@link Envelopes#placeholder()}) to the node
     * status topic, keyed by node id, in its own transaction. Returns its offset.
     */
    public long applied(String zone, NodeApplied event) {
        String node = event.getNodeId();
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("NodeApplied needs a node id");
        }
        return writer.writeOne(Topics.NODE_STATUS, node, ZoneKeys.normalize(zone), event);
    }

    public EventWriter eventWriter() {
        return writer;
    }

}
