package rootzone.eventlog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.xbill.DNS.Record;
import rootzone.events.EventCodec;
import rootzone.events.ZoneVersionChunk;
import rootzone.events.ZoneVersionCommitted;
import rootzone.zone.ZoneDiff;

/**
 * Reassembles versions from one zone's records of the versions topic, fed in offset order. Chunks are
 * grouped per producer: two writers of the same zone (publisher, importer) may interleave on the
 * partition, but each one's chunks and closing event are contiguous in its own transaction.
 */
final class VersionAssembler {

    private final String zone;
    private final EventCodec codec = EventCodec.get();
    private final Map<String, List<ZoneVersionChunk>> pending = new HashMap<>();

    VersionAssembler(String zone) {
        this.zone = zone;
    }

    /**
     * Feeds one record; returns the version it completes, or null.
     *
     * @throws EventLogException when the log does not hold a well-formed version here
     */
    LoggedVersion accept(long offset, String key, byte[] value) {
        if (!zone.equals(key)) {
            return null;
        }
        SpecificRecord event;
        try {
            event = codec.decode(value);
        } catch (RuntimeException e) {
            throw corrupt(offset, "undecodable value: " + e.getMessage());
        }
        String producer = EventCodec.envelopeOf(event).getProducer();
        List<ZoneVersionChunk> chunks = pending.computeIfAbsent(producer, p -> new ArrayList<>());
        if (event instanceof ZoneVersionChunk chunk) {
            if (chunk.getChunkIndex() != chunks.size()) {
                throw corrupt(offset, "chunk " + chunk.getChunkIndex() + " of serial " + chunk.getSerial()
                        + " follows " + chunks.size() + " chunks (not a version boundary, or a chunk is missing)");
            }
            if (!chunks.isEmpty() && (chunks.get(0).getSerial() != chunk.getSerial()
                    || chunks.get(0).getChunkCount() != chunk.getChunkCount()
                    || !Objects.equals(chunks.get(0).getPreviousSerial(), chunk.getPreviousSerial()))) {
                throw corrupt(offset, "chunk of serial " + chunk.getSerial() + " mixed into serial " + chunks.get(0).getSerial());
            }
            chunks.add(chunk);
            return null;
        }
        if (event instanceof ZoneVersionCommitted committed) {
            pending.remove(producer);
            return assemble(offset, committed, chunks);
        }
        throw corrupt(offset, event.getClass().getSimpleName() + " does not belong on the versions topic");
    }

    private LoggedVersion assemble(long offset, ZoneVersionCommitted committed, List<ZoneVersionChunk> chunks) {
        if (chunks.size() != committed.getChunkCount()) {
            throw corrupt(offset, "serial " + committed.getSerial() + " states " + committed.getChunkCount()
                    + " chunks but " + chunks.size() + " precede it");
        }
        List<Record> removed = new ArrayList<>();
        List<Record> added = new ArrayList<>();
        for (ZoneVersionChunk c : chunks) {
            if (c.getSerial() != committed.getSerial() || c.getChunkCount() != committed.getChunkCount()
                    || !Objects.equals(c.getPreviousSerial(), committed.getPreviousSerial())) {
                throw corrupt(offset, "chunk " + c.getChunkIndex() + " is of serial " + c.getSerial()
                        + " but closed by serial " + committed.getSerial());
            }
            try {
                removed.addAll(RecordWire.decode(c.getRemoved()));
                added.addAll(RecordWire.decode(c.getAdded()));
            } catch (IllegalArgumentException e) {
                throw corrupt(offset, "chunk " + c.getChunkIndex() + " of serial " + committed.getSerial() + ": " + e.getMessage());
            }
        }
        if (removed.size() != committed.getRemovedCount() || added.size() != committed.getAddedCount()) {
            throw corrupt(offset, "serial " + committed.getSerial() + " states " + committed.getRemovedCount()
                    + " removed / " + committed.getAddedCount() + " added records, chunks hold "
                    + removed.size() + " / " + added.size());
        }
        long from = committed.getPreviousSerial() == null ? 0 : committed.getPreviousSerial();
        return new LoggedVersion(offset, committed, new ZoneDiff(from, committed.getSerial(), removed, added));
    }

    private EventLogException corrupt(long offset, String what) {
        return new EventLogException("versions topic, zone " + zone + ", offset " + offset + ": " + what);
    }
}
