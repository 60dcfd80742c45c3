package rootzone.node.dns;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;
import rootzone.zone.RRset;

/**
 * One name of a served version (an owner, or an empty non-terminal above one) with its RRsets and the
 * pre-rendered responses computed for it so far (its {@link Caches}, made at its first query).
 *
 * <p>Immutable but for its caches, so that the next version's index shares every node whose name,
 * RRsets and zone cut did not change. Responses depend on more than the node (the SOA serial of a
 * negative answer, glue at other names), so the caches belong to one index: they are tagged with its
 * generation and made afresh when another index asks, keeping the ones before them, whose templates
 * are taken over where what they depend on still holds (Dependency).
 */
final class DomainNode {

    final Name name;
    /** Lower-case uncompressed wire form. */
    final byte[] wire;
    final int[] labelOffsets;
    final int labelCount;
    final int hash;
    final List<RRset> rrsets;
    /** The zone cut at or above this name (never the apex), or null when the data here is authoritative. */
    final DomainNode cut;

    /** The responses rendered for this name so far: null until its first query (most names of a large zone are never asked). */
    private volatile Caches caches;
    /** The caches of the node this one replaced (see replaces), until this node's first caches are made. */
    private volatile Caches replaced;

    /**
     * The pre-rendered responses of one name, made at its first query. Two threads may render the
     * same template at once, which is harmless because templates are immutable (final fields make the
     * racy publication through the arrays safe).
     */
    static final class Caches {
        /** The generation of the index whose responses these are. */
        final long generation;
        final Template[] positive;
        final Template[] nodata = new Template[2];
        final Template[] referral = new Template[2];
        final Template[] nxdomainPlain = new Template[2];
        /**
         * Templates fitted to a small room (512 bytes), see QueryProcessor.cachedOrBuild, by an int key:
         * a few per name, copied on write so that a lookup allocates nothing.
         */
        private volatile Fitted fitted = Fitted.NONE;
        /** NXDOMAIN with DNSSEC below this closest encloser, keyed by the NSEC node covering the query name. */
        final ConcurrentHashMap<DomainNode, Template> nxdomainSigned = new ConcurrentHashMap<>();
        /**
         * The caches of the index this node was answered from before, whose templates may be taken
         * over; cleared when the next caches are made, so that at most two generations stay reachable.
         */
        private volatile Caches previous;
        /** The previous caches were another node's at the same name: only its NXDOMAIN answers may be taken over. */
        private final boolean nxdomainOnly;

        private Caches(long generation, int rrsets, Caches previous, boolean nxdomainOnly) {
            this.generation = generation;
            this.positive = new Template[2 * (rrsets + 1)]; // one slot per RRset and DO bit, plus two for qtype ANY
            this.previous = previous;
            this.nxdomainOnly = nxdomainOnly;
        }

        /** The kind of the slots of NXDOMAIN without DNSSEC: what an NXDOMAIN reads of its closest encloser is its name. */
        static final int NXDOMAIN_PLAIN = 3;

        /** Slot arrays by kind (QueryProcessor's slotsKind). */
        Template[] slots(int kind) {
            return switch (kind) {
                case 0 -> referral;
                case 1 -> nodata;
                case 2 -> positive;
                default -> nxdomainPlain;
            };
        }

        /** The previous caches' template in the same slot, as the answer in {@code zone} (Template.in), or null. */
        Template carried(int kind, int slot, ZoneIndex zone) {
            Caches p = previous;
            return p == null || (nxdomainOnly && kind != NXDOMAIN_PLAIN) ? null : stillHolds(p.slots(kind)[slot], zone);
        }

        /** The same for a fitted template of this key (QueryProcessor's key: the kind in bits 10-11). */
        Template carriedFitted(int key, ZoneIndex zone) {
            Caches p = previous;
            return p == null || (nxdomainOnly && ((key >> 10) & 3) != NXDOMAIN_PLAIN) ? null : stillHolds(p.fitted(key), zone);
        }

        /** The same for the NXDOMAIN of this covering NSEC. */
        Template carriedNxdomain(DomainNode cover, ZoneIndex zone) {
            Caches p = previous;
            return p == null ? null : stillHolds(p.nxdomainSigned.get(cover), zone);
        }

        private static Template stillHolds(Template t, ZoneIndex zone) {
            return t == null ? null : t.in(zone);
        }

        Template fitted(int key) {
            Fitted f = fitted;
            for (int i = 0; i < f.keys.length; i++) {
                if (f.keys[i] == key) {
                    return f.templates[i];
                }
            }
            return null;
        }

        /** Keeps a fitted template, unless this name has {@code max} of them already. */
        synchronized void keepFitted(int key, Template t, int max) {
            Fitted f = fitted;
            int n = f.keys.length;
            if (n < max && fitted(key) == null) {
                int[] keys = java.util.Arrays.copyOf(f.keys, n + 1);
                Template[] templates = java.util.Arrays.copyOf(f.templates, n + 1);
                keys[n] = key;
                templates[n] = t;
                fitted = new Fitted(keys, templates);
            }
        }

        private record Fitted(int[] keys, Template[] templates) {
            static final Fitted NONE = new Fitted(new int[0], new Template[0]);
        }
    }

    /**
     * @param cut the zone cut at or above the name, {@link #SELF} when the name itself is the cut (its
     *     own node is not made yet), or null
     */
    DomainNode(Name name, List<RRset> rrsets, DomainNode cut) {
        this.name = name;
        this.wire = name.toWireCanonical();
        int[] offsets = new int[WireNames.MAX_LABELS];
        this.labelCount = WireNames.labelOffsets(wire, 0, offsets);
        this.labelOffsets = java.util.Arrays.copyOf(offsets, labelCount);
        this.hash = WireNames.hash(wire);
        this.rrsets = rrsets;
        this.cut = cut == SELF ? this : cut;
    }

    /** Stands for the node being made, as its own zone cut. */
    static final DomainNode SELF = new DomainNode(Name.root, List.of(), null);

    /**
     * The responses of this name in the index of the given generation. An index still answering
     * while the next one takes over may make its own caches again; each is only ever used by queries
     * of its own generation, so no response mixes two versions.
     */
    Caches caches(long generation) {
        Caches c = caches;
        if (c == null || c.generation != generation) {
            synchronized (this) {
                c = caches;
                if (c == null || c.generation != generation) {
                    boolean replacedNode = c == null;
                    Caches before = replacedNode ? replaced : c;
                    replaced = null;
                    if (before != null) {
                        before.previous = null;
                    }
                    caches = c = new Caches(generation, rrsets.size(), before, replacedNode);
                }
            }
        }
        return c;
    }

    /**
     * Hands this node the caches of the node it replaces at the same name, for their NXDOMAIN answers
     * only (they read the closest encloser's name, never its RRsets): the apex is a new node with every
     * serial, and the root's NXDOMAIN answers are cached there.
     */
    void replaces(DomainNode old) {
        replaced = old.caches;
    }

    /** Index of the RRset of this type in {@link #rrsets}, or -1. */
    int indexOf(int type) {
        for (int i = 0; i < rrsets.size(); i++) {
            if (rrsets.get(i).type() == type) {
                return i;
            }
        }
        return -1;
    }

    RRset rrset(int type) {
        int i = indexOf(type);
        return i < 0 ? null : rrsets.get(i);
    }

    boolean isCut() {
        return cut == this;
    }

    boolean hasNsec() {
        return indexOf(Type.NSEC) >= 0;
    }

    @Override
    public String toString() {
        return name.toString();
    }
}
