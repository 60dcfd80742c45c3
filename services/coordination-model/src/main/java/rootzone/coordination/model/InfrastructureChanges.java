package rootzone.coordination.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import rootzone.coordination.model.InfrastructureChange.Kind;
import rootzone.zone.RRset;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/**
 * Finds the infrastructure changes between two consecutive versions of the root zone: the apex NS
 * set, the addresses (A, AAAA) of every name under root-servers.net, the apex DNSKEY set (key added,
 * revoked per RFC 5011, removed) and the record types present at the apex.
 *
 * <p>Sets are compared by RDATA: a TTL-only change is not an infrastructure change. Only owners the
 * diff touches are looked at, so a typical version (a few TLD changes) costs a scan of its diff.
 */
public final class InfrastructureChanges {

    public static final Name ROOT_SERVERS;

    static {
        try {
            ROOT_SERVERS = Name.fromString("root-servers.net.");
        } catch (org.xbill.DNS.TextParseException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Whether records at this owner can matter to detection (the apex of the zone or under root-servers.net). */
    public static boolean isWatched(Name owner, Name origin) {
        return owner.equals(origin) || owner.subdomain(ROOT_SERVERS);
    }

    /**
     * The changes from before to after, apex NS first, then server addresses, keys and apex types.
     *
     * @param diff ZoneDiff.between(before, after) (passed in because the caller usually has it)
     */
    public static List<InfrastructureChange> detect(Zone before, Zone after, ZoneDiff diff) {
        Name origin = after.origin();
        if (!canChange(diff, origin)) {
            return List.of();
        }
        boolean apex = false;
        Set<Name> servers = new TreeSet<>();
        for (List<Record> side : List.of(diff.removed(), diff.added())) {
            for (Record r : side) {
                if (r.getName().equals(origin)) {
                    apex = true;
                } else if (r.getName().subdomain(ROOT_SERVERS) && (r.getType() == Type.A || r.getType() == Type.AAAA)) {
                    servers.add(r.getName());
                }
            }
        }
        List<InfrastructureChange> out = new ArrayList<>();
        if (apex) {
            nameServers(before, after, out);
        }
        for (Name server : servers) {
            addresses(server, before, after, out);
        }
        if (apex) {
            keys(before, after, out);
            apexTypes(before, after, out);
        }
        return out;
    }

    /**
     * Whether {@link #detect} can find anything in this diff, told from the diff alone: it touches an apex
     * NS or DNSKEY record or an address under root-servers.net, or an apex type has records only removed
     * or only added (with both, the type is there before and after: the apex's types stay the same).
     * Most versions change only the SOA and the RRSIGs, NSEC and ZONEMD over it: no zone need be read.
     */
    public static boolean canChange(ZoneDiff diff, Name origin) {
        Map<Integer, Integer> apexSides = new HashMap<>(); // type (RRSIG: with the covered type) -> 1 removed | 2 added
        int side = 1;
        for (List<Record> records : List.of(diff.removed(), diff.added())) {
            for (Record r : records) {
                int type = r.getType();
                if (r.getName().equals(origin)) {
                    if (type == Type.NS || type == Type.DNSKEY) {
                        return true;
                    }
                    int key = type == Type.RRSIG ? Type.RRSIG << 16 | ((org.xbill.DNS.RRSIGRecord) r).getTypeCovered() : type;
                    apexSides.merge(key, side, (x, y) -> x | y);
                } else if ((type == Type.A || type == Type.AAAA) && r.getName().subdomain(ROOT_SERVERS)) {
                    return true;
                }
            }
            side = 2;
        }
        return apexSides.values().stream().anyMatch(sides -> sides != 3);
    }

    private static void nameServers(Zone before, Zone after, List<InfrastructureChange> out) {
        Set<String> was = targets(before);
        Set<String> is = targets(after);
        for (String ns : is) {
            if (!was.contains(ns)) {
                out.add(new InfrastructureChange(Kind.ROOT_NS_ADDED, ns, null, null, null, null,
                        List.copyOf(was), List.copyOf(is), "root NS added: " + ns));
            }
        }
        for (String ns : was) {
            if (!is.contains(ns)) {
                out.add(new InfrastructureChange(Kind.ROOT_NS_REMOVED, ns, null, null, null, null,
                        List.copyOf(was), List.copyOf(is), "root NS removed: " + ns));
            }
        }
    }

    private static Set<String> targets(Zone zone) {
        Set<String> names = new TreeSet<>();
        for (Record r : records(zone, zone.origin(), Type.NS)) {
            names.add(((NSRecord) r).getTarget().canonicalize().toString());
        }
        return names;
    }

    private static void addresses(Name server, Zone before, Zone after, List<InfrastructureChange> out) {
        Set<String> was = addressesOf(before, server);
        Set<String> is = addressesOf(after, server);
        if (!was.equals(is)) {
            Set<String> gone = new TreeSet<>(was);
            gone.removeAll(is);
            Set<String> fresh = new TreeSet<>(is);
            fresh.removeAll(was);
            String name = server.canonicalize().toString();
            out.add(new InfrastructureChange(Kind.SERVER_ADDRESS_CHANGED, name, null, null, null, null,
                    List.copyOf(was), List.copyOf(is),
                    name + " addresses: removed " + (gone.isEmpty() ? "none" : String.join(", ", gone))
                            + "; added " + (fresh.isEmpty() ? "none" : String.join(", ", fresh))));
        }
    }

    private static Set<String> addressesOf(Zone zone, Name server) {
        Set<String> out = new TreeSet<>();
        for (Record r : records(zone, server, Type.A)) {
            out.add(AddressText.of(((org.xbill.DNS.ARecord) r).getAddress()));
        }
        for (Record r : records(zone, server, Type.AAAA)) {
            out.add(AddressText.of(((org.xbill.DNS.AAAARecord) r).getAddress()));
        }
        return out;
    }

    private static void keys(Zone before, Zone after, List<InfrastructureChange> out) {
        List<DNSKEYRecord> was = dnskeys(before);
        List<DNSKEYRecord> is = dnskeys(after);
        List<DNSKEYRecord> gone = new ArrayList<>(was);
        gone.removeIf(k -> containsRdata(is, k));
        List<DNSKEYRecord> fresh = new ArrayList<>(is);
        fresh.removeIf(k -> containsRdata(was, k));
        List<String> beforeTags = tags(was);
        List<String> afterTags = tags(is);
        // RFC 5011 revocation: the same key material reappears with the REVOKE bit, under a new tag.
        for (DNSKEYRecord revoked : List.copyOf(fresh)) {
            if ((revoked.getFlags() & DNSKEYRecord.Flags.REVOKE) == 0) {
                continue;
            }
            for (DNSKEYRecord old : List.copyOf(gone)) {
                if (old.getAlgorithm() == revoked.getAlgorithm() && Arrays.equals(old.getKey(), revoked.getKey())) {
                    out.add(new InfrastructureChange(Kind.DNSKEY_REVOKED, ".", old.getFootprint(), revoked.getFootprint(),
                            role(old), null, beforeTags, afterTags, "DNSKEY revoked: " + describe(old)
                                    + ", now tag " + revoked.getFootprint()));
                    fresh.remove(revoked);
                    gone.remove(old);
                    break;
                }
            }
        }
        for (DNSKEYRecord k : fresh) {
            out.add(new InfrastructureChange(Kind.DNSKEY_ADDED, ".", k.getFootprint(), null, role(k), null,
                    beforeTags, afterTags, "DNSKEY added: " + describe(k)));
        }
        for (DNSKEYRecord k : gone) {
            out.add(new InfrastructureChange(Kind.DNSKEY_REMOVED, ".", k.getFootprint(), null, role(k), null,
                    beforeTags, afterTags, "DNSKEY removed: " + describe(k)));
        }
    }

    private static List<DNSKEYRecord> dnskeys(Zone zone) {
        List<DNSKEYRecord> keys = new ArrayList<>();
        for (Record r : records(zone, zone.origin(), Type.DNSKEY)) {
            keys.add((DNSKEYRecord) r);
        }
        return keys;
    }

    private static boolean containsRdata(List<DNSKEYRecord> keys, DNSKEYRecord key) {
        for (DNSKEYRecord k : keys) {
            if (Arrays.equals(k.rdataToWireCanonical(), key.rdataToWireCanonical())) {
                return true;
            }
        }
        return false;
    }

    private static List<String> tags(List<DNSKEYRecord> keys) {
        return keys.stream().map(k -> role(k) + " " + k.getFootprint()
                + ((k.getFlags() & DNSKEYRecord.Flags.REVOKE) != 0 ? " revoked" : "")).sorted().toList();
    }

    private static String role(DNSKEYRecord k) {
        return (k.getFlags() & DNSKEYRecord.Flags.SEP_KEY) != 0 ? "KSK" : "ZSK";
    }

    private static String describe(DNSKEYRecord k) {
        return role(k) + " tag " + k.getFootprint() + " algorithm " + k.getAlgorithm() + " flags " + k.getFlags();
    }

    private static void apexTypes(Zone before, Zone after, List<InfrastructureChange> out) {
        Set<Integer> was = types(before);
        Set<Integer> is = types(after);
        List<String> wasNames = was.stream().map(Type::string).toList();
        List<String> isNames = is.stream().map(Type::string).toList();
        for (int t : is) {
            if (!was.contains(t)) {
                out.add(new InfrastructureChange(Kind.APEX_TYPE_ADDED, ".", null, null, null, Type.string(t),
                        wasNames, isNames, "new record type at the apex: " + Type.string(t)));
            }
        }
        for (int t : was) {
            if (!is.contains(t)) {
                out.add(new InfrastructureChange(Kind.APEX_TYPE_REMOVED, ".", null, null, null, Type.string(t),
                        wasNames, isNames, "record type gone from the apex: " + Type.string(t)));
            }
        }
    }

    private static Set<Integer> types(Zone zone) {
        Set<Integer> types = new TreeSet<>();
        for (RRset set : zone.rrsetsAt(zone.origin())) {
            types.add(set.type());
        }
        return types;
    }

    private static List<Record> records(Zone zone, Name owner, int type) {
        RRset set = zone.rrset(owner, type);
        return set == null ? List.of() : set.records();
    }

    private InfrastructureChanges() {}
}
