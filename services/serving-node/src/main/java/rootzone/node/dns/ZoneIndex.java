package rootzone.node.dns;

import java.util.ArrayList;
import java.util.List;
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
    private final DomainNode[] nsecOwners;
    private final boolean secure;
    /** The SOA serial and the apex's label count (root label not counted), for ZONEVERSION (RFC 9660 §2). */
    final long serial;
    final int apexLabels;

    private ZoneIndex(Zone zone) {
        this.zone = zone;
        if (zone.soa() == null) {
            throw new IllegalArgumentException(zone + " has no SOA at its apex: cannot serve it");
        }
        this.serial = zone.serial();
        this.apexLabels = zone.origin().labels() - 1;
        // Built straight into the lookup table, keyed by wire bytes: a HashMap of dnsjava Names (whose
        // hash is computed per new Name object) and a delegationFor walk per name were most of the
        // cost of indexing each version. Owners come in canonical order, so a name's ancestors are
        // indexed before it and its zone cut follows from its parent's.
        Name origin = zone.origin();
        int size = Integer.highestOneBit(Math.max(16, zone.rrsets().size() * 2)) << 1;
        DomainNode[] t = new DomainNode[size];
        List<DomainNode> all = new ArrayList<>();
        List<DomainNode> nsec = new ArrayList<>();
        int[] hashes = new int[WireNames.MAX_LABELS + 1];
        DomainNode apexNode = null;
        Name previous = null;
        for (RRset set : zone.rrsets()) {
            Name owner = set.name();
            if (owner == previous || owner.equals(previous)) {
                continue; // the next RRset of the same owner
            }
            previous = owner;
            DomainNode node = new DomainNode(owner, zone.rrsetsAt(owner));
            if (owner.equals(origin)) {
                apexNode = node;
            } else {
                DomainNode parent = ancestor(node, t, all, hashes, origin);
                boolean inZone = owner.subdomain(origin);
                node.cut = !inZone ? null : parent.cut != null ? parent.cut // the highest cut wins (RFC 1034 §4.3.2)
                        : node.indexOf(Type.NS) >= 0 ? node : null;
            }
            insert(t, node);
            all.add(node);
            if (node.hasNsec()) {
                nsec.add(node); // rrsets() is in canonical order, so nsec is too
            }
        }
        if (all.size() * 2 > t.length) { // deep names: more empty non-terminals than RRsets
            t = new DomainNode[Integer.highestOneBit(all.size() * 2) << 1];
            for (DomainNode node : all) {
                insert(t, node);
            }
        }
        this.table = t;
        for (DomainNode node : all) {
            boolean synthesizing = node.cut == null && (node.name.isWild() || node.indexOf(Type.CNAME) >= 0
                    || node.indexOf(Type.DNAME) >= 0);
            if (synthesizing) {
                // the root zone has none; answering them (RFC 4592, 6672) is not implemented
                throw new IllegalArgumentException(zone + ": wildcard, CNAME or DNAME at " + node.name
                        + " is not supported by the serving node's DNS engine");
            }
        }
        this.apex = apexNode;
        this.nsecOwners = nsec.toArray(new DomainNode[0]);
        // NSD's notion of a signed zone: RRSIGs at the apex. Otherwise DO changes nothing.
        this.secure = apex.indexOf(Type.RRSIG) >= 0;
    }

    /**
     * The node of the parent of {@code child}'s name, added (with its own ancestors) as an empty
     * non-terminal when the zone has no data there; the walk ends at the origin or the root.
     */
    private static DomainNode ancestor(DomainNode child, DomainNode[] t, List<DomainNode> all, int[] hashes, Name origin) {
        WireNames.suffixHashes(child.wire, child.labelOffsets, child.labelCount, hashes);
        int at = child.labelOffsets.length > 1 ? child.labelOffsets[1] : child.wire.length - 1;
        DomainNode parent = find(t, child.wire, at, child.wire.length - at, hashes[1]);
        if (parent != null) {
            return parent;
        }
        parent = new DomainNode(new Name(child.name, 1), List.of());
        if (!parent.name.equals(origin) && parent.labelCount > 0) {
            DomainNode grandparent = ancestor(parent, t, all, hashes, origin);
            parent.cut = grandparent.cut;
        }
        insert(t, parent);
        all.add(parent);
        return parent;
    }

    private static void insert(DomainNode[] t, DomainNode node) {
        int b = node.hash & (t.length - 1);
        node.next = t[b];
        t[b] = node;
    }

    private static DomainNode find(DomainNode[] t, byte[] buf, int offset, int length, int hash) {
        for (DomainNode n = t[hash & (t.length - 1)]; n != null; n = n.next) {
            if (n.hash == hash && WireNames.equalsLower(buf, offset, length, n.wire)) {
                return n;
            }
        }
        return null;
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
        return find(table, buf, offset, length, hash);
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
