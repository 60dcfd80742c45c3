package rootzone.coordination.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/** The infrastructure changes one zone version carried, with when it was captured. */
public record VersionChanges(long serial, Instant capturedAt, List<InfrastructureChange> changes) {

    public VersionChanges {
        changes = List.copyOf(changes);
    }

    /** The changes a version carried relative to the version before it. */
    public static VersionChanges of(long serial, Instant capturedAt, Zone before, Zone after, ZoneDiff diff) {
        return new VersionChanges(serial, capturedAt, InfrastructureChanges.detect(before, after, diff));
    }

    /**
     * Runs detection over consecutive versions, oldest first, holding only two versions at a time. The
     * first version is the baseline. Versions with no infrastructure change are left out.
     */
    public static List<VersionChanges> scan(Iterator<ZoneVersion> versions) {
        List<VersionChanges> out = new ArrayList<>();
        ZoneVersion previous = null;
        while (versions.hasNext()) {
            ZoneVersion v = versions.next();
            if (previous != null) {
                VersionChanges c = of(v.serial(), v.capturedAt(), previous.zone(), v.zone(),
                        ZoneDiff.between(previous.zone(), v.zone()));
                if (!c.changes().isEmpty()) {
                    out.add(c);
                }
            }
            previous = v;
        }
        return out;
    }
}
