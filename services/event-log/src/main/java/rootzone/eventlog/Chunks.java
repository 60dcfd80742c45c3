package rootzone.eventlog;

import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Record;
import rootzone.events.ResourceRecords;
import rootzone.events.Topics;

/**
 * Splits records into chunks whose encoded Kafka value stays under {@link Topics#MAX_RECORD_BYTES}:
 * the records' wire bytes fill at most {@link #WIRE_BUDGET}, the rest is left for the envelope and
 * the other fields of the event.
 */
final class Chunks {

    /** Room for envelope (UUID, names, hash), Avro framing and the chunk's own fields. */
    static final int HEADROOM = 16 * 1024;
    static final int WIRE_BUDGET = Topics.MAX_RECORD_BYTES - HEADROOM;

    /** One chunk of a delta: some removed records, then some added ones (either may be empty). */
    record Part(ResourceRecords removed, ResourceRecords added) {}

    /**
     * Chunks of a delta. Concatenating every part's removed (added) records gives {@code removed}
     * ({@code added}) in order. An empty delta gives no chunk.
     */
    static List<Part> ofDelta(List<Record> removed, List<Record> added) {
        List<Part> parts = new ArrayList<>();
        List<byte[]> currentRemoved = new ArrayList<>();
        List<byte[]> currentAdded = new ArrayList<>();
        int used = 0;
        for (int pass = 0; pass < 2; pass++) {
            List<byte[]> wires = wires(pass == 0 ? removed : added);
            for (byte[] wire : wires) {
                if (used + wire.length > WIRE_BUDGET && used > 0) {
                    parts.add(new Part(RecordWire.concat(currentRemoved), RecordWire.concat(currentAdded)));
                    currentRemoved = new ArrayList<>();
                    currentAdded = new ArrayList<>();
                    used = 0;
                }
                (pass == 0 ? currentRemoved : currentAdded).add(wire);
                used += wire.length;
            }
        }
        if (used > 0) {
            parts.add(new Part(RecordWire.concat(currentRemoved), RecordWire.concat(currentAdded)));
        }
        return parts;
    }

    /** From this many records on, they are put in wire form side by side (a first version, a snapshot). */
    private static final int PARALLEL_RECORDS = 100_000;

    private static List<byte[]> wires(List<Record> records) {
        if (records.size() < PARALLEL_RECORDS) {
            return records.stream().map(RecordWire::toWire).toList();
        }
        return java.util.Arrays.asList(records.parallelStream().map(RecordWire::toWire).toArray(byte[][]::new));
    }

    /** Chunks of a full record list (a snapshot). */
    static List<ResourceRecords> ofRecords(List<Record> records) {
        return ofDelta(List.of(), records).stream().map(Part::added).toList();
    }

    private Chunks() {}
}
