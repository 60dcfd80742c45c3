package rootzone.eventlog;

import rootzone.events.ZoneVersionCommitted;
import rootzone.zone.ZoneDiff;

/**
 * One version as read back from the versions topic: reassembled from its chunks and checked
 * (indices, counts, serials) against its closing event.
 *
 * @param offset offset of the ZoneVersionCommitted (what a ZoneSnapshotHead or NodeApplied names)
 * @param diff the delta from previousSerial (or from the empty zone for the first version)
 */
public record LoggedVersion(long offset, ZoneVersionCommitted committed, ZoneDiff diff) {

    public long serial() {
        return committed.getSerial();
    }

    /** Null for the first version of a zone. */
    public Long previousSerial() {
        return committed.getPreviousSerial();
    }
}
