package rootzone.auditor.index;

import java.util.ArrayList;
import java.util.TreeMap;
import org.xbill.DNS.Record;
import rootzone.zone.CanonicalOrder;
import rootzone.zone.ZoneDiff;

/**
 * Folds consecutive deltas into one net delta. Rebuilding a serial then costs one ZoneDiff.applyTo
 * (one Zone construction) whatever the number of versions since the keyframe, and a diff between
 * two serials costs only the records that changed between them.
 *
 * <p>Keys are canonical order (which ignores TTL, RFC 2181 §5.2): a zone holds at most one record per
 * key, and a TTL change is a removal plus an addition, as in ZoneDiff.
 */
final class DeltaComposer {

    private final TreeMap<Record, Record> removed = new TreeMap<>(CanonicalOrder.RECORDS);
    private final TreeMap<Record, Record> added = new TreeMap<>(CanonicalOrder.RECORDS);

    /** Applies the next delta on top of what was composed so far (removals first, as in IXFR). */
    void then(ZoneDiff delta) {
        for (Record r : delta.removed()) {
            remove(r);
        }
        for (Record a : delta.added()) {
            add(a);
        }
    }

    private void remove(Record r) {
        Record pending = added.get(r);
        if (pending != null) {
            if (pending.getTTL() != r.getTTL()) {
                throw new IllegalStateException("delta removes " + r + " but the zone holds it with TTL " + pending.getTTL());
            }
            added.remove(r);
            return;
        }
        if (removed.putIfAbsent(r, r) != null) {
            throw new IllegalStateException("delta removes a record already removed: " + r);
        }
    }

    private void add(Record a) {
        if (added.containsKey(a)) {
            throw new IllegalStateException("delta adds a record already present: " + a);
        }
        Record gone = removed.get(a);
        if (gone != null && gone.getTTL() == a.getTTL()) {
            removed.remove(a);
            return;
        }
        added.put(a, a);
    }

    ZoneDiff result(long fromSerial, long toSerial) {
        return new ZoneDiff(fromSerial, toSerial, new ArrayList<>(removed.values()), new ArrayList<>(added.values()));
    }
}
