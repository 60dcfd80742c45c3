package rootzone.zone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One immutable version of a zone: its records in DNSSEC canonical order (RFC 4034 §6) with their
 * original TTLs, grouped into RRsets, indexed by owner name and by delegation point.
 *
 * <p>Built once per version and then only read, so it can be shared by any number of threads and
 * swapped atomically by a serving node.
 */
public final class Zone {

    private final Name origin;
    private final List<Record> records;
    private final List<RRset> rrsets;
    private final Map<Name, Owner> byOwner;

    /**
     * The RRsets at one name, with what building a successor version needs to know of them without
     * touching each RRset again (on a 22k-record zone those walks were most of the build).
     *
     * @param records how many records the RRsets hold
     * @param cut whether the name is a delegation point (an NS RRset below the apex)
     * @param apexSoa the apex SOA when the name is the origin and has one, else null
     */
    private record Owner(List<RRset> sets, int records, boolean cut, SOARecord apexSoa) {}
    private final Set<Name> existing;
    private final Set<Name> delegations;
    private final SOARecord soa;
    /** Master-file line of each record, by identity; empty for zones not parsed from text. */
    private final Map<Record, Integer> lines;
    /** Canonical RDATA of records.get(i), kept from sorting so diffs need not recompute it. */
    private final byte[][] rdata;
    /**
     * Whole-zone digests (ZONEMD, content), each computed once per version: the publisher's gates,
     * its transparency-log entry and its events digest the same Zone. A caller asking while another
     * computes it waits for that result.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, byte[]> digests = new java.util.concurrent.ConcurrentHashMap<>();

    private Zone(Name origin, List<Record> sorted, byte[][] rdata, Map<Record, Integer> lines) {
        this(origin, sorted, rdata, lines, null, Set.of());
    }

    /**
     * @param base a version whose RRsets this one shares at every owner not in {@code changed} (the
     *     version a diff was applied to), or null to build every RRset
     * @param changed the owners of the records a diff removed or added
     */
    private Zone(Name origin, List<Record> sorted, byte[][] rdata, Map<Record, Integer> lines, Zone base, Set<Name> changed) {
        this.origin = origin;
        this.rdata = rdata;
        this.records = Collections.unmodifiableList(sorted);
        this.lines = lines;
        Map<Name, Owner> owners = new HashMap<>(base != null ? base.byOwner.size() * 4 / 3 + 16 : 16);
        List<RRset> sets = new ArrayList<>(base != null ? base.rrsets.size() + 16 : 16);
        Set<Name> cuts = new HashSet<>(base != null ? base.delegations.size() * 4 / 3 + 16 : 16);
        // The names that exist depend only on the owners: unchanged when every changed owner owns
        // data before and after, the common case of a version that edits records.
        boolean sameOwners = base != null;
        SOARecord apexSoa = null;
        int i = 0;
        while (i < sorted.size()) {
            Name owner = sorted.get(i).getName();
            Owner at = null;
            int j = -1;
            if (base != null) {
                // No record at an unchanged owner was removed or added: the same records, so the same
                // RRsets, and the owner's records are the next ones (their count, checked at both ends).
                at = changed.contains(owner) ? null : base.byOwner.get(owner);
                if (at != null) {
                    j = i + at.records();
                    if (j > sorted.size() || !sameName(sorted.get(j - 1).getName(), owner)
                            || (j < sorted.size() && sameName(sorted.get(j).getName(), owner))) {
                        at = null; // not the base's records after all: build them
                    }
                } else if (!base.byOwner.containsKey(owner)) {
                    sameOwners = false;
                }
            }
            if (at == null) {
                j = i + 1;
                while (j < sorted.size() && sameName(sorted.get(j).getName(), owner)) {
                    j++;
                }
                at = ownerOf(origin, owner, sorted.subList(i, j));
            }
            sets.addAll(at.sets());
            if (at.cut()) {
                cuts.add(owner);
            }
            if (at.apexSoa() != null) {
                apexSoa = at.apexSoa();
            }
            owners.put(owner, at);
            i = j;
        }
        if (sameOwners && owners.size() != base.byOwner.size()) {
            sameOwners = false; // a changed owner lost all its records
        }
        Set<Name> names;
        if (sameOwners) {
            names = base.existing; // never modified once built
        } else {
            names = new HashSet<>();
            for (Name owner : owners.keySet()) {
                // The owner and every ancestor up to the origin exist (ancestors as empty non-terminals).
                for (Name n = owner; n.subdomain(origin) && names.add(n) && !n.equals(origin); ) {
                    n = new Name(n, 1);
                }
            }
        }
        this.rrsets = Collections.unmodifiableList(sets);
        this.byOwner = owners;
        this.existing = names;
        this.delegations = Collections.unmodifiableSet(cuts);
        this.soa = apexSoa;
    }

