package rootzone.zone;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Root-like zones of any size, and deltas to them, for tests and benchmarks (deploy/bench): an apex
 * SOA and NS, then delegations of 7 records each (2 NS, 2 in-bailiwick name servers with A and AAAA,
 * 1 DS). Deterministic: the same arguments give the same records.
 */
public final class SyntheticZone {

    public static final int RECORDS_PER_DELEGATION = 7;

    /** A zone of about {@code records} records (rounded to whole delegations) with the given serial. */
    public static Zone of(Name origin, int records, long serial) {
        int delegations = Math.max(1, (records - 2) / RECORDS_PER_DELEGATION);
        List<Record> rs = new ArrayList<>(delegations * RECORDS_PER_DELEGATION + 2);
        rs.add(soa(origin, serial));
        rs.add(new NSRecord(origin, DClass.IN, 518400, name("a.synthetic-servers.net.")));
        for (int i = 0; i < delegations; i++) {
            rs.addAll(delegation(origin, "d" + i, i, 0));
        }
        return Zone.of(origin, rs);
    }

    /** The records of one delegation {@code label}.origin; {@code variant} changes its DS digest. */
    public static List<Record> delegation(Name origin, String label, int i, int variant) {
        Name child = name(label, origin);
        List<Record> rs = new ArrayList<>(RECORDS_PER_DELEGATION);
        for (int n = 0; n < 2; n++) {
            Name ns = name("ns" + n + ".nic." + label, origin);
            rs.add(new NSRecord(child, DClass.IN, 172800, ns));
            rs.add(new ARecord(ns, DClass.IN, 172800, address(new byte[] {10, (byte) n, (byte) (i >> 8), (byte) i})));
            rs.add(new AAAARecord(ns, DClass.IN, 172800, address(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0,
                    0, 0, (byte) (i >> 24), (byte) (i >> 16), (byte) n, 0, (byte) (i >> 8), (byte) i})));
        }
        byte[] digest = new byte[32];
        for (int b = 0; b < 4; b++) {
            digest[b] = (byte) (i >> (8 * b));
        }
        digest[4] = (byte) variant;
        digest[5] = (byte) (variant >> 8);
        rs.add(new DSRecord(child, DClass.IN, 86400, (10000 + i) & 0xffff, 8, DSRecord.Digest.SHA256, digest));
        return rs;
    }

    /**
     * The delta of a routine version of {@code zone} (made by {@link #of}) of exactly 10 records: the
     * SOA serial (1 removed, 1 added), a new DS at 4 delegations (4 removed, 4 added), chosen by
     * {@code seed}.
     */
    public static ZoneDiff routineDelta(Zone zone, long seed) {
        Random random = new Random(seed);
        List<Record> removed = new ArrayList<>();
        List<Record> added = new ArrayList<>();
        SOARecord soa = zone.soa();
        removed.add(soa);
        added.add(soa(zone.origin(), soa.getSerial() + 1));
        List<RRset> ds = new ArrayList<>();
        for (int tries = 0; ds.size() < 4 && tries < 1000; tries++) {
            RRset set = zone.rrset(name("d" + random.nextInt(zone.delegations().size()), zone.origin()), Type.DS);
            if (set != null && !ds.contains(set)) {
                ds.add(set);
            }
        }
        for (RRset set : ds) {
            DSRecord old = (DSRecord) set.first();
            byte[] digest = old.getDigest().clone();
            digest[6]++;
            removed.add(old);
            added.add(new DSRecord(old.getName(), old.getDClass(), old.getTTL(), old.getFootprint(), old.getAlgorithm(),
                    old.getDigestID(), digest));
        }
        return diff(zone, removed, added);
    }

    /**
     * A random delta of about {@code changes} records to any zone: records removed (whole owners and
     * delegations too), records added at existing and new names (new delegations, glue, names below
     * existing ones), TTL changes, and always a new SOA serial.
     */
    public static ZoneDiff randomDelta(Zone zone, Random random, int changes) {
        List<Record> all = zone.records();
        TreeSet<Record> removed = new TreeSet<>(CanonicalOrder.RECORDS);
        TreeSet<Record> added = new TreeSet<>(CanonicalOrder.RECORDS);
        SOARecord soa = zone.soa();
        removed.add(soa);
        added.add(soa(zone.origin(), soa.getSerial() + 1));
        for (int c = 0; c < changes; c++) {
            Record pick = all.get(random.nextInt(all.size()));
            if (pick.getName().equals(zone.origin())) {
                continue;
            }
            switch (random.nextInt(6)) {
                case 0 -> removed.add(pick);
                case 1 -> removed.addAll(zone.rrsetsAt(pick.getName()).stream().flatMap(s -> s.records().stream()).toList());
                case 2 -> {
                    removed.add(pick);
                    added.add(Record.newRecord(pick.getName(), pick.getType(), pick.getDClass(), pick.getTTL() + 1, pick.rdataToWireCanonical()));
                }
                case 3 -> added.add(random.nextBoolean() ? new TXTRecord(pick.getName(), DClass.IN, 3600, "added " + random.nextInt())
                        : new NSECRecord(pick.getName(), DClass.IN, 86400, zone.origin(), new int[] {Type.NS, Type.NSEC}));
                case 4 -> added.add(new TXTRecord(name("x" + random.nextInt(1000), pick.getName()), DClass.IN, 3600, "below"));
                default -> added.addAll(delegation(zone.origin(), "n" + random.nextInt(1_000_000), random.nextInt(1 << 20), 1));
            }
        }
        // A record both removed and added unchanged is no change (IXFR would refuse the addition).
        List<Record> same = new ArrayList<>();
        for (Record r : added) {
            Record was = removed.contains(r) ? removed.ceiling(r) : null;
            if (was != null && was.getTTL() == r.getTTL()) {
                same.add(r);
            }
        }
        same.forEach(r -> {
            removed.remove(r);
            added.remove(r);
        });
        added.removeIf(r -> !removed.contains(r) && zone.rrsetsAt(r.getName()).stream().anyMatch(s -> s.records().contains(r)));
        return diff(zone, List.copyOf(removed), List.copyOf(added));
    }

    private static ZoneDiff diff(Zone zone, List<Record> removed, List<Record> added) {
        List<Record> r = new ArrayList<>(removed);
        List<Record> a = new ArrayList<>(added);
        r.sort(CanonicalOrder.RECORDS);
        a.sort(CanonicalOrder.RECORDS);
        long from = zone.serial();
        long to = a.stream().filter(x -> x instanceof SOARecord).mapToLong(x -> ((SOARecord) x).getSerial()).findFirst().orElse(from);
        return new ZoneDiff(from, to, r, a);
    }

    private static SOARecord soa(Name origin, long serial) {
        return new SOARecord(origin, DClass.IN, 86400, name("a.synthetic-servers.net."), name("nstld.synthetic.invalid."),
                serial, 1800, 900, 604800, 86400);
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Name name(String label, Name origin) {
        try {
            return Name.fromString(label, origin);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private SyntheticZone() {}
}
