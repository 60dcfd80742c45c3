package rootzone.node.dns;

import org.xbill.DNS.Type;
import rootzone.zone.RRset;

/**
 * What a template's plan read besides its own node: the glue of an NS target, the NSEC covering a
 * name, or an RRset of the apex. Nodes, RRsets and templates are immutable, so a template made in an
 * earlier index is, byte for byte, the one a fresh render would give in a later index that shares its
 * node (the name, its RRsets and its zone cut did not change) and in which every dependency still
 * holds (the same objects, absent where they were absent). QueryProcessor then reuses it instead of
 * rendering it again, so a switch costs renders only for the answers the version changed (issue 14:
 * the answer threads' renders and their garbage after every switch were most of the latency felt at
 * a switch).
 */
sealed interface Dependency {

    boolean holds(ZoneIndex zone);

    /** The A and AAAA RRsets found at a name (null where there were none, or no node). */
    record Glue(byte[] wire, int hash, RRset a, RRset aaaa) implements Dependency {
        @Override
        public boolean holds(ZoneIndex zone) {
            DomainNode n = zone.find(wire, 0, wire.length, hash);
            return n == null ? a == null && aaaa == null : n.rrset(Type.A) == a && n.rrset(Type.AAAA) == aaaa;
        }
    }

    /**
     * The NSEC RRset covering a name (a denial's proof), or null for none: the set, not its node, since
     * the apex's NSEC (covering *. in the root) stays while the apex node is new with every serial.
     */
    record Covering(org.xbill.DNS.Name name, RRset nsec) implements Dependency {
        @Override
        public boolean holds(ZoneIndex zone) {
            return nsecOf(zone.coveringNsec(name)) == nsec;
        }

        static RRset nsecOf(DomainNode node) {
            return node == null ? null : node.rrset(Type.NSEC);
        }
    }

    /** An RRset of the apex, or null for none: the apex node is new with every serial, its NS set seldom. */
    record ApexSet(int type, RRset set) implements Dependency {
        @Override
        public boolean holds(ZoneIndex zone) {
            return zone.apex().rrset(type) == set;
        }
    }
}
