package rootzone.zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import rootzone.zone.ZoneProblem.Code;

/**
 * Structural checks of one zone version, the ones an authoritative server makes before loading it
 * (NSD's and Knot's zone checks): data in the zone, one SOA and NS at the apex, CNAME alone at its
 * name, glue where a delegation needs it, no authoritative data hidden below a cut. Every problem
 * names the master-file line of the offending record when the zone was parsed from text.
 */
public final class ZoneValidator {

    public static List<ZoneProblem> validate(Zone zone) {
        List<ZoneProblem> problems = new ArrayList<>();
        Name origin = zone.origin();
        checkApex(zone, problems);
        int zoneClass = zone.soa() != null ? zone.soa().getDClass() : -1;
        Name lastOwner = null;
        for (RRset set : zone.rrsets()) {
            Name owner = set.name();
            if (!owner.subdomain(origin)) {
                if (!owner.equals(lastOwner)) {
                    problems.add(problem(zone, set.first(), Code.OUT_OF_ZONE,
                            "owner is outside the zone " + origin));
                }
                lastOwner = owner;
                continue;
            }
            lastOwner = owner;
            if (zoneClass >= 0 && set.dclass() != zoneClass) {
                problems.add(problem(zone, set.first(), Code.CLASS_MISMATCH, "class "
                        + org.xbill.DNS.DClass.string(set.dclass()) + " differs from the SOA's"));
            }
            checkTtls(zone, set, problems);
            switch (set.type()) {
                case Type.SOA -> {
                    if (!owner.equals(origin)) {
                        problems.add(problem(zone, set.first(), Code.SOA_NOT_AT_APEX, "SOA below the apex " + origin));
                    }
                }
                case Type.CNAME -> checkCname(zone, set, problems);
                case Type.NS -> checkAddresses(zone, set, problems);
                case Type.DS -> {
                    if (!zone.delegations().contains(owner)) {
                        problems.add(problem(zone, set.first(), Code.DS_NOT_AT_DELEGATION,
                                owner.equals(origin) ? "DS at the apex belongs in the parent zone"
                                        : "DS at a name that is not a delegation"));
                    }
                }
                default -> { }
            }
            checkOcclusion(zone, set, problems);
        }
        return problems;
    }

    private static void checkApex(Zone zone, List<ZoneProblem> problems) {
        Name origin = zone.origin();
        RRset soa = zone.rrset(origin, Type.SOA);
        if (soa == null) {
            problems.add(new ZoneProblem(0, Code.NO_SOA, "no SOA record at the apex", origin));
        } else if (soa.records().size() > 1) {
            problems.add(problem(zone, soa.records().get(1), Code.DUPLICATE_SOA,
                    soa.records().size() + " different SOA records at the apex"));
        }
        if (zone.rrset(origin, Type.NS) == null) {
            problems.add(new ZoneProblem(0, Code.NO_APEX_NS, "no NS records at the apex", origin));
        }
    }

    /** CNAME may share its name only with DNSSEC records (RFC 1034 §3.6.2, RFC 4035 §2.5). */
    private static void checkCname(Zone zone, RRset cname, List<ZoneProblem> problems) {
        if (cname.records().size() > 1) {
            problems.add(problem(zone, cname.records().get(1), Code.MULTIPLE_CNAME,
                    cname.records().size() + " CNAME records at one name"));
        }
        for (RRset other : zone.rrsetsAt(cname.name())) {
            int t = other.type();
            if (t != Type.CNAME && t != Type.RRSIG && t != Type.NSEC) {
                problems.add(problem(zone, other.first(), Code.CNAME_AND_OTHER_DATA,
                        "CNAME and " + Type.string(t) + " at the same name"));
            }
        }
    }

    /**
     * Addresses for the name servers of an NS RRset. A target at or below the delegation it serves
     * cannot be found without glue (RFC 1034 §4.2.1); the apex NS targets below a cut need it too.
     * A target that is authoritative data of this zone must have an address here. A target below a
     * sibling delegation is resolvable through that sibling, so it needs no glue.
     */
    private static void checkAddresses(Zone zone, RRset ns, List<ZoneProblem> problems) {
        boolean apex = ns.name().equals(zone.origin());
        for (Record r : ns.records()) {
            Name target = ((NSRecord) r).getTarget();
            if (!zone.contains(target) || hasAddress(zone, target)) {
                continue;
            }
            Optional<Name> cut = zone.delegationFor(target);
            if (cut.isEmpty()) {
                problems.add(problem(zone, r, Code.MISSING_ADDRESS,
                        "name server " + target + " is in the zone but has no A or AAAA record"));
            } else if (apex || cut.get().equals(ns.name())) {
                problems.add(problem(zone, r, Code.MISSING_GLUE,
                        "name server " + target + " is below the delegation " + cut.get() + " but has no glue A or AAAA"));
            }
        }
    }

    private static boolean hasAddress(Zone zone, Name name) {
        return zone.rrset(name, Type.A) != null || zone.rrset(name, Type.AAAA) != null;
    }

    /** At a cut only the delegation, its DNSSEC records and glue; below it only glue (RFC 4035 §2.2). */
    private static void checkOcclusion(Zone zone, RRset set, List<ZoneProblem> problems) {
        Optional<Name> cut = zone.delegationFor(set.name());
        if (cut.isEmpty()) {
            return;
        }
        int t = set.type();
        boolean glue = t == Type.A || t == Type.AAAA;
        boolean allowed = cut.get().equals(set.name())
                ? glue || t == Type.NS || t == Type.DS || t == Type.NSEC || t == Type.RRSIG
                : glue;
        if (!allowed) {
            problems.add(problem(zone, set.first(), Code.OCCLUDED_DATA,
                    Type.string(t) + " is hidden by the delegation " + cut.get()));
        }
    }

    /** All records of an RRset carry one TTL (RFC 2181 §5.2); RRSIGs at a name cover several sets. */
    private static void checkTtls(Zone zone, RRset set, List<ZoneProblem> problems) {
        if (set.type() == Type.RRSIG) {
            return;
        }
        long ttl = set.first().getTTL();
        for (Record r : set.records()) {
            if (r.getTTL() != ttl) {
                problems.add(problem(zone, r, Code.TTL_MISMATCH,
                        "TTL " + r.getTTL() + " differs from " + ttl + " of the rest of the " + Type.string(set.type()) + " RRset"));
                return;
            }
        }
    }

    static ZoneProblem problem(Zone zone, Record r, Code code, String message) {
        return new ZoneProblem(zone.lineOf(r), code, message, r.getName());
    }

    private ZoneValidator() {}
}
