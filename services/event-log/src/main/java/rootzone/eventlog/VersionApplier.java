package rootzone.eventlog;

import rootzone.events.AvroBytes;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;
import rootzone.events.RejectReason;
import rootzone.events.ZoneVersionCommitted;
import rootzone.zone.VersionChecks;
import rootzone.zone.Zone;

/**
 * Applies a logged version to the zone it follows and checks the result against what the version
 * states (serial, record count, content digest): the step shared by rebuilding from the log and by a
 * serving node following it.
 */
public final class VersionApplier {

    /**
     * @param current the version the delta is from, or null before the zone's first version
     * @param origin the zone's origin (used when {@code current} is null)
     * @return the new version, verified
     * @throws VersionMismatchException when it does not fit or does not verify; nothing is changed
     */
    public static Zone apply(Zone current, Name origin, LoggedVersion version) {
        ZoneVersionCommitted c = version.committed();
        Long previousSerial = c.getPreviousSerial();
        Zone base;
        if (previousSerial == null) {
            base = Zone.of(origin, List.of());
        } else if (current == null || current.soa() == null || current.serial() != previousSerial) {
            throw new VersionMismatchException(RejectReason.SERIAL_GAP, "serial " + c.getSerial() + " follows " + previousSerial
                    + " but the current version is " + (current == null || current.soa() == null ? "none" : current.serial()));
        } else {
            base = current;
        }
        Zone next;
        try {
            next = version.diff().applyTo(base);
        } catch (IllegalArgumentException e) {
            throw new VersionMismatchException(RejectReason.DIFF_DOES_NOT_APPLY, "serial " + c.getSerial() + ": " + e.getMessage());
        }
        if (next.soa() == null || next.serial() != c.getSerial()) {
            throw new VersionMismatchException(RejectReason.SERIAL_MISMATCH, "the rebuilt zone has serial "
                    + (next.soa() == null ? "none" : next.serial()) + ", the version states " + c.getSerial());
        }
        if (next.size() != c.getRecordCount()) {
            throw new VersionMismatchException(RejectReason.RECORD_COUNT_MISMATCH, "serial " + c.getSerial() + " rebuilt with "
                    + next.size() + " records, the version states " + c.getRecordCount());
        }
        Optional<VersionChecks.Failure> digest = VersionChecks.digest(next, AvroBytes.toArray(c.getContentDigest()));
        if (digest.isPresent()) {
            throw new VersionMismatchException(RejectReasons.of(digest.get().failed()), digest.get().detail());
        }
        return next;
    }


    private VersionApplier() {}
}
