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
     * Applies this difference to the version it was taken from. Strict, as IXFR is: every removed
     * record must be present with the same TTL and no added record may be present already.
     *
     * @throws IllegalArgumentException naming the first record that does not fit
     */
    public Zone applyTo(Zone from) {
        List<Record> a = from.records();
        List<Record> out = new ArrayList<>(a.size() - removed.size() + added.size());
        int i = 0;
        int r = 0;
        int d = 0;
        while (i < a.size()) {
            Record x = a.get(i);
            if (r < removed.size()) {
                int c = CanonicalOrder.compare(removed.get(r), x);
                if (c < 0) {
                    throw new IllegalArgumentException("removed record not in zone: " + removed.get(r));
                }
                if (c == 0) {
                    if (removed.get(r).getTTL() != x.getTTL()) {
                        throw new IllegalArgumentException("removed record has TTL " + removed.get(r).getTTL()
                                + " but zone has " + x.getTTL() + ": " + x);
                    }
                    r++;
                    i++;
                    continue;
                }
            }
            if (d < added.size()) {
                int c = CanonicalOrder.compare(added.get(d), x);
                if (c < 0) {
                    out.add(added.get(d++));
                    continue;
                }
                if (c == 0) {
                    throw new IllegalArgumentException("added record already in zone: " + x);
                }
            }
            out.add(x);
            i++;
        }
        if (r < removed.size()) {
            throw new IllegalArgumentException("removed record not in zone: " + removed.get(r));
        }
        while (d < added.size()) {
            out.add(added.get(d++));
        }
        try {
            return Zone.ofSorted(from.origin(), out);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("diff is not in canonical order or adds a duplicate: " + e.getMessage(), e);
        }
    }
}
