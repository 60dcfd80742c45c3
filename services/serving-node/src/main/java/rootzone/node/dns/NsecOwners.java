package rootzone.node.dns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The nodes owning an NSEC RRset in canonical order (RFC 4034 §6.1), for denial of existence: a
 * persistent list in chunks of at most {@link #MAX} nodes, so the next version copies only the chunks
 * its changes fall in (and the array of chunks), not every NSEC owner of a signed zone.
 */
final class NsecOwners {

    private static final int MAX = 128;
    static final NsecOwners EMPTY = new NsecOwners(new DomainNode[0][]);

    private final DomainNode[][] chunks;

    private NsecOwners(DomainNode[][] chunks) {
        this.chunks = chunks;
    }

    /** From nodes already in canonical order. */
    static NsecOwners of(List<DomainNode> sorted) {
        List<DomainNode[]> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i += MAX / 2) {
            out.add(sorted.subList(i, Math.min(sorted.size(), i + MAX / 2)).toArray(new DomainNode[0]));
        }
        return new NsecOwners(out.toArray(new DomainNode[0][]));
    }

    int size() {
        int n = 0;
        for (DomainNode[] c : chunks) {
            n += c.length;
        }
        return n;
    }

    List<DomainNode> all() {
        List<DomainNode> out = new ArrayList<>();
        for (DomainNode[] c : chunks) {
            out.addAll(Arrays.asList(c));
        }
        return out;
    }

    static int compare(DomainNode a, DomainNode b) {
        return WireNames.compareCanonical(a.wire, a.labelOffsets, a.labelCount, b.wire, b.labelOffsets, b.labelCount);
    }

    /** The greatest node at or before the name in canonical order, or null. */
    DomainNode covering(byte[] buf, int[] labelOffsets, int labelCount) {
        int lo = 0;
        int hi = chunks.length - 1;
        int chunk = -1;
        while (lo <= hi) { // the last chunk whose first node is at or before the name
            int mid = (lo + hi) >>> 1;
            DomainNode n = chunks[mid][0];
            if (WireNames.compareCanonical(n.wire, n.labelOffsets, n.labelCount, buf, labelOffsets, labelCount) <= 0) {
                chunk = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (chunk < 0) {
            return null;
        }
        DomainNode[] c = chunks[chunk];
        lo = 0;
        hi = c.length - 1;
        DomainNode best = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            DomainNode n = c[mid];
            if (WireNames.compareCanonical(n.wire, n.labelOffsets, n.labelCount, buf, labelOffsets, labelCount) <= 0) {
                best = n;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    /**
     * This list with the nodes of the given names taken out (matched by name) and the given nodes put
     * in; both in canonical order. Chunks no change falls in are shared.
     */
    NsecOwners with(List<DomainNode> out, List<DomainNode> in) {
        if (out.isEmpty() && in.isEmpty()) {
            return this;
        }
        List<DomainNode[]> result = new ArrayList<>(chunks.length + 2);
        int o = 0;
        int i = 0;
        for (int k = 0; k < chunks.length; k++) {
            DomainNode[] c = chunks[k];
            DomainNode nextFirst = k + 1 < chunks.length ? chunks[k + 1][0] : null;
            int oEnd = o;
            while (oEnd < out.size() && (nextFirst == null || compare(out.get(oEnd), nextFirst) < 0)) {
                oEnd++;
            }
            int iEnd = i;
            while (iEnd < in.size() && (nextFirst == null || compare(in.get(iEnd), nextFirst) < 0)) {
                iEnd++;
            }
            if (o == oEnd && i == iEnd) {
                result.add(c);
                continue;
            }
            List<DomainNode> merged = new ArrayList<>(c.length + iEnd - i);
            int a = 0;
            while (a < c.length || i < iEnd) {
                while (o < oEnd && a < c.length && compare(out.get(o), c[a]) < 0) {
                    o++; // not in the list
                }
                if (a < c.length && o < oEnd && compare(out.get(o), c[a]) == 0) {
                    a++;
                    o++;
                    continue;
                }
                if (i < iEnd && (a >= c.length || compare(in.get(i), c[a]) < 0)) {
                    merged.add(in.get(i++));
                } else {
                    merged.add(c[a++]);
                }
            }
            o = oEnd;
            for (int s = 0; s < merged.size(); s += MAX) {
                result.add(merged.subList(s, Math.min(merged.size(), s + MAX)).toArray(new DomainNode[0]));
            }
        }
        if (chunks.length == 0 && !in.isEmpty()) {
            return of(in);
        }
        return new NsecOwners(result.toArray(new DomainNode[0][]));
    }
}
