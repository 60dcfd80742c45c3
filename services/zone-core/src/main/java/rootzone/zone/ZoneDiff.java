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
     * <p>The records kept are already in order with their canonical RDATA (cached by {@code from}):
     * each change finds its place by binary search and the runs between changes are copied, so a
     * version of a 22k-record zone costs its few changes (a few comparisons each), not a comparison
     * per record or a re-sort.
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
        List<Record> a = from.records();
        int n = a.size();
        int size = n - removed.size() + added.size();
        if (size < 0) {
            throw new IllegalArgumentException("diff removes " + removed.size() + " records from a zone of " + n);
        }
        Record[] out = new Record[size];
        byte[][] outRdata = new byte[size][];
        int o = 0;
        int i = 0;
        int r = 0;
        int d = 0;
        // Changes in canonical order; of a removed and an added record with the same key (a TTL change)
        // the removal comes first, so the addition then finds its place free.
        while (r < removed.size() || d < added.size()) {
            boolean removal = d >= added.size() || (r < removed.size()
                    && CanonicalOrder.compare(removed.get(r), removedRdata[r], added.get(d), addedRdata[d]) <= 0);
            Record change = removal ? removed.get(r) : added.get(d);
            byte[] changeRdata = removal ? removedRdata[r] : addedRdata[d];
            int at = lowerBound(from, i, change, changeRdata);
            if (o + (at - i) + (removal ? 0 : 1) > size) {
                // more removals left than records: one of them is not in the zone
                throw new IllegalArgumentException("removed record not in zone: " + removed.get(Math.min(r, removed.size() - 1)));
            }
            for (int k = i; k < at; k++) {
                out[o] = a.get(k);
                outRdata[o++] = from.canonicalRdata(k);
            }
            i = at;
            boolean present = at < n && CanonicalOrder.compare(change, changeRdata, a.get(at), from.canonicalRdata(at)) == 0;
            if (removal) {
                if (!present) {
                    throw new IllegalArgumentException("removed record not in zone: " + change);
                }
                if (change.getTTL() != a.get(at).getTTL()) {
                    throw new IllegalArgumentException("removed record has TTL " + change.getTTL()
                            + " but zone has " + a.get(at).getTTL() + ": " + a.get(at));
                }
                i++;
                r++;
            } else {
                if (present) {
                    throw new IllegalArgumentException("added record already in zone: " + a.get(at));
                }
                out[o] = change;
                outRdata[o++] = changeRdata;
                d++;
            }
        }
        for (int k = i; k < n; k++) {
            out[o] = a.get(k);
            outRdata[o++] = from.canonicalRdata(k);
        }
        // Only the owners this diff touches get new RRsets; every other owner keeps its records, so its RRsets are shared.
        java.util.Set<org.xbill.DNS.Name> changed = new java.util.HashSet<>();
        removed.forEach(rec -> changed.add(rec.getName()));
        added.forEach(rec -> changed.add(rec.getName()));
        return Zone.ofOrdered(from.origin(), java.util.Arrays.asList(out), outRdata, from, changed);
    }

    /** The first index at or after {@code from} whose record is not before {@code record} in canonical order. */
    private static int lowerBound(Zone zone, int from, Record record, byte[] rdata) {
        List<Record> a = zone.records();
        int lo = from;
        int hi = a.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (CanonicalOrder.compare(a.get(mid), zone.canonicalRdata(mid), record, rdata) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static byte[][] canonicalRdata(List<Record> records) {
        byte[][] rdata = new byte[records.size()][];
        for (int k = 0; k < rdata.length; k++) {
            rdata[k] = records.get(k).rdataToWireCanonical();
        }
        return rdata;
    }
}
