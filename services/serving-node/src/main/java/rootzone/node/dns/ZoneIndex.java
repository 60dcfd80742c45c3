package rootzone.node.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
import rootzone.zone.IntTrie;
import rootzone.zone.RRset;
import rootzone.zone.Zone;

/**
 * A served version indexed for answering: every name (owners and empty non-terminals) in a hash table
 * searchable with the bytes of a query, the zone cut above each name, and the NSEC owners in canonical
 * order for denial of existence. Immutable apart from the response caches in the nodes.
 *
 * <p>Persistent: the next version's index is made from this one and the names the version changed
 * ({@link #next}), sharing every node, hash-trie node and NSEC chunk the change does not reach, so its
 * cost grows with the change, not with the zone; it answers exactly as a full build would.
 */
public final class ZoneIndex {

    private static final AtomicLong GENERATIONS = new AtomicLong();

    /** Whose response caches are whose: see DomainNode. */
    final long generation = GENERATIONS.incrementAndGet();
    private final Zone zone;
    private final DomainNode apex;
    /** Every node by its name's hash (WireNames.hash): a DomainNode, or a DomainNode[] when names share a hash. */
    private final IntTrie<Object> table;
    private final NsecOwners nsecOwners;
    private final boolean secure;
    /** The SOA serial and the apex's label count (root label not counted), for ZONEVERSION (RFC 9660 §2). */
    final long serial;
    final int apexLabels;

    private ZoneIndex(Zone zone, DomainNode apex, IntTrie<Object> table, NsecOwners nsecOwners) {
        this.zone = zone;
        this.serial = zone.serial();
        this.apexLabels = zone.origin().labels() - 1;
        this.apex = apex;
        this.table = table;
        this.nsecOwners = nsecOwners;
        // NSD's notion of a signed zone: RRSIGs at the apex. Otherwise DO changes nothing.
        this.secure = apex.indexOf(Type.RRSIG) >= 0;
    }

    private static void requireSoa(Zone zone) {
        if (zone.soa() == null) {
            throw new IllegalArgumentException(zone + " has no SOA at its apex: cannot serve it");
        }
    }

    /** Indexes every name of the zone. */
    public static ZoneIndex of(Zone zone) {
        requireSoa(zone);
        // Owners come in canonical order, so a name's ancestors are indexed before it and its zone cut
        // follows from its parent's.
        Name origin = zone.origin();
        IntTrie.Editor<Object> t = IntTrie.empty().edit();
        List<DomainNode> nsec = new ArrayList<>();
        DomainNode apexNode = null;
        Name previous = null;
        for (RRset set : zone.rrsets()) {
            Name owner = set.name();
            if (owner == previous || owner.equals(previous)) {
                continue; // the next RRset of the same owner
            }
            previous = owner;
            DomainNode node = node(zone, t, owner);
            if (owner.equals(origin)) {
                apexNode = node;
            }
            put(t, node);
            if (node.hasNsec()) {
                nsec.add(node); // rrsets() is in canonical order, so nsec is too
            }
        }
        return new ZoneIndex(zone, apexNode, t.build(), NsecOwners.of(nsec));
    }

    /**
     * The index of {@code zone}, the version after this index's, made from this one: only the names
     * whose RRsets changed (Zone.changedOwners), the empty non-terminals above them, and the names below
     * a zone cut that changed get new nodes. A zone sharing nothing with this one is indexed in full.
     */
    public ZoneIndex next(Zone zone) {
        requireSoa(zone);
        if (!zone.origin().equals(this.zone.origin())) {
            return of(zone);
        }
        Set<Name> changed = zone.changedOwners(this.zone);
        if (changed.size() > zone.size() / 4 + 16) {
            return of(zone);
        }
        Name origin = zone.origin();
        IntTrie.Editor<Object> t = table.edit();
        TreeSet<Name> todo = new TreeSet<>(changed);
        for (Name owner : changed) {
            // Empty non-terminals above a changed owner may come or go with it.
            for (Name n = owner; !n.equals(origin) && n.labels() > 1; ) {
                n = new Name(n, 1);
                DomainNode old = find(table, n);
                if (old == null || !old.rrsets.isEmpty()) {
                    break;
                }
                todo.add(n);
            }
        }
        List<DomainNode> nsecOut = new ArrayList<>();
        List<DomainNode> nsecIn = new ArrayList<>();
        DomainNode apexNode = apex;
        Set<Name> done = new java.util.HashSet<>();
        for (Name n = todo.pollFirst(); n != null; n = todo.pollFirst()) {
            if (!done.add(n)) {
                continue;
            }
            DomainNode old = find(t, n);
            if (old != null) {
                remove(t, old);
                if (old.hasNsec()) {
                    nsecOut.add(old);
                }
            }
            DomainNode node = null;
            if (zone.exists(n) || n.equals(origin)) {
                node = node(zone, t, n);
                put(t, node);
                if (node.hasNsec()) {
                    nsecIn.add(node);
                }
                if (n.equals(origin)) {
                    apexNode = node;
                    if (old != null) {
                        node.replaces(old);
                    }
                }
            }
            if ((old != null && old.isCut()) || (node != null && node.isCut())) {
                // The names below point at this cut (or now at another): they get nodes of their own.
                for (Name below : zone.ownersBelow(n)) {
                    for (Name b = below; !b.equals(n); b = new Name(b, 1)) {
                        todo.add(b);
                    }
                }
            }
        }
        nsecOut.sort(NsecOwners::compare);
        nsecIn.sort(NsecOwners::compare);
        return new ZoneIndex(zone, apexNode, t.build(), nsecOwners.with(nsecOut, nsecIn));
    }

