package rootzone.eventlog;

import java.nio.ByteBuffer;
import org.xbill.DNS.Name;
import rootzone.events.AvroBytes;
import rootzone.events.ResourceRecords;
import rootzone.zone.Zone;

/**
 * A whole zone in the contract's record wire form (each record uncompressed, concatenated: what
 * chunks carry), for a copy kept outside the log such as a node's local snapshot.
 */
public final class ZoneWire {

    private ZoneWire() {}

    public static byte[] encode(Zone zone) {
        return AvroBytes.toArray(RecordWire.encode(zone.records()).getWire());
    }

    /**
     * @param count how many records the bytes hold
     * @throws IllegalArgumentException when the bytes are not exactly {@code count} well-formed records
     */
    public static Zone decode(Name origin, byte[] wire, int count) {
        return Zone.of(origin, RecordWire.decode(ResourceRecords.newBuilder().setCount(count).setWire(ByteBuffer.wrap(wire)).build()));
    }
}
