package rootzone.auditor.coordination;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import rootzone.coordination.model.InfrastructureChanges;
import rootzone.coordination.model.VersionChanges;
import rootzone.zone.CanonicalOrder;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/**
 * The infrastructure changes of one zone's history, computed as each version is indexed, so a
 * compliance report costs no zone rebuild.
 *
 * <p>Detection only ever reads the apex and the names under root-servers.net
 * ({@link InfrastructureChanges#isWatched}), so only those records are kept (a few dozen), and a
 * version whose delta cannot change them ({@link InfrastructureChanges#canChange}: most only re-sign
 * the apex) costs a scan of its delta. One writer (the zone's replay), many readers.
 */
public final class InfrastructureHistory {

    private final Name origin;
    /** The watched records of the latest version. Writer only. */
    private final TreeMap<Record, Record> watched = new TreeMap<>(CanonicalOrder.RECORDS);
    private final List<VersionChanges> changes = new CopyOnWriteArrayList<>();
    private boolean baseline = true;
    /** The watched records of the latest version as a zone. Writer only. */
    private Zone watchedZone;

    public InfrastructureHistory(Name origin) {
        this.origin = origin;
    }

    /**
     * The next version, already accepted by the history index (its delta applies to the previous one).
     * The first version is the baseline: it has no changes of its own.
     */
    public void accept(long serial, Instant capturedAt, ZoneDiff delta) {
        List<Record> removed = watchedOf(delta.removed());
        List<Record> added = watchedOf(delta.added());
        if (removed.isEmpty() && added.isEmpty()) {
            baseline = false;
            return;
        }
        ZoneDiff watchedDelta = new ZoneDiff(delta.fromSerial(), delta.toSerial(), removed, added);
        // Most versions change only the SOA and what signs it: no zone is built for them (a restart
        // rebuilds this history from every delta of the index snapshot, beside the index).
        boolean detecting = !baseline && InfrastructureChanges.canChange(watchedDelta, origin);
        Zone before = !detecting ? null : watchedZone != null ? watchedZone : Zone.of(origin, watched.values());
        removed.forEach(watched::remove);
        added.forEach(r -> watched.put(r, r));
        baseline = false;
        if (!detecting) {
            watchedZone = null; // built from the watched records when the next detection needs it
            return;
        }
        Zone after = Zone.of(origin, watched.values());
        watchedZone = after;
        VersionChanges found = VersionChanges.of(serial, capturedAt, before, after, watchedDelta);
        if (!found.changes().isEmpty()) {
            changes.add(found);
        }
    }

    /** Forgets every version (the history index was cleared: its replay starts again from offset 0). */
    public void clear() {
        watched.clear();
        watchedZone = null;
        changes.clear();
        baseline = true;
    }

    private List<Record> watchedOf(List<Record> records) {
        List<Record> out = new ArrayList<>();
        for (Record r : records) {
            if (InfrastructureChanges.isWatched(r.getName(), origin)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The versions that carried infrastructure changes, oldest first. */
    public List<VersionChanges> changes() {
        return List.copyOf(changes);
    }
}
