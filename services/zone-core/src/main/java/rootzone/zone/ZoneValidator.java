package rootzone.zone;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
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
        checkApex(zone, problems);
        int zoneClass = zoneClass(zone);
        Name lastOwner = null;
        for (RRset set : zone.rrsets()) {
            boolean firstAtOwner = !set.name().equals(lastOwner);
            lastOwner = set.name();
            check(zone, set, zoneClass, firstAtOwner, problems);
        }
        return problems;
    }

    /**
     * The problems {@link #validate} finds in {@code zone}, in the same order, given that {@code base}
     * has none: only what the change from {@code base} can have made wrong is checked again. That is
     * every RRset at an owner the change touched; below a delegation it added or removed, every RRset
     * (occlusion, RFC 4035 §2.2); and the address check of every NS RRset with a name server that lost
     * its last address or is at or below such a delegation (whether it needs one, or glue, may have
     * changed; RFC 1034 §4.2.1). Everything else has the same inputs as in {@code base}. Falls back to
     * the whole zone when the two have different origins or SOA classes, or when the change touches
     * more than an eighth of the owners (then the walk costs more than it saves). The whole walk took
     * ~10 ms of the publisher's request thread a root zone version and ~450 ms at 1,000,000 records;
     * by the change, 3.8 ms (the gates step, ZONEMD and DNSSEC included) and 2 ms (issue 14).
     */
    public static List<ZoneProblem> validateChange(Zone base, Zone zone) {
        int zoneClass = zoneClass(zone);
        if (!base.origin().equals(zone.origin()) || zoneClass(base) != zoneClass || zoneClass < 0) {
            return validate(zone);
        }
        Set<Name> touched = zone.changedOwners(base);
        if (touched.size() > zone.rrsets().size() / 8) {
            return validate(zone);
        }
        Set<Name> recheck = new HashSet<>(touched); // owners whose every check is due again
        List<Name> cutsChanged = new ArrayList<>();
        for (Name owner : touched) {
            if (base.delegations().contains(owner) != zone.delegations().contains(owner)) {
                cutsChanged.add(owner);
                recheck.addAll(zone.ownersBelow(owner));
            }
        }
        // A name server's check reads only whether it has an address and its closest cut. Gaining an
        // address cannot make a problem where base had none, so only names that lost their last one
        // count, and the NS RRsets are scanned only then or when a cut changed (at 1,000,000 records
        // the scan costs nearly what the whole walk does).
        Set<Name> lostAddress = new HashSet<>();
        for (Name owner : touched) {
            if (hasAddress(base, owner) && !hasAddress(zone, owner)) {
                lostAddress.add(owner);
            }
        }
        Set<Name> nameServers = new HashSet<>(); // NS owners whose address check only is due again
        if (!lostAddress.isEmpty() || !cutsChanged.isEmpty()) {
            forEachNsSet(zone, ns -> {
                if (!recheck.contains(ns.name()) && targetAffected(ns, lostAddress, cutsChanged)) {
                    nameServers.add(ns.name());
                }
            });
        }
        List<ZoneProblem> problems = new ArrayList<>();
        checkApex(zone, problems);
        TreeSet<Name> owners = new TreeSet<>(recheck); // Name orders canonically (RFC 4034 §6.1), as rrsets() does
        owners.addAll(nameServers);
        for (Name owner : owners) {
            boolean all = recheck.contains(owner);
            boolean firstAtOwner = true;
            for (RRset set : zone.rrsetsAt(owner)) {
                if (all) {
                    check(zone, set, zoneClass, firstAtOwner, problems);
                } else if (set.type() == Type.NS) {
                    checkAddresses(zone, set, problems);
                }
                firstAtOwner = false;
            }
        }
        return problems;
    }

    /** The checks of one RRset, in validate's order; {@code firstAtOwner} reports an out-of-zone owner once. */
    private static void check(Zone zone, RRset set, int zoneClass, boolean firstAtOwner, List<ZoneProblem> problems) {
        Name owner = set.name();
        Name origin = zone.origin();
        if (!owner.subdomain(origin)) {
            if (firstAtOwner) {
                problems.add(problem(zone, set.first(), Code.OUT_OF_ZONE, "owner is outside the zone " + origin));
            }
            return;
        }
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

    private static int zoneClass(Zone zone) {
        return zone.soa() != null ? zone.soa().getDClass() : -1;
    }

    /** The apex NS RRset and every delegation's. */
    private static void forEachNsSet(Zone zone, Consumer<RRset> action) {
        RRset apex = zone.rrset(zone.origin(), Type.NS);
        if (apex != null) {
            action.accept(apex);
        }
        for (Name cut : zone.delegations()) {
            RRset ns = zone.rrset(cut, Type.NS);
            if (ns != null) {
                action.accept(ns);
            }
        }
    }

    /** Whether a name server of {@code ns} lost its address, or is at or below a delegation added or removed. */
    private static boolean targetAffected(RRset ns, Set<Name> lostAddress, List<Name> cutsChanged) {
        for (Record r : ns.records()) {
            Name target = ((NSRecord) r).getTarget();
            if (lostAddress.contains(target)) {
                return true;
            }
            for (Name cut : cutsChanged) {
                if (target.subdomain(cut)) {
                    return true;
                }
            }
        }
        return false;
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
