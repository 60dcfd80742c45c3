package rootzone.eventlog;

import org.xbill.DNS.Name;
import rootzone.zone.Zone;

/**
 * A whole zone, or a list of records, in the contract's record wire form (each record uncompressed,
 * concatenated: what chunks carry), for a copy kept outside the log such as a node's local snapshot
 * and the journal of differences after it.
 */
public final class ZoneWire {

    private ZoneWire() {}

    public static byte[] encode(Zone zone) {
        return encodeRecords(zone.records());
    }

    /** Records (a difference's removed or added ones) in the same form. */
    public static byte[] encodeRecords(java.util.List<? extends org.xbill.DNS.Record> records) {
        return RecordWire.toWire(records);
    }

    /** @throws IllegalArgumentException when the bytes are not exactly {@code count} well-formed records */
    public static java.util.List<org.xbill.DNS.Record> decodeRecords(byte[] wire, int count) {
        return RecordWire.decode(wire, count);
    }

    /**
     * @param count how many records the bytes hold
     * @throws IllegalArgumentException when the bytes are not exactly {@code count} well-formed records
     */
    public static Zone decode(Name origin, byte[] wire, int count) {
        return Zone.of(origin, decodeRecords(wire, count));
    }
}
