package rootzone.eventlog;

import rootzone.events.AvroBytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.KafkaException;
import org.xbill.DNS.Record;
import rootzone.eventlog.signing.TrustedPublishers;
import rootzone.eventlog.signing.Verdict;
import rootzone.events.Topics;
import rootzone.events.ZoneSnapshotChunk;
import rootzone.events.ZoneSnapshotHead;
import rootzone.kafka.access.KafkaConnection;
import rootzone.zone.Zone;

/**
 * Reads the latest full snapshot of a zone from the compacted snapshot topic. The topic may hold
 * chunks of older snapshots that compaction left behind (an older snapshot had more chunks, or
 * compaction has not run yet): only the chunks whose serial is the latest head's are used, and the
 * rebuilt zone must match the head's digest.
 *
 * <p>Only a head signed by a trusted publisher key counts: a forged head is skipped (logged, counted,
 * handed to the caller's sink) and never bootstrapped from. As compaction keeps only the newest head
 * per zone, a forged head may displace the real one; the reader then finds no snapshot and the caller
 * replays the versions topic, which has everything.
 */
public final class SnapshotReader {


    /** A verified snapshot; follow the versions topic from {@code versionsOffset + 1}. */
    public record Snapshot(Zone zone, long serial, long versionsOffset, byte[] contentDigest) {
        public Snapshot {
            contentDigest = contentDigest.clone();
        }

        @Override
        public byte[] contentDigest() {
            return contentDigest.clone();
        }
    }

    private static final System.Logger LOG = System.getLogger(SnapshotReader.class.getName());

    private final KafkaConnection kafka;
    private final TrustedPublishers trusted;
    private final AtomicLong forgeriesSkipped = new AtomicLong();

    public SnapshotReader(KafkaConnection kafka, TrustedPublishers trusted) {
        this.kafka = Objects.requireNonNull(kafka);
        this.trusted = Objects.requireNonNull(trusted);
    }

    /** Forged snapshot heads skipped by every read so far. */
    public long forgeriesSkipped() {
        return forgeriesSkipped.get();
    }

    public Optional<Snapshot> latest(String zone) {
        return latest(zone, f -> {});
    }

    /**
     * The newest snapshot of the zone, or empty when it has none.
     *
     * @throws EventLogException when the newest head's chunks are missing or do not rebuild to its digest
     */
    public Optional<Snapshot> latest(String zone, Consumer<Forgery> onForgery) {
        String key = ZoneKeys.normalize(zone);
        String chunkPrefix = Topics.snapshotChunkKey(key, 0).substring(0, key.length() + 1);
        List<ZoneSnapshotHead> heads = new ArrayList<>(); // trusted ones, in log order: the last is the newest
        // The newest chunk per serial and index: the only one that matters, as after compaction (per
        // serial, as a forger's chunks may have displaced the trusted head's only where compacted).
        Map<Long, Map<Integer, ZoneSnapshotChunk>> chunks = new HashMap<>();
        try {
            LogReader.toEnd(kafka, "snapshots", LogSource.all(Topics.SNAPSHOTS), 0, r -> {
                if (r.value() == null || r.key() == null) {
                    return true; // a tombstone
                }
                if (r.key().equals(key)) {
                    ZoneSnapshotHead h = decode(r, ZoneSnapshotHead.class);
                    if (trusted.verify(key, h) instanceof Verdict.Untrusted u) {
                        Forgery f = new Forgery(Topics.SNAPSHOTS, r.partition(), r.offset(), key,
                                h.getEnvelope().getProducer(), "ZoneSnapshotHead", h.getSerial(), u.why());
                        forgeriesSkipped.incrementAndGet();
                        LOG.log(System.Logger.Level.WARNING, "skipping a forged snapshot head: " + f.describe());
                        onForgery.accept(f);
                    } else {
                        heads.add(h);
                    }
                } else if (r.key().startsWith(chunkPrefix)) {
                    ZoneSnapshotChunk chunk = decode(r, ZoneSnapshotChunk.class);
                    chunks.computeIfAbsent(chunk.getSerial(), x -> new HashMap<>()).put(chunk.getChunkIndex(), chunk);
                }
                return true;
            });
        } catch (KafkaException e) {
            throw new EventLogException("cannot read the snapshots of " + key + ": " + e.getMessage(), e);
        }
        if (heads.isEmpty()) {
            return Optional.empty();
        }
        ZoneSnapshotHead head = heads.get(heads.size() - 1);
        return Optional.of(assemble(key, head, chunks.getOrDefault(head.getSerial(), Map.of())));
    }

    private static Snapshot assemble(String key, ZoneSnapshotHead head, Map<Integer, ZoneSnapshotChunk> chunks) {
        List<Record> records = new ArrayList<>((int) Math.min(head.getRecordCount(), Integer.MAX_VALUE));
        for (int i = 0; i < head.getChunkCount(); i++) {
            ZoneSnapshotChunk c = chunks.get(i);
            if (c == null || c.getSerial() != head.getSerial() || c.getChunkCount() != head.getChunkCount()) {
                throw new EventLogException("snapshot of " + key + " serial " + head.getSerial() + ": chunk " + i + " of "
                        + head.getChunkCount() + (c == null ? " is missing" : " is of serial " + c.getSerial()));
            }
            try {
                records.addAll(RecordWire.decode(c.getRecords()));
            } catch (IllegalArgumentException e) {
                throw new EventLogException("snapshot of " + key + " serial " + head.getSerial() + ", chunk " + i + ": " + e.getMessage(), e);
            }
        }
        byte[] stated = AvroBytes.toArray(head.getContentDigest());
        Zone zone;
        try {
            zone = VersionApplier.verify(Zone.of(ZoneKeys.origin(key), records), head.getSerial(), head.getRecordCount(),
                    new rootzone.zone.StatedContent.Digest(stated));
        } catch (VersionMismatchException e) {
            throw new EventLogException("snapshot of " + key + " is not what its head states: " + e.getMessage(), e);
        }
        return new Snapshot(zone, head.getSerial(), head.getVersionsOffset(), stated);
    }

    private static <T extends SpecificRecord> T decode(LogEvent r, Class<T> type) {
        if (r.decoded() instanceof LogEvent.Undecodable u) {
            throw new EventLogException(r + " (key " + r.key() + "): " + u.why());
        }
        return r.as(type).orElseThrow(() -> new EventLogException(r + " (key " + r.key() + "): expected " + type.getSimpleName()
                + " but found " + r.type().getSimpleName()));
    }
}
