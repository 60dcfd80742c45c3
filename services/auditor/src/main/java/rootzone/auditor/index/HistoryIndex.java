package rootzone.auditor.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import rootzone.eventlog.VersionApplier;
import rootzone.eventlog.VersionMismatchException;
import rootzone.events.RejectReason;
import rootzone.zone.CanonicalOrder;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/**
 * The whole history of one zone, kept compact: the delta of every version plus a full zone (a
 * keyframe) every {@code keyframeInterval} versions. Records are shared between deltas and keyframes (applyTo
 * reuses them), so a year of root zone history costs a few full zones, not one per version.
 *
 * <p>Every appended delta is checked strictly against the version before it (IXFR rules), its stated
 * counts against the records, and the version it gives against its stated serial, record count and
 * content digest (event-log's VersionApplier, as for every reader of the log: every version). A
 * version that does not fit is refused with an {@link InconsistentLogException}; the index keeps what
 * came before. One writer (the replay), many readers.
 */
public final class HistoryIndex {

    public static final int DEFAULT_KEYFRAME_INTERVAL = 100;
    private static final int CACHED_ZONES = 4;

    private record Entry(IndexedVersion info, ZoneDiff delta, DelegationChange delegations, ChangeSummary changes) {}

    private final Name origin;
    private final int keyframeInterval;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<Entry> entries = new ArrayList<>();
    private final Map<Long, Integer> indexBySerial = new HashMap<>();
    private final TreeMap<Integer, CheckedZone> keyframes = new TreeMap<>();
    /**
     * The latest version's zone (null while empty): built and checked by its append, or after an index snapshot
     * built from {@link #head} on first use. The writer replaces it; a reader may build it under the read lock.
     */
    private CheckedZone current;
    /** The latest version's records, to check each delta exactly where it applies. Writer only. */
    private final TreeMap<Record, Record> head = new TreeMap<>(CanonicalOrder.RECORDS);
    /** NS records per owner below the apex: an owner is a delegation while its count is positive. */
    private final Map<Name, Integer> nsPerOwner = new HashMap<>();
    private final List<Consumer<IndexedVersion>> listeners = new CopyOnWriteArrayList<>();
    private final Map<Integer, Zone> recent = Collections.synchronizedMap(new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Zone> eldest) {
            return size() > CACHED_ZONES;
        }
    });

    public HistoryIndex(Name origin, int keyframeInterval) {
        if (!origin.isAbsolute() || keyframeInterval < 1) {
            throw new IllegalArgumentException("need an absolute origin and a positive interval");
        }
        this.origin = origin;
        this.keyframeInterval = keyframeInterval;
    }

    public HistoryIndex(Name origin) {
        this(origin, DEFAULT_KEYFRAME_INTERVAL);
    }

    public Name origin() {
        return origin;
    }

    /**
     * Adds the next version of the log: its commit record and the delta its chunks carried.
     *
     * @throws InconsistentLogException when the delta does not apply to the latest version, or a count or
     *     the content digest differs from what the commit record states
     */
    public void append(IndexedVersion info, ZoneDiff delta) throws InconsistentLogException {
        lock.writeLock().lock();
        try {
            appendLocked(info, delta, false);
        } finally {
            lock.writeLock().unlock();
        }
        for (Consumer<IndexedVersion> l : listeners) {
            l.accept(info);
        }
    }

    /** Forgets every version: an index snapshot that does not apply after all is replaced by a replay from offset 0. */
    public void clear() {
        lock.writeLock().lock();
        try {
            entries.clear();
            indexBySerial.clear();
            keyframes.clear();
            head.clear();
            current = null;
            nsPerOwner.clear();
            recent.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Told every version the index accepted, after it is readable (the dashboard's live updates). */
    public void onAppend(Consumer<IndexedVersion> listener) {
        listeners.add(listener);
    }

    /**
     * A zone the index keeps, checked against its commit: a keyframe or the latest version. Appended live, it
     * is the zone the append built and checked. Loaded from an index snapshot, it is built on first use
     * ({@link #checkLoadedZones}, or a query or an append that needs it) and its content digest checked against
     * its commit then, so a restart does not wait for zones nobody has asked for yet; a zone whose digest is
     * not its commit's stays refused. Built under the index's read lock.
     */
    private static final class CheckedZone {
        private final ZoneSource source;
        private ZoneState state;

        private CheckedZone(ZoneState state, ZoneSource source) {
            this.state = state;
            this.source = source;
        }

        static CheckedZone built(Zone zone) {
            return new CheckedZone(new ZoneState.Built(zone), null);
        }

        synchronized boolean checked() {
            return !(state instanceof ZoneState.Pending);
        }

        synchronized Zone zone() throws InconsistentLogException {
            if (state instanceof ZoneState.Pending p) {
                try {
                    Zone built = source.build();
                    checkDigest(p.info(), built, p.what());
                    state = new ZoneState.Built(built);
                } catch (InconsistentLogException e) {
                    state = new ZoneState.Refused(e);
                }
            }
            if (state instanceof ZoneState.Refused r) {
                throw r.why();
            }
            return ((ZoneState.Built) state).zone();
        }
    }

    /** How a zone loaded from an index snapshot is built: a keyframe from the one before it, the latest from the head. */
    @FunctionalInterface
    private interface ZoneSource {
        Zone build() throws InconsistentLogException;
    }

    /** Where a kept zone is: built (and checked), loaded from a snapshot and not built yet, or refused. */
    private sealed interface ZoneState {
        record Built(Zone zone) implements ZoneState {}

        /** @param what which zone it is, for the refusal: a keyframe, or the latest version's */
        record Pending(IndexedVersion info, String what) implements ZoneState {}

        record Refused(InconsistentLogException why) implements ZoneState {}
    }

    /**
     * Appends versions read back from an index snapshot, with every check of {@link #append} but the
     * digests of the keyframes and of the latest version, which are checked on first use (see
     * {@link #checkLoadedZones}). On a refusal the index holds the versions before it: the caller clears it.
     */
    public void appendAll(List<IndexSnapshot.Version> versions) throws InconsistentLogException {
        lock.writeLock().lock();
        try {
            for (IndexSnapshot.Version v : versions) {
                appendLocked(v.info(), v.delta(), true);
            }
            if (!entries.isEmpty()) {
                // Built from the head before the next append changes it (that append needs the zone first).
                current = new CheckedZone(new ZoneState.Pending(entries.get(entries.size() - 1).info(), "latest zone"), () -> Zone.of(origin, head.values()));
            }
        } finally {
            lock.writeLock().unlock();
        }
        for (IndexSnapshot.Version v : versions) {
            for (Consumer<IndexedVersion> l : listeners) {
                l.accept(v.info());
            }
        }
    }

    /**
     * Builds every keyframe an index snapshot loaded and not used yet, and the latest version's zone, and
     * checks each one's content digest against its commit: the snapshot's deltas are local data, and a zone
     * that is not its commit's means they were altered (the caller discards the snapshot). Under the read
     * lock: queries go on meanwhile, and one that needs a keyframe first builds and checks it (and those
     * before it).
     *
     * @throws InconsistentLogException for the oldest zone that is not its commit's
     */
    public void checkLoadedZones() throws InconsistentLogException {
        lock.readLock().lock();
        try {
            for (CheckedZone k : keyframes.values()) {
                k.zone(); // in log order: each is built on the one before it, checked just before
            }
            if (current != null) {
                current.zone();
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** How many zones loaded from an index snapshot (keyframes and the latest version's) are not built and checked yet. */
    public int uncheckedZones() {
        lock.readLock().lock();
        try {
            return (int) keyframes.values().stream().filter(k -> !k.checked()).count() + (current != null && !current.checked() ? 1 : 0);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** @param what which zone was rebuilt, for the refusal */
    private static void checkDigest(IndexedVersion info, Zone zone, String what) throws InconsistentLogException {
        byte[] computed = ContentDigest.of(zone);
        if (!info.digestEquals(computed)) {
            throw new InconsistentLogException(info.serial(), "content digest of the rebuilt " + what + " is " + ContentDigest.hex(computed)
                    + " but the commit states " + info.contentDigestHex());
        }
    }

    /** @param fromSnapshot a version an index snapshot saved: its zone is built only for keyframes, when first used */
    private void appendLocked(IndexedVersion info, ZoneDiff delta, boolean fromSnapshot) throws InconsistentLogException {
        long serial = info.serial();
        Entry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
        Long expectedPrevious = last == null ? null : last.info().serial();
        if (!java.util.Objects.equals(expectedPrevious, info.previousSerial())) {
            throw new InconsistentLogException(serial, "previous serial is " + info.previousSerial()
                    + " but the latest version in the log is " + expectedPrevious);
        }
        if (delta.removed().size() != info.removedCount() || delta.added().size() != info.addedCount()) {
            throw new InconsistentLogException(serial, "commit states " + info.removedCount() + " removed and "
                    + info.addedCount() + " added records but the chunks carry " + delta.removed().size()
                    + " and " + delta.added().size());
        }
        if (fromSnapshot) {
            // Checked in full when first indexed. What a saved delta could still get wrong and no count or digest
            // shows is a removal's TTL (the canonical order ignores TTLs): a duplicate or absent record changes the
            // count, a wrong one the latest digest or a keyframe's.
            checkRemovals(serial, delta);
        } else {
            checkFits(serial, delta);
        }
        Zone next = null;
        if (!fromSnapshot) {
            Zone previous = current == null ? null : current.zone(); // built first after an index snapshot (the follower checks it)
            try {
                // event-log's one rebuild check: serial, record count and content digest of every version (the
                // auditor states the flat digest, not the content root: its index, API and log leaves are built on it).
                next = VersionApplier.apply(previous, origin, new VersionApplier.Stated(serial, info.previousSerial(), info.recordCount(),
                        new rootzone.zone.StatedContent.Digest(info.contentDigest())), delta);
            } catch (VersionMismatchException e) {
                throw new InconsistentLogException(serial, (e.reason() == RejectReason.DIGEST_MISMATCH
                        ? "content digest of the rebuilt zone differs from the commit's: " : e.reason() + ": ") + e.getMessage());
            }
        } else if (head.size() - delta.removed().size() + delta.added().size() != info.recordCount()) {
            // From an index snapshot: each version was digested when first indexed and its leaf is checked
            // (SnapshotLeaves); the latest version is digested again by appendAll, keyframes on first use.
            throw new InconsistentLogException(serial, "commit states " + info.recordCount() + " records but the delta gives "
                    + (head.size() - delta.removed().size() + delta.added().size()));
        }
        int index = entries.size();
        // Everything checked: only now change state, so a refused version leaves the index as it was.
        for (Record r : delta.removed()) {
            head.remove(r);
        }
        for (Record a : delta.added()) {
            head.put(a, a);
        }
        DelegationChange delegations = trackDelegations(info, delta, index == 0);
        entries.add(new Entry(info, delta, delegations, ChangeSummary.of(info, origin, delta, delegations)));
        indexBySerial.put(serial, index);
        current = next == null ? null : CheckedZone.built(next);
        if (index % keyframeInterval == 0) {
            keyframes.put(index, fromSnapshot
                    ? new CheckedZone(new ZoneState.Pending(info, "keyframe"), () -> index == 0 ? Zone.of(origin, entries.get(0).delta().added())
                            : compose(keyframes.lowerEntry(index), index))
                    : CheckedZone.built(next));
        }
    }

    /** Removed records present in the latest version with their TTL, each once: the records removed. */
    private TreeMap<Record, Record> checkRemovals(long serial, ZoneDiff delta) throws InconsistentLogException {
        TreeMap<Record, Record> gone = new TreeMap<>(CanonicalOrder.RECORDS);
        for (Record r : delta.removed()) {
            Record present = head.get(r);
            if (present == null || present.getTTL() != r.getTTL()) {
                throw new InconsistentLogException(serial, "delta removes a record the previous version does not hold: " + r);
            }
            if (gone.put(r, r) != null) {
                throw new InconsistentLogException(serial, "delta removes a record twice: " + r);
            }
        }
        return gone;
    }

    /** IXFR rules against the latest version: removed records present with their TTL, added ones absent. */
    private void checkFits(long serial, ZoneDiff delta) throws InconsistentLogException {
        TreeMap<Record, Record> gone = checkRemovals(serial, delta);
        TreeSet<Record> seen = new TreeSet<>(CanonicalOrder.RECORDS);
        for (Record a : delta.added()) {
            if ((head.containsKey(a) && !gone.containsKey(a)) || !seen.add(a)) {
                throw new InconsistentLogException(serial, "delta adds a record already present: " + a);
            }
            if (!a.getName().subdomain(origin)) {
                throw new InconsistentLogException(serial, "delta adds a record outside " + origin + ": " + a);
            }
        }
    }

    private DelegationChange trackDelegations(IndexedVersion info, ZoneDiff delta, boolean baseline) {
        TreeSet<Name> touched = new TreeSet<>();
        Map<Name, Boolean> before = new HashMap<>();
        for (List<Record> side : List.of(delta.removed(), delta.added())) {
            for (Record r : side) {
                if (r.getType() == Type.NS && !r.getName().equals(origin)) {
                    before.putIfAbsent(r.getName(), nsPerOwner.getOrDefault(r.getName(), 0) > 0);
                    touched.add(r.getName());
                }
            }
        }
        for (Record r : delta.removed()) {
            if (r.getType() == Type.NS && !r.getName().equals(origin)) {
                nsPerOwner.merge(r.getName(), -1, Integer::sum);
            }
        }
        for (Record a : delta.added()) {
            if (a.getType() == Type.NS && !a.getName().equals(origin)) {
                nsPerOwner.merge(a.getName(), 1, Integer::sum);
            }
        }
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (Name n : touched) {
            boolean now = nsPerOwner.getOrDefault(n, 0) > 0;
            if (now == before.get(n)) {
                continue;
            }
            if (!now) {
                nsPerOwner.remove(n);
            }
            if (!baseline) {
                (now ? added : removed).add(n.toString());
            }
        }
        return new DelegationChange(info.serial(), info.effectiveAt(), nsPerOwner.size(), added, removed, baseline);
    }

    /** The zone of entry {@code upTo}: the keyframe at or before it, then the deltas since. */
    private Zone rebuild(int upTo) throws InconsistentLogException {
        Map.Entry<Integer, CheckedZone> base = keyframes.floorEntry(upTo);
        return base.getKey() == upTo ? base.getValue().zone() : compose(base, upTo);
    }

    /** A keyframe's zone with the deltas after it up to entry {@code upTo} applied. */
    private Zone compose(Map.Entry<Integer, CheckedZone> base, int upTo) throws InconsistentLogException {
        Zone keyframe = base.getValue().zone();
        DeltaComposer composer = new DeltaComposer();
        try {
            for (int k = base.getKey() + 1; k <= upTo; k++) {
                composer.then(entries.get(k).delta());
            }
            return composer.result(keyframe.serial(), 0).applyTo(keyframe);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new InconsistentLogException(entries.get(upTo).info().serial(), "deltas do not compose: " + e.getMessage());
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return entries.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    public List<IndexedVersion> versions() {
        lock.readLock().lock();
        try {
            return entries.stream().map(Entry::info).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Every version with the delta it was indexed with, oldest first: what an index snapshot saves, and
     * what appending again in this order rebuilds (every IXFR rule and keyframe digest checked again).
     */
    public List<IndexSnapshot.Version> indexed() {
        lock.readLock().lock();
        try {
            return entries.stream().map(e -> new IndexSnapshot.Version(e.info(), e.delta())).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The latest version's zone, as rebuilt and checked on append, or after an index snapshot as its deltas
     * build it (checked here on first use).
     *
     * @throws IllegalStateException when that zone is not the latest commit's (the snapshot's deltas were altered)
     */
    public Optional<Zone> latestZone() {
        lock.readLock().lock();
        try {
            return current == null ? Optional.empty() : Optional.of(current.zone());
        } catch (InconsistentLogException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    public Optional<IndexedVersion> latest() {
        lock.readLock().lock();
        try {
            return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1).info());
        } finally {
            lock.readLock().unlock();
        }
    }

    public Optional<IndexedVersion> version(long serial) {
        lock.readLock().lock();
        try {
            Integer i = indexBySerial.get(serial);
            return i == null ? Optional.empty() : Optional.of(entries.get(i).info());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The version that was the zone at a time: the latest whose effective time is not after it. */
    public Optional<IndexedVersion> versionAt(Instant time) {
        lock.readLock().lock();
        try {
            for (int k = entries.size() - 1; k >= 0; k--) {
                if (!entries.get(k).info().effectiveAt().isAfter(time)) {
                    return Optional.of(entries.get(k).info());
                }
            }
            return Optional.empty();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The full zone of a serial, rebuilt from the keyframe at or before it and the deltas since.
     *
     * @throws NoSuchElementException when the serial is not in the log
     */
    public Zone zone(long serial) {
        lock.readLock().lock();
        try {
            int index = indexOf(serial);
            Zone cached = recent.get(index);
            if (cached != null) {
                return cached;
            }
            // The latest version's zone is at hand, built and checked on append (or on first use after a snapshot).
            Zone zone = index == entries.size() - 1 && current != null ? current.zone() : rebuild(index);
            recent.put(index, zone);
            return zone;
        } catch (InconsistentLogException e) {
            // Every delta was checked against its version on append, so composing them cannot fail; what can is a
            // keyframe of an index snapshot whose digest is not its commit's (its follower discards the snapshot).
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The RR-level difference from one serial to another (either may be the newer), composed from the
     * deltas in between: as ZoneDiff.between of the two rebuilt zones, without rebuilding them.
     */
    public ZoneDiff diff(long fromSerial, long toSerial) {
        lock.readLock().lock();
        try {
            int from = indexOf(fromSerial);
            int to = indexOf(toSerial);
            DeltaComposer composer = new DeltaComposer();
            for (int k = Math.min(from, to) + 1; k <= Math.max(from, to); k++) {
                composer.then(entries.get(k).delta());
            }
            ZoneDiff forward = composer.result(Math.min(from, to), Math.max(from, to));
            return from <= to
                    ? new ZoneDiff(fromSerial, toSerial, forward.removed(), forward.added())
                    : new ZoneDiff(fromSerial, toSerial, forward.added(), forward.removed());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every version in which a record at or below the name was removed or added, oldest first. */
    public List<NameChange> nameHistory(Name name) {
        lock.readLock().lock();
        try {
            List<NameChange> changes = new ArrayList<>();
            for (Entry e : entries) {
                List<Record> removed = atOrBelow(e.delta().removed(), name);
                List<Record> added = atOrBelow(e.delta().added(), name);
                if (!removed.isEmpty() || !added.isEmpty()) {
                    changes.add(new NameChange(e.info(), removed, added));
                }
            }
            return changes;
        } finally {
            lock.readLock().unlock();
        }
    }

    private static List<Record> atOrBelow(List<Record> records, Name name) {
        List<Record> out = new ArrayList<>();
        for (Record r : records) {
            if (r.getName().subdomain(name)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The delegations of every version, oldest first. */
    public List<DelegationChange> delegations() {
        lock.readLock().lock();
        try {
            return entries.stream().map(Entry::delegations).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The classified changes of every version, oldest first. */
    public List<ChangeSummary> changes() {
        lock.readLock().lock();
        try {
            return entries.stream().map(Entry::changes).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Where a serial sits in the log (0 = first version), if it is there. */
    public OptionalInt position(long serial) {
        lock.readLock().lock();
        try {
            Integer i = indexBySerial.get(serial);
            return i == null ? OptionalInt.empty() : OptionalInt.of(i);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A delegation over the whole history (see {@link DelegationTimeline}): one pass over the deltas,
     * following the delegation's NS set to know which addresses are its glue at each version.
     */
    public DelegationTimeline delegationTimeline(Name cut) {
        lock.readLock().lock();
        try {
            TreeMap<Record, Record> atCut = new TreeMap<>(CanonicalOrder.RECORDS);
            Map<Name, TreeMap<Record, Record>> addresses = new HashMap<>();
            List<DelegationTimeline.Step> steps = new ArrayList<>();
            for (int k = 0; k < entries.size(); k++) {
                Entry e = entries.get(k);
                Set<Name> targetsBefore = targets(atCut);
                List<Record> removed = new ArrayList<>();
                List<Record> added = new ArrayList<>();
                for (Record r : e.delta().removed()) {
                    if (atCutType(r, cut)) {
                        atCut.remove(r);
                        removed.add(r);
                    } else if (isAddress(r)) {
                        addresses.getOrDefault(r.getName(), new TreeMap<>(CanonicalOrder.RECORDS)).remove(r);
                    }
                }
                for (Record a : e.delta().added()) {
                    if (atCutType(a, cut)) {
                        atCut.put(a, a);
                        added.add(a);
                    } else if (isAddress(a)) {
                        addresses.computeIfAbsent(a.getName(), n -> new TreeMap<>(CanonicalOrder.RECORDS)).put(a, a);
                    }
                }
                Set<Name> targetsAfter = targets(atCut);
                EnumSet<ChangeKind> kinds = EnumSet.noneOf(ChangeKind.class);
                for (Record r : removed) {
                    kinds.add(r.getType() == Type.NS ? ChangeKind.NS : ChangeKind.DS);
                }
                for (Record r : added) {
                    kinds.add(r.getType() == Type.NS ? ChangeKind.NS : ChangeKind.DS);
                }
                for (List<Record> side : List.of(e.delta().removed(), e.delta().added())) {
                    for (Record r : side) {
                        if (isAddress(r) && (targetsBefore.contains(r.getName()) || targetsAfter.contains(r.getName()))) {
                            (side == e.delta().added() ? added : removed).add(r);
                            kinds.add(ChangeKind.GLUE);
                        }
                    }
                }
                if (kinds.isEmpty()) {
                    continue;
                }
                if (k == 0) {
                    kinds.clear();
                    kinds.add(ChangeKind.BASELINE);
                } else if (targetsBefore.isEmpty() && !targetsAfter.isEmpty()) {
                    kinds.add(ChangeKind.TLD_ADDED);
                } else if (!targetsBefore.isEmpty() && targetsAfter.isEmpty()) {
                    kinds.add(ChangeKind.TLD_REMOVED);
                }
                steps.add(new DelegationTimeline.Step(e.info().serial(), e.info().effectiveAt(), kinds, text(removed), text(added)));
            }
            List<Record> current = new ArrayList<>(atCut.values());
            Set<Name> targets = targets(atCut);
            if (targets.isEmpty()) {
                current.clear();
            }
            for (Name t : targets) {
                current.addAll(addresses.getOrDefault(t, new TreeMap<>(CanonicalOrder.RECORDS)).values());
            }
            return new DelegationTimeline(cut.toString(), text(current), steps);
        } finally {
            lock.readLock().unlock();
        }
    }

    private static boolean atCutType(Record r, Name cut) {
        return r.getName().equals(cut) && (r.getType() == Type.NS || r.getType() == Type.DS);
    }

    private static boolean isAddress(Record r) {
        return r.getType() == Type.A || r.getType() == Type.AAAA;
    }

    private static Set<Name> targets(TreeMap<Record, Record> atCut) {
        Set<Name> out = new HashSet<>();
        for (Record r : atCut.keySet()) {
            if (r instanceof NSRecord ns) {
                out.add(ns.getTarget());
            }
        }
        return out;
    }

    private static List<String> text(List<Record> records) {
        List<Record> sorted = new ArrayList<>(records);
        sorted.sort(CanonicalOrder.RECORDS);
        return sorted.stream().map(Record::toString).toList();
    }

    private int indexOf(long serial) {
        Integer i = indexBySerial.get(serial);
        if (i == null) {
            throw new NoSuchElementException("serial " + serial + " is not in the log of " + origin);
        }
        return i;
    }
}
