package rootzone.node.dns;

import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import rootzone.zone.RRset;

/**
 * Decides what goes into a response, following NSD 4.6 (query.c) so that a resolver sees the same
 * answers from this node as from an NSD root server; the deliberate differences are in
 * docs/dns-behaviour.md. Runs only when a template is built, never per query.
 */
final class AnswerPlanner {

    /** A referral from the cut above (or at) the closest encloser (RFC 1034 §4.3.2 step 3b). */
    static Answer referral(ZoneIndex zone, DomainNode cut, boolean dnssec) {
        Answer a = new Answer(Rcode.NOERROR, false, true);
        addWithAdditional(zone, a, Answer.AUTHORITY, cut.rrset(Type.NS));
        if (dnssec && zone.secure()) {
            // RFC 4035 §3.1.4: the DS RRset, or the NSEC proving there is none
            RRset ds = cut.rrset(Type.DS);
            RRset nsec = cut.rrset(Type.NSEC);
            if (ds != null) {
                a.add(Answer.AUTHORITY, ds);
            } else if (nsec != null) {
                a.add(Answer.AUTHORITY, nsec);
            }
        }
        return a;
    }

    /**
     * Authoritative data at an existing name: the RRset of the type, or NODATA. Also used for DS at a
     * cut, which the parent side answers (RFC 4035 §3.1.4.1).
     */
    static Answer exact(ZoneIndex zone, DomainNode node, int qtype, boolean dnssec) {
        if (qtype == Type.ANY) {
            return any(zone, node, dnssec);
        }
        RRset set = node.rrset(qtype);
        if (set == null) {
            return nodata(zone, node, dnssec);
        }
        Answer a = new Answer(Rcode.NOERROR, true, false);
        addWithAdditional(zone, a, Answer.ANSWER, set);
        // NSD adds the apex NS as optional authority, except where the answer is large anyway
        if (qtype != Type.DNSKEY && qtype != Type.DS) {
            addWithAdditional(zone, a, Answer.OPTIONAL_AUTHORITY, apexSet(zone, a, Type.NS));
        }
        return a;
    }

    /**
     * RFC 8482 §4.1: one RRset for ANY. NSD 4.6's choice: the first of A, AAAA, SOA, MX, PTR; else
     * another type; else DNSKEY, NSEC or RRSIG. RRSIG is no candidate with DO (it comes with its set).
     */
    private static Answer any(ZoneIndex zone, DomainNode node, boolean dnssec) {
        RRset preferred = null;
        RRset normal = null;
        RRset unwanted = null;
        for (RRset set : node.rrsets) {
            int t = set.type();
            if (t == Type.RRSIG && dnssec && zone.secure()) {
                continue;
            }
            if (t == Type.A || t == Type.AAAA || t == Type.SOA || t == Type.MX || t == Type.PTR) {
                preferred = set;
                break;
            } else if (t == Type.DNSKEY || t == Type.RRSIG || t == Type.NSEC || t == Type.NSEC3) {
                unwanted = unwanted == null ? set : unwanted;
            } else {
                normal = normal == null ? set : normal;
            }
        }
        RRset chosen = preferred != null ? preferred : normal != null ? normal : unwanted;
        if (chosen == null) {
            return nodata(zone, node, dnssec);
        }
        Answer a = new Answer(Rcode.NOERROR, true, false);
        addWithAdditional(zone, a, Answer.ANSWER, chosen);
        return a;
    }

    /** NODATA (RFC 2308 §2.2): SOA in authority, and the NSEC at or before the name with DO. */
    static Answer nodata(ZoneIndex zone, DomainNode node, boolean dnssec) {
        Answer a = new Answer(Rcode.NOERROR, true, false);
        a.add(Answer.AUTHORITY, apexSet(zone, a, Type.SOA), true);
        if (dnssec && zone.secure()) {
            DomainNode nsec = node.hasNsec() ? node : zone.coveringNsec(node.name);
            if (!node.hasNsec()) {
                a.dependsOn(new Dependency.Covering(node.name, Dependency.Covering.nsecOf(nsec)));
            }
            if (nsec != null) {
                a.add(Answer.AUTHORITY, nsec.rrset(Type.NSEC));
            }
        }
        return a;
    }

    /**
     * NXDOMAIN below closest encloser {@code ce}: with DO the NSEC covering the name and the NSEC
     * covering the wildcard at the closest encloser (RFC 4035 §3.1.3.2), once if they are the same,
     * then the SOA.
     */
    static Answer nxdomain(ZoneIndex zone, DomainNode ce, DomainNode coveringName, boolean dnssec) {
        Answer a = new Answer(Rcode.NXDOMAIN, true, false);
        if (dnssec && zone.secure()) {
            if (coveringName != null) {
                a.add(Answer.AUTHORITY, coveringName.rrset(Type.NSEC));
            }
            DomainNode wildcard = wildcardCover(zone, a, ce);
            if (wildcard != null) {
                a.add(Answer.AUTHORITY, wildcard.rrset(Type.NSEC));
            }
        }
        a.add(Answer.AUTHORITY, apexSet(zone, a, Type.SOA), true);
        return a;
    }

    /** The NSEC covering *.ce, or null when that name would be too long to exist. */
    private static DomainNode wildcardCover(ZoneIndex zone, Answer a, DomainNode ce) {
        try {
            org.xbill.DNS.Name wildcard = org.xbill.DNS.Name.concatenate(WILD, ce.name);
            DomainNode cover = zone.coveringNsec(wildcard);
            a.dependsOn(new Dependency.Covering(wildcard, Dependency.Covering.nsecOf(cover)));
            return cover;
        } catch (org.xbill.DNS.NameTooLongException e) {
            return null;
        }
    }

    private static final org.xbill.DNS.Name WILD = org.xbill.DNS.Name.fromConstantString("*");

    /** Adds a set; for NS, the A then AAAA RRsets of every target the zone has data for (glue included). */
    private static void addWithAdditional(ZoneIndex zone, Answer a, int section, RRset set) {
        if (set == null) {
            return;
        }
        a.add(section, set);
        if (set.type() != Type.NS) {
            return;
        }
        for (Record r : set.records()) {
            org.xbill.DNS.Name targetName = ((NSRecord) r).getTarget();
            byte[] wire = targetName.toWireCanonical();
            int hash = WireNames.hash(wire);
            DomainNode target = zone.find(wire, 0, wire.length, hash);
            RRset addrA = target == null ? null : target.rrset(Type.A);
            RRset addrAaaa = target == null ? null : target.rrset(Type.AAAA);
            a.dependsOn(new Dependency.Glue(wire, hash, addrA, addrAaaa));
            // RFC 9471 §2.1: glue for a server named at or below the cut is in-domain, hence required;
            // sibling glue (§2.2, e.g. gtld-servers.net. for com.) and the apex's own NS stay optional
            boolean required = a.delegation && targetName.subdomain(set.name());
            if (addrA != null) {
                a.add(Answer.ADDITIONAL_A, addrA, false, required);
            }
            if (addrAaaa != null) {
                a.add(Answer.ADDITIONAL_AAAA, addrAaaa, false, required);
            }
        }
    }

    /** An RRset of the apex, noted as what the answer depends on. */
    private static RRset apexSet(ZoneIndex zone, Answer a, int type) {
        RRset set = zone.apex().rrset(type);
        a.dependsOn(new Dependency.ApexSet(type, set));
        return set;
    }

    private AnswerPlanner() {}
}
