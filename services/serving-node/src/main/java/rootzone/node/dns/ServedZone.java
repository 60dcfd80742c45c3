package rootzone.node.dns;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import rootzone.zone.Zone;

/**
 * The version a node serves. A query reads the reference once and is answered entirely from that
 * version, so switching never mixes two versions in one response.
 */
public final class ServedZone {

    private final AtomicReference<ZoneIndex> current = new AtomicReference<>();
    /** An index made ahead of the first switch ({@link #prepare}), taken or dropped by the first switchTo. */
    private final AtomicReference<ZoneIndex> prepared = new AtomicReference<>();

    /**
     * Indexes the zone (outside any lock: queries keep using the old version meanwhile) and swaps it
     * in. The index is made from the served one (ZoneIndex.next), sharing what the version did not
     * change; the first switch takes the {@link #prepare prepared} index when it was made of this very
     * zone. One thread switches (the node's apply thread).
     */
    public ZoneIndex switchTo(Zone zone) {
        ZoneIndex previous = current.get();
        ZoneIndex ready = prepared.getAndSet(null);
        ZoneIndex index = previous != null ? previous.next(zone) : ready != null && ready.zone() == zone ? ready : ZoneIndex.of(zone);
        current.set(index);
        return index;
    }

    /**
     * Indexes, before anything is served, the zone the first switch will most likely be to (the local
     * snapshot, read while the process boots: issue 14, "Start"), so that switch only swaps it in. Serves
     * nothing; does nothing once a version is served. Any thread.
     *
     * @return the index prepared, or empty when a version is already served
     */
    public Optional<ZoneIndex> prepare(Zone zone) {
        if (current.get() != null) {
            return Optional.empty();
        }
        ZoneIndex index = ZoneIndex.of(zone);
        prepared.set(index);
        return Optional.of(index);
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