    private static boolean sameName(Name a, Name b) {
        return a == b || a.equals(b);
    }

    /** The RRsets of one owner's records (in canonical order), each with the RRSIGs covering it. */
    private static Owner ownerOf(Name origin, Name owner, List<Record> atName) {
        Map<Integer, List<RRSIGRecord>> sigsByCovered = new HashMap<>();
        for (Record r : atName) {
            if (r instanceof RRSIGRecord sig) {
                sigsByCovered.computeIfAbsent(sig.getTypeCovered(), t -> new ArrayList<>()).add(sig);
            }
        }
        Map<Integer, List<Record>> byType = new LinkedHashMap<>();
        for (Record r : atName) {
            byType.computeIfAbsent(r.getType(), t -> new ArrayList<>()).add(r);
        }
        List<RRset> ownerSets = new ArrayList<>(byType.size());
        boolean cut = false;
        SOARecord apexSoa = null;
        for (Map.Entry<Integer, List<Record>> e : byType.entrySet()) {
            int type = e.getKey();
            List<RRSIGRecord> sigs = type == Type.RRSIG ? List.of() : sigsByCovered.getOrDefault(type, List.of());
            ownerSets.add(new RRset(owner, type, e.getValue().get(0).getDClass(), e.getValue(), sigs));
            if (type == Type.SOA && owner.equals(origin)) {
                apexSoa = (SOARecord) e.getValue().get(0);
            }
            cut |= type == Type.NS && !owner.equals(origin);
        }
        return new Owner(List.copyOf(ownerSets), atName.size(), cut, apexSoa);
    }

    /**
     * A zone of the given records: sorted into canonical order, duplicates (same owner, type, class
     * and RDATA; RFC 2181 §5) dropped keeping the first. No validation: see ZoneValidator.
     */
    public static Zone of(Name origin, Collection<? extends Record> records) {
        return of(origin, List.copyOf(records), null);
    }

    /**
     * As {@link #of(Name, Collection)}, remembering the master-file line of each record (lines[i] is
     * the line of records.get(i)) for {@link #lineOf}.
     */
    static Zone of(Name origin, List<? extends Record> records, int[] lines) {
        Keyed[] keyed = new Keyed[records.size()];
        for (int i = 0; i < keyed.length; i++) {
            Record r = records.get(i);
            keyed[i] = new Keyed(r, r.rdataToWireCanonical(), lines == null ? 0 : lines[i]);
        }
        // Stable sort: of equal records the first in input order is kept.
        Arrays.sort(keyed, Keyed::compareTo);
        List<Record> sorted = new ArrayList<>(keyed.length);
        List<byte[]> sortedRdata = new ArrayList<>(keyed.length);
        Map<Record, Integer> lineMap = lines == null ? Map.of() : new IdentityHashMap<>(keyed.length * 2);
        Keyed previous = null;
        for (Keyed k : keyed) {
            if (previous == null || previous.compareTo(k) != 0) {
                sorted.add(k.record);
                sortedRdata.add(k.rdata);
                if (lines != null) {
                    lineMap.put(k.record, k.line);
                }
            }
            previous = k;
        }
        return new Zone(origin, sorted, sortedRdata.toArray(byte[][]::new), lineMap);
    }

    /**
     * A zone of records the caller has proven to be in strict canonical order, with their canonical
     * RDATA (ZoneDiff.applyTo: kept records come in order from a zone, and it checks every seam where
     * a record was added), so nothing is sorted or re-rendered.
     */
    static Zone ofOrdered(Name origin, List<Record> sorted, byte[][] rdata) {
        return ofOrdered(origin, sorted, rdata, null, Set.of());
    }

    /**
     * The same, sharing with {@code base} the RRsets of every owner not in {@code changed}: a diff
     * applied to a 22k-record version rebuilds only the RRsets at the owners it touched.
     *
     * @param base the zone whose records {@code sorted} keeps at every owner not in {@code changed}
     */
    static Zone ofOrdered(Name origin, List<Record> sorted, byte[][] rdata, Zone base, Set<Name> changed) {
        if (sorted.size() != rdata.length) {
            throw new IllegalArgumentException(sorted.size() + " records but " + rdata.length + " RDATA");
        }
        if (base != null && !base.origin.equals(origin)) {
            throw new IllegalArgumentException("base zone " + base.origin + " is not of origin " + origin);
        }
        return new Zone(origin, sorted, rdata, Map.of(), base, changed);
    }

