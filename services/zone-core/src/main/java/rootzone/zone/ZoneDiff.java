package rootzone.zone;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.xbill.DNS.Record;

/**
 * The RR-level difference between two versions of a zone, IXFR-style (RFC 1995): the records of the
 * old version that are gone and the records of the new one that are new, each in canonical order. A
 * record whose TTL changed is removed and added again, so apply(diff(a, b), a) equals b exactly.
 */
public record ZoneDiff(long fromSerial, long toSerial, List<Record> removed, List<Record> added) {

    public ZoneDiff {
        removed = Collections.unmodifiableList(new ArrayList<>(removed));
        added = Collections.unmodifiableList(new ArrayList<>(added));
    }

    /** The difference from one version to the next, by one merge walk over both canonical lists. */
    public static ZoneDiff between(Zone from, Zone to) {
        if (!from.origin().equals(to.origin())) {
            throw new IllegalArgumentException("zones differ in origin: " + from.origin() + " and " + to.origin());
        }
        List<Record> a = from.records();
        List<Record> b = to.records();
        List<Record> removed = new ArrayList<>();
        List<Record> added = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            Record x = a.get(i);
            Record y = b.get(j);
            int c = from.compare(i, to, j);
            if (c < 0) {
                removed.add(x);
                i++;
            } else if (c > 0) {
                added.add(y);
                j++;
            } else {
                if (x.getTTL() != y.getTTL()) {
                    removed.add(x);
                    added.add(y);
                }
                i++;
                j++;
            }
        }
        removed.addAll(a.subList(i, a.size()));
        added.addAll(b.subList(j, b.size()));
        return new ZoneDiff(serialOrZero(from), serialOrZero(to), removed, added);
    }

    /**
     * The same difference as {@link #between}, found at the owners that changed (Zone.changedOwners:
     * the blocks the two versions do not share) instead of by a walk over both zones, so that it costs
     * what the change does when one version was made from the other, as the versions a node serves are.
     */
    public static ZoneDiff ofChangedOwners(Zone from, Zone to) {
        return atOwners(from, to, to.changedOwners(from));
    }

    /** The difference at these owners only: the whole one when they are every owner either version changed. */
    public static ZoneDiff atOwners(Zone from, Zone to, java.util.Set<org.xbill.DNS.Name> owners) {
        ZoneDiff d = between(Zone.of(from.origin(), recordsAt(from, owners)), Zone.of(to.origin(), recordsAt(to, owners)));
        return new ZoneDiff(serialOrZero(from), serialOrZero(to), d.removed(), d.added());
    }

    private static List<Record> recordsAt(Zone zone, java.util.Set<org.xbill.DNS.Name> owners) {
        List<Record> out = new ArrayList<>();
        for (org.xbill.DNS.Name owner : owners) {
            for (RRset set : zone.rrsetsAt(owner)) {
                out.addAll(set.records());
            }
        }
        return out;
    }

    private static long serialOrZero(Zone zone) {
        return zone.soa() == null ? 0 : zone.serial();
    }

    public boolean isEmpty() {
        return removed.isEmpty() && added.isEmpty();
    }

    public int size() {
        return removed.size() + added.size();
    }

    /**
     * The difference as text, one record a line: removed ("-") and added ("+") merged in canonical
     * order, a removal before the addition replacing it. What `rootzone zone diff` and `history diff`
     * print and the dashboard shows.
     */
    public List<String> lines() {
        List<String> out = new ArrayList<>(size());
        int i = 0;
        int j = 0;
        while (i < removed.size() || j < added.size()) {
            boolean takeRemoved = j >= added.size()
                    || (i < removed.size() && CanonicalOrder.compare(removed.get(i), added.get(j)) <= 0);
            out.add(takeRemoved ? "-" + removed.get(i++) : "+" + added.get(j++));
        }
        return out;
    }

    /**
     * Applies this difference to the version it was taken from. Strict, as IXFR is: every removed
     * record must be present with the same TTL and no added record may be present already.
     *
     * <p>Only the blocks of {@code from} the changes fall in are rebuilt (Zone.apply); the new version
     * shares everything else with it, so the cost is that of the change, not of the zone.
     *
     * @throws IllegalArgumentException naming the first record that does not fit
     */
    public Zone applyTo(Zone from) {
        byte[][] removedRdata = canonicalRdata(removed);
        byte[][] addedRdata = canonicalRdata(added);
        for (int d = 1; d < added.size(); d++) {
            if (CanonicalOrder.compare(added.get(d - 1), addedRdata[d - 1], added.get(d), addedRdata[d]) >= 0) {
                throw new IllegalArgumentException("diff is not in canonical order or adds a duplicate: " + added.get(d));
            }
        }
        return Zone.apply(from, removed, removedRdata, added, addedRdata);
    }

    private static byte[][] canonicalRdata(List<Record> records) {
        byte[][] rdata = new byte[records.size()][];
        for (int k = 0; k < rdata.length; k++) {
            rdata[k] = records.get(k).rdataToWireCanonical();
        }
        return rdata;
    }
}