    /**
     * The node of a name of the zone, with its zone cut from its parent's node, which is added (with
     * its own ancestors) as an empty non-terminal when missing; the walk ends at the origin or the root.
     */
    private static DomainNode node(Zone zone, IntTrie.Editor<Object> t, Name name) {
        Name origin = zone.origin();
        List<RRset> sets = zone.rrsetsAt(name);
        if (name.equals(origin)) {
            return new DomainNode(name, sets, null);
        }
        DomainNode cut = null;
        boolean inZone = name.subdomain(origin);
        if (inZone) {
            DomainNode parent = parent(zone, t, name);
            // the highest cut wins (RFC 1034 §4.3.2)
            cut = parent != null && parent.cut != null ? parent.cut : indexOf(sets, Type.NS) >= 0 ? DomainNode.SELF : null;
        }
        DomainNode node = new DomainNode(name, sets, cut);
        if (node.cut == null && (name.isWild() || indexOf(sets, Type.CNAME) >= 0 || indexOf(sets, Type.DNAME) >= 0)) {
            // the root zone has none; answering them (RFC 4592, 6672) is not implemented
            throw new IllegalArgumentException(zone + ": wildcard, CNAME or DNAME at " + name
                    + " is not supported by the serving node's DNS engine");
        }
        return node;
    }

    private static DomainNode parent(Zone zone, IntTrie.Editor<Object> t, Name name) {
        if (name.labels() <= 1) {
            return null;
        }
        Name parentName = new Name(name, 1);
        DomainNode parent = find(t, parentName);
        if (parent == null) {
            parent = node(zone, t, parentName);
            put(t, parent);
        }
        return parent;
    }

    private static int indexOf(List<RRset> sets, int type) {
        for (int i = 0; i < sets.size(); i++) {
            if (sets.get(i).type() == type) {
                return i;
            }
        }
        return -1;
    }

    private static void put(IntTrie.Editor<Object> t, DomainNode node) {
        Object there = t.get(node.hash);
        if (there == null) {
            t.put(node.hash, node);
        } else if (there instanceof DomainNode other) {
            t.put(node.hash, new DomainNode[] {other, node});
        } else {
            DomainNode[] nodes = (DomainNode[]) there;
            DomainNode[] more = java.util.Arrays.copyOf(nodes, nodes.length + 1);
            more[nodes.length] = node;
            t.put(node.hash, more);
        }
    }

    private static void remove(IntTrie.Editor<Object> t, DomainNode node) {
        Object there = t.get(node.hash);
        if (there == node) {
            t.put(node.hash, null);
        } else if (there instanceof DomainNode[] nodes) {
            List<DomainNode> rest = new ArrayList<>(List.of(nodes));
            rest.remove(node);
            t.put(node.hash, rest.size() == 1 ? rest.get(0) : rest.toArray(new DomainNode[0]));
        }
    }

    private static DomainNode find(Object there, byte[] buf, int offset, int length) {
        if (there instanceof DomainNode n) {
            return WireNames.equalsLower(buf, offset, length, n.wire) ? n : null;
        }
        if (there != null) {
            for (DomainNode n : (DomainNode[]) there) {
                if (WireNames.equalsLower(buf, offset, length, n.wire)) {
                    return n;
                }
            }
        }
        return null;
    }

    private static DomainNode find(IntTrie<Object> t, Name name) {
        byte[] wire = name.toWireCanonical();
        return find(t.get(WireNames.hash(wire)), wire, 0, wire.length);
    }

    private static DomainNode find(IntTrie.Editor<Object> t, Name name) {
        byte[] wire = name.toWireCanonical();
        return find(t.get(WireNames.hash(wire)), wire, 0, wire.length);
    }

    /** Every node, in no particular order (tests compare indexes with it). */
    List<DomainNode> nodes() {
        List<DomainNode> out = new ArrayList<>();
        table.forEach(o -> {
            if (o instanceof DomainNode n) {
                out.add(n);
            } else {
                out.addAll(List.of((DomainNode[]) o));
            }
        });
        return out;
    }

    /** The NSEC owners in canonical order (tests). */
    List<DomainNode> nsecOwners() {
        return nsecOwners.all();
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
        return find(table.get(hash), buf, offset, length);
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
        return nsecOwners.covering(buf, labelOffsets, labelCount);
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