    /** A whole-zone digest by name, computed on first use (see {@link #digests}); a copy. */
    byte[] digest(String name, java.util.function.Supplier<byte[]> compute) {
        return digests.computeIfAbsent(name, k -> compute.get()).clone();
    }

    /** Keeps a whole-zone digest computed alongside another (one walk feeding two), unless already known. */
    void offerDigest(String name, byte[] digest) {
        digests.putIfAbsent(name, digest.clone());
    }

    /** Canonical RDATA of records().get(i), as cached from sorting: callers must not modify it. */
    byte[] canonicalRdata(int i) {
        return rdata[i];
    }

    /** Canonical order of records.get(i) of this zone and records.get(j) of another, from cached RDATA. */
    int compare(int i, Zone other, int j) {
        return compare(records.get(i), rdata[i], other.records.get(j), other.rdata[j]);
    }

    private static int compare(Record a, byte[] aRdata, Record b, byte[] bRdata) {
        return CanonicalOrder.compare(a, aRdata, b, bRdata);
    }

    private record Keyed(Record record, byte[] rdata, int line) implements Comparable<Keyed> {
        @Override
        public int compareTo(Keyed o) {
            return compare(record, rdata, o.record, o.rdata);
        }
    }

    public Name origin() {
        return origin;
    }

    /** The apex SOA, or null when the zone has none (an invalid zone; see ZoneValidator). */
    public SOARecord soa() {
        return soa;
    }

    public long serial() {
        if (soa == null) {
            throw new IllegalStateException("zone " + origin + " has no SOA at its apex");
        }
        return soa.getSerial();
    }

    /** Every record in canonical order, with original TTLs. */
    public List<Record> records() {
        return records;
    }

    /** The master-file line this record was read from, or 0 when unknown (not parsed from text). */
    public int lineOf(Record record) {
        Integer line = lines.get(record);
        return line == null ? 0 : line;
    }

    public int size() {
        return records.size();
    }

    /** Every RRset in canonical order (owner, then type). */
    public List<RRset> rrsets() {
        return rrsets;
    }

    /** The RRsets at an owner name, in type order; empty when the name owns no data. */
    public List<RRset> rrsetsAt(Name owner) {
        Owner at = byOwner.get(owner);
        return at == null ? List.of() : at.sets();
    }

    /** The RRset of a type at a name, or null. */
    public RRset rrset(Name owner, int type) {
        List<RRset> sets = rrsetsAt(owner);
        for (int k = 0; k < sets.size(); k++) { // indexed: the validator asks this of every name server
            if (sets.get(k).type() == type) {
                return sets.get(k);
            }
        }
        return null;
    }

    /** True when the name owns data or is an empty non-terminal above a name that does. */
    public boolean exists(Name name) {
        return existing.contains(name);
    }

    /** Names below the apex that own an NS RRset: the zone cuts. */
    public Set<Name> delegations() {
        return delegations;
    }

    /**
     * The closest enclosing delegation of a name: the delegation point at or above it (and below the
     * apex), if any. Data at or below it is not authoritative here.
     */
    public Optional<Name> delegationFor(Name name) {
        if (!name.subdomain(origin) || name.equals(origin)) {
            return Optional.empty();
        }
        // Walk from just below the apex down towards the name: the highest cut wins (RFC 1034 §4.3.2).
        int labels = name.labels();
        for (int keep = origin.labels() + 1; keep <= labels; keep++) {
            Name candidate = keep == labels ? name : new Name(name, labels - keep);
            if (delegations.contains(candidate)) {
                return Optional.of(candidate);
            }
            if (!existing.contains(candidate)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Whether this name belongs to the zone (at or below the origin). */
    public boolean contains(Name name) {
        return name.subdomain(origin);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Zone other) || !origin.equals(other.origin) || records.size() != other.records.size()) {
            return false;
        }
        for (int k = 0; k < records.size(); k++) {
            Record a = records.get(k);
            Record b = other.records.get(k);
            if (!a.equals(b) || a.getTTL() != b.getTTL()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + records.size();
    }

    @Override
    public String toString() {
        return "Zone[" + origin + (soa != null ? " serial " + soa.getSerial() : "") + ", " + records.size() + " records]";
    }

}
