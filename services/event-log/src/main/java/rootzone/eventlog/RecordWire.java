package rootzone.eventlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import rootzone.events.ResourceRecords;

/**
 * Resource records in the contract's wire form: each record in uncompressed DNS wire format (owner,
 * type, class, TTL, RDLENGTH, RDATA), concatenated. Case and TTL are kept exactly.
 */
final class RecordWire {

    /** One record, uncompressed, as it appears in a message's answer section. */
    static byte[] toWire(Record record) {
        return record.toWire(Section.ANSWER);
    }

    static ResourceRecords encode(List<? extends Record> records) {
        return ResourceRecords.newBuilder().setCount(records.size()).setWire(ByteBuffer.wrap(toWire(records))).build();
    }

    /**
     * Records in the contract's wire form, without the Avro record around them: what a copy outside
     * the log (the node's local store) keeps, so it builds and unwraps no ResourceRecords.
     */
    static byte[] toWire(List<? extends Record> records) {
        List<byte[]> wires = new ArrayList<>(records.size());
        for (Record r : records) {
            wires.add(toWire(r));
        }
        return concatBytes(wires);
    }

    /** Records already in wire form (see {@link #toWire}), concatenated. */
    static ResourceRecords concat(List<byte[]> wires) {
        return ResourceRecords.newBuilder().setCount(wires.size()).setWire(ByteBuffer.wrap(concatBytes(wires))).build();
    }

    private static byte[] concatBytes(List<byte[]> wires) {
        int size = 0;
        for (byte[] w : wires) {
            size += w.length;
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        wires.forEach(all::put);
        return all.array();
    }

    /**
     * The records of a ResourceRecords, in order.
     *
     * @throws IllegalArgumentException when the bytes are not exactly {@code count} well-formed records
     */
    static List<Record> decode(ResourceRecords rrs) {
        ByteBuffer buffer = rrs.getWire().duplicate();
        byte[] wire = new byte[buffer.remaining()];
        buffer.get(wire);
        return decode(wire, rrs.getCount());
    }

    /**
     * {@code count} records in wire form (see {@link #toWire(List)}), in order.
     *
     * @throws IllegalArgumentException when the bytes are not exactly {@code count} well-formed records
     */
    static List<Record> decode(byte[] wire, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative record count " + count);
        }
        List<Record> records = new ArrayList<>(count);
        int pos = 0;
        for (int i = 0; i < count; i++) {
            int end = recordEnd(wire, pos, i);
            try {
                records.add(Record.fromWire(Arrays.copyOfRange(wire, pos, end), Section.ANSWER));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("record " + i + " at byte " + pos + " does not parse: " + e.getMessage(), e);
            }
            pos = end;
        }
        if (pos != wire.length) {
            throw new IllegalArgumentException((wire.length - pos) + " bytes left after " + count + " records");
        }
        return records;
    }

    /** Where the record starting at {@code pos} ends: owner labels, 10 fixed bytes, RDATA. */
    private static int recordEnd(byte[] wire, int pos, int index) {
        int p = pos;
        while (true) {
            if (p >= wire.length) {
                throw truncated(index, pos);
            }
            int len = wire[p] & 0xFF;
            if (len == 0) {
                p++;
                break;
            }
            if (len > 63) {
                throw new IllegalArgumentException("record " + index + " at byte " + pos
                        + ": compressed or invalid owner name (label byte " + len + ")");
            }
            p += 1 + len;
        }
        if (p + 10 > wire.length) {
            throw truncated(index, pos);
        }
        int rdlength = ((wire[p + 8] & 0xFF) << 8) | (wire[p + 9] & 0xFF);
        int end = p + 10 + rdlength;
        if (end > wire.length) {
            throw truncated(index, pos);
        }
        return end;
    }

    private static IllegalArgumentException truncated(int index, int pos) {
        return new IllegalArgumentException("record " + index + " at byte " + pos + " is truncated");
    }


    private RecordWire() {}
}
