package rootzone.node.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
import rootzone.zone.RRset;
import rootzone.zone.Zone;

/**
 * A served version indexed for answering: every name (owners and empty non-terminals) in a hash table
 * searchable with the bytes of a query, the zone cut above each name, and the NSEC owners in canonical
 * order for denial of existence. Immutable apart from the response caches in the nodes.
 */
public final class ZoneIndex {

    private final Zone zone;
    private final DomainNode apex;
    private final DomainNode[] table;
    private final int mask;
    private final DomainNode[] nsecOwners;
    private final boolean secure;

    private ZoneIndex(Zone zone) {
        this.zone = zone;
        if (zone.soa() == null) {
            throw new IllegalArgumentException(zone + " has no SOA at its apex: cannot serve it");
        }
        Map<Name, DomainNode> nodes = new HashMap<>();
        List<DomainNode> nsec = new ArrayList<>();
        for (RRset set : zone.rrsets()) {
            Name owner = set.name();
            if (nodes.containsKey(owner)) {
                continue;
            }
            DomainNode node = new DomainNode(owner, zone.rrsetsAt(owner));
            nodes.put(owner, node);
            if (node.hasNsec()) {
                nsec.add(node); // rrsets() is in canonical order, so nsec is too
            }
            for (Name n = owner; !n.equals(zone.origin()) && n.labels() > 1; ) {
                n = new Name(n, 1);
                if (!nodes.containsKey(n)) {
                    nodes.put(n, new DomainNode(n, List.of()));
                }
            }
        }
        int size = Integer.highestOneBit(Math.max(16, nodes.size() * 2)) << 1;
        this.table = new DomainNode[size];
        this.mask = size - 1;
        for (DomainNode node : nodes.values()) {
            zone.delegationFor(node.name).ifPresent(c -> node.cut = nodes.get(c));
            int b = node.hash & mask;
            node.next = table[b];
            table[b] = node;
        }
        for (DomainNode node : nodes.values()) {
            boolean synthesizing = node.cut == null && (node.name.isWild() || node.indexOf(Type.CNAME) >= 0
                    || node.indexOf(Type.DNAME) >= 0);
            if (synthesizing) {
                // the root zone has none; answering them (RFC 4592, 6672) is not implemented
                throw new IllegalArgumentException(zone + ": wildcard, CNAME or DNAME at " + node.name
                        + " is not supported by the serving node's DNS engine");
            }
        }
        this.apex = nodes.get(zone.origin());
        this.nsecOwners = nsec.toArray(new DomainNode[0]);
        // NSD's notion of a signed zone: RRSIGs at the apex. Otherwise DO changes nothing.
        this.secure = apex.indexOf(Type.RRSIG) >= 0;
    }

    public static ZoneIndex of(Zone zone) {
        return new ZoneIndex(zone);
    }

    public Zone zone() {
        return zone;
    }

    DomainNode apex() {
        return apex;
    }

    boolean secure() {
        return secure;
    }

    /** The node whose name equals buf[offset..offset+length) (any case), given its suffix hash; or null. */
    DomainNode find(byte[] buf, int offset, int length, int hash) {
        for (DomainNode n = table[hash & mask]; n != null; n = n.next) {
            if (n.hash == hash && WireNames.equalsLower(buf, offset, length, n.wire)) {
                return n;
            }
        }
        return null;
    }

    DomainNode find(Name name) {
        byte[] wire = name.toWireCanonical();
        return find(wire, 0, wire.length, WireNames.hash(wire));
    }

    /**
     * The NSEC owner that is the greatest name at or before the given one in canonical order (the NSEC
     * covering or matching it, as NSD's find_covering_nsec), or null when the zone has no NSEC records.
     */
    DomainNode coveringNsec(byte[] buf, int[] labelOffsets, int labelCount) {
        int lo = 0;
        int hi = nsecOwners.length - 1;
        DomainNode best = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            DomainNode n = nsecOwners[mid];
            int c = WireNames.compareCanonical(n.wire, n.labelOffsets, n.labelCount, buf, labelOffsets, labelCount);
            if (c <= 0) {
                best = n;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    DomainNode coveringNsec(Name name) {
        byte[] wire = name.toWireCanonical();
        int[] offsets = new int[WireNames.MAX_LABELS];
        int n = WireNames.labelOffsets(wire, 0, offsets);
        return coveringNsec(wire, offsets, n);
    }

    @Override
    public String toString() {
        return "ZoneIndex[" + zone + (secure ? ", signed" : "") + "]";
    }
}
