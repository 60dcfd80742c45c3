package rootzone.node.dns;

import java.util.concurrent.atomic.AtomicReference;
import rootzone.zone.Zone;

/**
 * The version a node serves. A query reads the reference once and is answered entirely from that
 * version, so switching never mixes two versions in one response.
 */
public final class ServedZone {

    private final AtomicReference<ZoneIndex> current = new AtomicReference<>();

    /**
     * Indexes the zone (outside any lock: queries keep using the old version meanwhile) and swaps it
     * in. The index is made from the served one (ZoneIndex.next), sharing what the version did not
     * change. One thread switches (the node's apply thread).
     */
    public ZoneIndex switchTo(Zone zone) {
        ZoneIndex previous = current.get();
        ZoneIndex index = previous == null ? ZoneIndex.of(zone) : previous.next(zone);
        current.set(index);
        return index;
    }

    /** The served version, or null before the first switchTo (queries are then answered SERVFAIL). */
    public ZoneIndex current() {
        return current.get();
    }

    public long servedSerial() {
        ZoneIndex z = current.get();
        return z == null ? -1 : z.zone().serial();
    }
}
