package rootzone.zone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
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

    /**
     * The mean number of owners in a {@link Block}: a block ends after an owner whose name hash
     * ({@link #endsBlock}) is 0 modulo this, so where blocks end depends only on the names the zone
     * holds, never on the versions it went through (the {@link ContentRoot} is made of them).
     */
    static final int BLOCK_OWNERS = 64;

    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    /** This version's identity, and that of the version it was made from by a delta (0: none). */
    private final long id = IDS.incrementAndGet();
    private final long baseId;
    /** The owners the delta from that version named (empty for a zone built in full). */
    private final Set<Name> changedSinceBase;
    private final Name origin;
    /** The records in canonical order, in runs of whole owners; a version shares every run it did not change. */
    private final Block[] blocks;
    /** recordStart[k]: the index in records() of blocks[k]'s first record; the last entry is the size. */
    private final int[] recordStart;
    private final int[] rrsetStart;
    private final HashTrie<Name, Owner> byOwner;
    /** How many owners are at or below each name that exists (owners and empty non-terminals, in the zone). */
    private final HashTrie<Name, Integer> below;
    private final HashTrie<Name, Boolean> cuts;
    private final SOARecord soa;
    /** Master-file line of each record, by identity; empty for zones not parsed from text. */
    private final Map<Record, Integer> lines;
    private final List<Record> recordList = new BlockList<>(z -> z.recordStart, b -> b.records);
    private final List<RRset> rrsetList = new BlockList<>(z -> z.rrsetStart, b -> b.rrsets);
    private final Set<Name> delegationSet = new DelegationSet();
    /**
     * Whole-zone digests (ZONEMD, content), each computed once per version: the publisher's gates,
     * its transparency-log entry and its events digest the same Zone. A caller asking while another
     * computes it waits for that result.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, byte[]> digests = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A run of whole owners' records in canonical order, with their canonical RDATA and RRsets;
     * immutable, and shared by every version that did not change it.
     */
    static final class Block {
        final Record[] records;
        final byte[][] rdata;
        final RRset[] rrsets;
        /** Its digest in the {@link ContentRoot}, made on first use. */
        volatile byte[] digest;
        /** The ContentRoot page it ended when last asked, with that page's digest. */
        volatile ContentRoot.Page page;

        Block(Record[] records, byte[][] rdata, RRset[] rrsets) {
            this.records = records;
            this.rdata = rdata;
            this.rrsets = rrsets;
        }

        Name first() {
            return records[0].getName();
        }
    }

    /**
     * The RRsets at one name, with what building a successor version needs to know of them.
     *
     * @param records how many records the RRsets hold
     * @param cut whether the name is a delegation point (an NS RRset below the apex)
     * @param apexSoa the apex SOA when the name is the origin and has one, else null
     */
    private record Owner(List<RRset> sets, int records, boolean cut, SOARecord apexSoa) {}

    private Zone(Name origin, Blocks built, HashTrie<Name, Owner> byOwner, HashTrie<Name, Integer> below,
            HashTrie<Name, Boolean> cuts, SOARecord soa, Map<Record, Integer> lines, long baseId, Set<Name> changed) {
        this.origin = origin;
        int n = built.count;
        this.blocks = Arrays.copyOf(built.out, n);
        this.recordStart = Arrays.copyOf(built.recordStart, n + 1);
        this.rrsetStart = Arrays.copyOf(built.rrsetStart, n + 1);
        this.baseId = baseId;
        this.changedSinceBase = changed;
        this.byOwner = byOwner;
        this.below = below;
        this.cuts = cuts;
        this.soa = soa;
        this.lines = lines;
    }

    /**
     * Whether a block ends after this owner: FNV-1a (32 bits) over the owner's canonical wire form
     * (RFC 4034 §6.2, lower case) is 0 modulo {@link #BLOCK_OWNERS}. A content-defined boundary, as
     * in rsync: adding or removing a name moves at most the block boundaries next to it.
     */
    static boolean endsBlock(Name owner) {
        return (nameHash(owner) & (BLOCK_OWNERS - 1)) == 0;
    }

    static int nameHash(Name owner) {
        int h = 0x811c9dc5;
        for (byte b : owner.toWireCanonical()) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        return h;
    }

    private static boolean sameName(Name a, Name b) {
        return a == b || a.equals(b);
    }

    /**
     * The RRsets of one owner's records, each with the RRSIGs covering it. In canonical order the
     * records come grouped by type, and the RRSIGs by the type they cover (the first field of their
     * RDATA, RFC 4034 §3.1): each RRset and its signatures are runs, found without a map.
     */
    private static Owner ownerOf(Name origin, Name owner, List<Record> atName) {
        int n = atName.size();
        int sigsFrom = n;
        int sigsTo = n;
        for (int i = 0; i < n; i++) {
            if (atName.get(i).getType() == Type.RRSIG) {
                sigsFrom = Math.min(sigsFrom, i);
                sigsTo = i + 1;
            }
        }
        List<RRset> ownerSets = new ArrayList<>(4);
        boolean cut = false;
        SOARecord apexSoa = null;
        int i = 0;
        while (i < n) {
            int type = atName.get(i).getType();
            int j = i + 1;
            while (j < n && atName.get(j).getType() == type) {
                j++;
            }
            List<RRSIGRecord> sigs = new ArrayList<>(1);
            for (int k = sigsFrom; type != Type.RRSIG && k < sigsTo; k++) {
                if (atName.get(k) instanceof RRSIGRecord sig && sig.getTypeCovered() == type) {
                    sigs.add(sig);
                }
            }
            ownerSets.add(new RRset(owner, type, atName.get(i).getDClass(), atName.subList(i, j), sigs));
            if (type == Type.SOA && owner.equals(origin)) {
                apexSoa = (SOARecord) atName.get(i);
            }
            cut |= type == Type.NS && !owner.equals(origin);
            i = j;
        }
        return new Owner(List.copyOf(ownerSets), n, cut, apexSoa);
    }

    /**
     * Cuts records in canonical order into blocks, building the RRsets of each owner, or taking them
     * from {@code base} for an owner not in {@code changed} (its records are the same).
     */
    private static final class Blocks {
        final Name origin;
        final Zone base;
        final Set<Name> changed;
        /** The blocks made or kept so far, with the index of each one's first record and RRset. */
        Block[] out;
        int[] recordStart;
        int[] rrsetStart;
        int count;
        /** The owners built anew (not taken from base), with their records; a zone built whole keeps them in order instead. */
        final Map<Name, Owner> built = new HashMap<>();
        /** Of a zone built whole (no base): every owner in canonical order, and its RRsets. */
        final List<Name> ownerNames = new ArrayList<>();
        final List<Owner> ownersInOrder = new ArrayList<>();
        final List<Record> pending = new ArrayList<>();
        final List<byte[]> pendingRdata = new ArrayList<>();

        Blocks(Name origin, Zone base, Set<Name> changed, int expected) {
            this.origin = origin;
            this.base = base;
            this.changed = changed;
            this.out = new Block[expected + 1];
            this.recordStart = new int[expected + 2];
            this.rrsetStart = new int[expected + 2];
        }

        private void room(int more) {
            if (count + more >= out.length) {
                int size = Math.max(out.length * 2, count + more + 1);
                out = Arrays.copyOf(out, size);
                recordStart = Arrays.copyOf(recordStart, size + 1);
                rrsetStart = Arrays.copyOf(rrsetStart, size + 1);
            }
        }

        void emit(Block b) {
            room(1);
            out[count] = b;
            recordStart[count + 1] = recordStart[count] + b.records.length;
            rrsetStart[count + 1] = rrsetStart[count] + b.rrsets.length;
            count++;
        }

        /** Keeps blocks [a, b) of {@code from} as they are: their positions shift, nothing in them is read. */
        void keep(Zone from, int a, int b) {
            int n = b - a;
            if (n <= 0) {
                return;
            }
            room(n);
            System.arraycopy(from.blocks, a, out, count, n);
            int records = recordStart[count] - from.recordStart[a];
            int rrsets = rrsetStart[count] - from.rrsetStart[a];
            for (int k = 1; k <= n; k++) {
                recordStart[count + k] = from.recordStart[a + k] + records;
                rrsetStart[count + k] = from.rrsetStart[a + k] + rrsets;
            }
            count += n;
        }

        void add(Record r, byte[] rdata) {
            pending.add(r);
            pendingRdata.add(rdata);
        }

        /**
         * Makes blocks of the pending records up to the last owner that ends a block (all of them when
         * {@code last}); the pending records must end with an owner's last record.
         */
        void cut(boolean last) {
            int n = pending.size();
            int start = 0;
            int i = 0;
            while (i < n) {
                Name owner = pending.get(i).getName();
                int j = i + 1;
                while (j < n && sameName(pending.get(j).getName(), owner)) {
                    j++;
                }
                if (endsBlock(owner) || (last && j == n)) {
                    emit(block(start, j));
                    start = j;
                }
                i = j;
            }
            pending.subList(0, start).clear();
            pendingRdata.subList(0, start).clear();
        }

        boolean isEmpty() {
            return pending.isEmpty();
        }

        private Block block(int from, int to) {
            Record[] records = pending.subList(from, to).toArray(new Record[0]);
            byte[][] rdata = pendingRdata.subList(from, to).toArray(new byte[0][]);
            List<RRset> sets = new ArrayList<>();
            int i = 0;
            while (i < records.length) {
                Name owner = records[i].getName();
                int j = i + 1;
                while (j < records.length && sameName(records[j].getName(), owner)) {
                    j++;
                }
                Owner at = base != null && !changed.contains(owner) ? base.byOwner.get(owner) : null;
                if (at == null || at.records() != j - i) {
                    at = ownerOf(origin, owner, Arrays.asList(records).subList(i, j));
                    if (base != null) {
                        built.put(owner, at);
                    } else {
                        ownerNames.add(owner);
                        ownersInOrder.add(at);
                    }
                }
                sets.addAll(at.sets());
                i = j;
            }
            return new Block(records, rdata, sets.toArray(new RRset[0]));
        }
    }

    /** A zone of records in strict canonical order with their canonical RDATA: every block built. */
    private static Zone build(Name origin, List<Record> sorted, List<byte[]> rdata, Map<Record, Integer> lines) {
        Blocks blocks = new Blocks(origin, null, Set.of(), sorted.size() / BLOCK_OWNERS + 1);
        for (int i = 0; i < sorted.size(); i++) {
            blocks.add(sorted.get(i), rdata.get(i));
        }
        blocks.cut(true);
        HashTrie.Editor<Name, Owner> owners = HashTrie.<Name, Owner>empty().edit();
        HashTrie.Editor<Name, Boolean> cuts = HashTrie.<Name, Boolean>empty().edit();
        SOARecord soa = null;
        for (int i = 0; i < blocks.ownerNames.size(); i++) {
            Name owner = blocks.ownerNames.get(i);
            Owner at = blocks.ownersInOrder.get(i);
            owners.put(owner, at);
            if (at.cut()) {
                cuts.put(owner, Boolean.TRUE);
            }
            if (at.apexSoa() != null) {
                soa = at.apexSoa();
            }
        }
        return new Zone(origin, blocks, owners.build(), countBelow(origin, blocks.ownerNames), cuts.build(), soa, lines, 0, Set.of());
    }

    /** From this many records on, a zone built whole encodes and sorts them side by side. */
    private static final int PARALLEL_RECORDS = 100_000;

    /** The most labels a name has, the root's included (RFC 1035 §3.1: 255 octets). */
    private static final int MAX_LABELS = 128;

    /**
     * The owner count at and below every name (owners and empty non-terminals) of owners in canonical
     * order, where every name's descendants directly follow it (RFC 4034 §6.1): the chain of ancestors
     * of the owner at hand is a stack, and each name's count is put once, when the walk leaves it.
     */
    private static HashTrie<Name, Integer> countBelow(Name origin, List<Name> owners) {
        HashTrie.Editor<Name, Integer> below = HashTrie.<Name, Integer>empty().edit();
        Name[] chain = new Name[MAX_LABELS];
        int[] counts = new int[MAX_LABELS];
        int depth = 0;
        int originLabels = origin.labels();
        for (Name owner : owners) {
            if (!owner.subdomain(origin)) {
                continue;
            }
            while (depth > 0 && !owner.subdomain(chain[depth - 1])) {
                depth--;
                below.put(chain[depth], counts[depth]);
            }
            // chain[k] has originLabels + k labels: push the ancestors between the chain's end and the owner.
            for (int labels = originLabels + depth; labels <= owner.labels(); labels++) {
                chain[depth] = labels == owner.labels() ? owner : new Name(owner, owner.labels() - labels);
                counts[depth++] = 0;
            }
            for (int k = 0; k < depth; k++) {
                counts[k]++;
            }
        }
        while (depth > 0) {
            depth--;
            below.put(chain[depth], counts[depth]);
        }
        return below.build();
    }

    /** Adds {@code delta} to the owner count of {@code owner} and every ancestor up to the origin. */
    private static void count(HashTrie.Editor<Name, Integer> below, Name origin, Name owner, int delta) {
        for (Name n = owner; n.subdomain(origin); n = new Name(n, 1)) {
            Integer c = below.get(n);
            int next = (c == null ? 0 : c) + delta;
            below.put(n, next == 0 ? null : next);
            if (n.equals(origin)) {
                break;
            }
        }
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
        java.util.stream.IntStream indexes = java.util.stream.IntStream.range(0, keyed.length);
        (keyed.length >= PARALLEL_RECORDS ? indexes.parallel() : indexes).forEach(i -> {
            Record r = records.get(i);
            keyed[i] = new Keyed(r, r.rdataToWireCanonical(), lines == null ? 0 : lines[i]);
        });
        // Stable sort (both are): of equal records the first in input order is kept.
        if (keyed.length >= PARALLEL_RECORDS) {
            Arrays.parallelSort(keyed, Keyed::compareTo);
        } else {
            Arrays.sort(keyed, Keyed::compareTo);
        }
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
        return build(origin, sorted, sortedRdata, lineMap);
    }

    /**
     * The version after {@code from} with the given records removed and added (each list in strict
     * canonical order, with its canonical RDATA). Strict, as IXFR is (RFC 1995): every removed record
     * must be present with the same TTL, no added record may be present already. Only the blocks the
     * changes fall in are rebuilt, and only the owners they name get new RRsets; everything else is
     * shared with {@code from}, so the cost is that of the change, not of the zone.
     *
     * @throws IllegalArgumentException naming the first record that does not fit
     */
    static Zone apply(Zone from, List<Record> removed, byte[][] removedRdata, List<Record> added, byte[][] addedRdata) {
        int n = from.size();
        if (n - removed.size() + added.size() < 0) {
            throw new IllegalArgumentException("diff removes " + removed.size() + " records from a zone of " + n);
        }
        // Changes in canonical order; of a removed and an added record with the same key (a TTL change)
        // the removal comes first, so the addition then finds its place free.
        int nc = removed.size() + added.size();
        Record[] change = new Record[nc];
        byte[][] changeRdata = new byte[nc][];
        boolean[] removal = new boolean[nc];
        Set<Name> changed = new HashSet<>();
        for (int c = 0, r = 0, d = 0; c < nc; c++) {
            boolean isRemoval = d >= added.size() || (r < removed.size()
                    && CanonicalOrder.compare(removed.get(r), removedRdata[r], added.get(d), addedRdata[d]) <= 0);
            change[c] = isRemoval ? removed.get(r) : added.get(d);
            changeRdata[c] = isRemoval ? removedRdata[r++] : addedRdata[d++];
            removal[c] = isRemoval;
            changed.add(change[c].getName());
        }
        Block[] old = from.blocks;
        Blocks blocks = new Blocks(from.origin, from, changed, old.length + 8);
        int c = 0;
        if (old.length == 0) {
            c = merge(blocks, null, change, changeRdata, removal, 0, nc);
        }
        int k = 0;
        while (k < old.length) {
            if (blocks.isEmpty()) {
                // Up to the block the next change falls in, every block is kept as it is.
                int target = c < nc ? blockFor(old, change[c].getName()) : old.length;
                blocks.keep(from, k, target);
                k = target;
                if (k == old.length) {
                    break;
                }
            }
            Name nextFirst = k + 1 < old.length ? old[k + 1].first() : null;
            int end = c;
            while (end < nc && (nextFirst == null || change[end].getName().compareTo(nextFirst) < 0)) {
                end++;
            }
            c = merge(blocks, old[k], change, changeRdata, removal, c, end);
            // What follows the last block boundary is merged with the next block.
            blocks.cut(k == old.length - 1);
            k++;
        }
        blocks.cut(true);
        HashTrie.Editor<Name, Owner> owners = from.byOwner.edit();
        HashTrie.Editor<Name, Integer> below = from.below.edit();
        HashTrie.Editor<Name, Boolean> cuts = from.cuts.edit();
        SOARecord soa = from.soa;
        for (Name owner : changed) {
            Owner was = from.byOwner.get(owner);
            Owner now = blocks.built.get(owner);
            owners.put(owner, now);
            cuts.put(owner, now != null && now.cut() ? Boolean.TRUE : null);
            if (owner.equals(from.origin)) {
                soa = now == null ? null : now.apexSoa();
            }
            if ((was == null) != (now == null)) {
                count(below, from.origin, owner, now != null ? 1 : -1);
            }
        }
        return new Zone(from.origin, blocks, owners.build(), below.build(), cuts.build(), soa, Map.of(), from.id, changed);
    }

    /** The last block whose first owner is at or before {@code owner} (0 when none is): where its records go. */
    private static int blockFor(Block[] blocks, Name owner) {
        int lo = 0;
        int hi = blocks.length - 1;
        int at = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (blocks[mid].first().compareTo(owner) <= 0) {
                at = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return at;
    }

    /** Merges a block's records (none when null) with changes [c, end) into the pending records. */
    private static int merge(Blocks blocks, Block block, Record[] change, byte[][] changeRdata, boolean[] removal, int c, int end) {
        Record[] a = block == null ? new Record[0] : block.records;
        byte[][] ar = block == null ? new byte[0][] : block.rdata;
        int i = 0;
        for (; c < end; c++) {
            Record ch = change[c];
            byte[] chr = changeRdata[c];
            while (i < a.length && CanonicalOrder.compare(a[i], ar[i], ch, chr) < 0) {
                blocks.add(a[i], ar[i]);
                i++;
            }
            boolean present = i < a.length && CanonicalOrder.compare(ch, chr, a[i], ar[i]) == 0;
            if (removal[c]) {
                if (!present) {
                    throw new IllegalArgumentException("removed record not in zone: " + ch);
                }
                if (ch.getTTL() != a[i].getTTL()) {
                    throw new IllegalArgumentException("removed record has TTL " + ch.getTTL()
                            + " but zone has " + a[i].getTTL() + ": " + a[i]);
                }
                i++;
            } else {
                if (present) {
                    throw new IllegalArgumentException("added record already in zone: " + a[i]);
                }
                blocks.add(ch, chr);
            }
        }
        for (; i < a.length; i++) {
            blocks.add(a[i], ar[i]);
        }
        return c;
    }

    /** The blocks, for digests walking the zone (package-private: callers must not modify them). */
    Block[] blocks() {
        return blocks;
    }

    /**
     * The owners whose RRsets differ between {@code base} and this version (present in either), found
     * by comparing the blocks the two do not share: what a successor of an index built for
     * {@code base} must rebuild. Every owner when the two share nothing.
     */
    public Set<Name> changedOwners(Zone base) {
        if (baseId == base.id) { // made from base by a delta: the owners it named
            Set<Name> owners = new HashSet<>(changedSinceBase);
            owners.removeIf(o -> byOwner.get(o) == base.byOwner.get(o));
            return owners;
        }
        Set<Block> mine = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        mine.addAll(Arrays.asList(blocks));
        Set<Name> owners = new HashSet<>();
        Set<Block> shared = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Block b : base.blocks) {
            if (mine.contains(b)) {
                shared.add(b);
            } else {
                for (Record r : b.records) {
                    owners.add(r.getName());
                }
            }
        }
        for (Block b : blocks) {
            if (!shared.contains(b)) {
                for (Record r : b.records) {
                    owners.add(r.getName());
                }
            }
        }
        owners.removeIf(o -> byOwner.get(o) == base.byOwner.get(o));
        return owners;
    }

    /**
     * The owner names below {@code name} (not itself), in canonical order: the names a change at a zone
     * cut reaches. They follow it in canonical order (RFC 4034 §6.1), so they are found by a search.
     */
    public List<Name> ownersBelow(Name name) {
        List<Name> out = new ArrayList<>();
        Name last = null;
        for (int k = blockFor(blocks, name); k < blocks.length; k++) {
            for (Record r : blocks[k].records) {
                Name owner = r.getName();
                if (last != null && sameName(owner, last)) {
                    continue;
                }
                int c = owner.compareTo(name);
                if (c <= 0) {
                    continue;
                }
                if (!owner.subdomain(name)) {
                    return out;
                }
                out.add(owner);
                last = owner;
            }
        }
        return out;
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
        int k = blockOf(recordStart, i);
        return blocks[k].rdata[i - recordStart[k]];
    }

    /** The block holding item i, given the blocks' start indexes (ascending; empty blocks never occur). */
    private int blockOf(int[] starts, int i) {
        if (i < 0 || i >= starts[blocks.length]) {
            throw new IndexOutOfBoundsException(i);
        }
        int lo = 0;
        int hi = blocks.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= i) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** records() or rrsets() over the blocks: indexed access by a search over the blocks' start positions, iteration block by block. */
    private final class BlockList<T> extends java.util.AbstractList<T> implements java.util.RandomAccess {
        private final java.util.function.Function<Zone, int[]> start;
        private final java.util.function.Function<Block, T[]> items;

        BlockList(java.util.function.Function<Zone, int[]> start, java.util.function.Function<Block, T[]> items) {
            this.start = start;
            this.items = items;
        }

        @Override
        public T get(int i) {
            int[] at = start.apply(Zone.this);
            int k = blockOf(at, i);
            return items.apply(blocks[k])[i - at[k]];
        }

        @Override
        public int size() {
            return start.apply(Zone.this)[blocks.length];
        }

        @Override
        public java.util.Iterator<T> iterator() {
            return new BlockIterator<>(k -> items.apply(blocks[k]));
        }
    }

    private final class BlockIterator<T> implements java.util.Iterator<T> {
        private final java.util.function.IntFunction<T[]> items;
        private int k = -1;
        private T[] current;
        private int i;

        BlockIterator(java.util.function.IntFunction<T[]> items) {
            this.items = items;
        }

        @Override
        public boolean hasNext() {
            while (current == null || i >= current.length) {
                if (k + 1 >= blocks.length) {
                    return false;
                }
                current = items.apply(++k);
                i = 0;
            }
            return true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return current[i++];
        }
    }

    private final class DelegationSet extends java.util.AbstractSet<Name> {
        @Override
        public boolean contains(Object o) {
            return o instanceof Name n && cuts.containsKey(n);
        }

        @Override
        public int size() {
            return cuts.size();
        }

        @Override
        public java.util.Iterator<Name> iterator() {
            List<Name> names = new ArrayList<>(cuts.size());
            cuts.forEach((name, yes) -> names.add(name));
            names.sort(null);
            return Collections.unmodifiableList(names).iterator();
        }
    }

    /** Canonical order of records.get(i) of this zone and records.get(j) of another, from cached RDATA. */
    int compare(int i, Zone other, int j) {
        return compare(recordList.get(i), canonicalRdata(i), other.recordList.get(j), other.canonicalRdata(j));
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
        return recordList;
    }

    /** The master-file line this record was read from, or 0 when unknown (not parsed from text). */
    public int lineOf(Record record) {
        Integer line = lines.get(record);
        return line == null ? 0 : line;
    }

    public int size() {
        return recordStart[blocks.length];
    }

    /** Every RRset in canonical order (owner, then type). */
    public List<RRset> rrsets() {
        return rrsetList;
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
        return below.containsKey(name);
    }

    /** Names below the apex that own an NS RRset: the zone cuts. */
    public Set<Name> delegations() {
        return delegationSet;
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
            if (cuts.containsKey(candidate)) {
                return Optional.of(candidate);
            }
            if (!below.containsKey(candidate)) {
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
        if (!(o instanceof Zone other) || !origin.equals(other.origin) || size() != other.size()) {
            return false;
        }
        java.util.Iterator<Record> theirs = other.recordList.iterator();
        for (Record a : recordList) {
            Record b = theirs.next();
            if (!a.equals(b) || a.getTTL() != b.getTTL()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + size();
    }

    @Override
    public String toString() {
        return "Zone[" + origin + (soa != null ? " serial " + soa.getSerial() : "") + ", " + size() + " records]";
    }

}
