package rootzone.auditor.tlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.jboss.logging.Logger;
import rootzone.eventlog.tlog.LogReplay;
import rootzone.events.AvroBytes;
import rootzone.events.EventCodec;
import rootzone.events.LogCheckpoint;
import rootzone.events.NodeApplied;
import rootzone.tlog.entry.LogEntry;
import rootzone.tlog.entry.VersionEntry;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.NoteSignature;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.note.VerifierKey;
import rootzone.tlog.tile.DirectoryTileStore;
import rootzone.tlog.tile.EntryBundles;
import rootzone.tlog.tile.StoreAudit;
import rootzone.tlog.tile.TilePaths;
import rootzone.tlog.tile.TiledLog;

/**
 * The auditor's copy of one transparency log, rebuilt from the LogCheckpoint events with event-log's
 * {@link LogReplay} (docs/transparency-log.md, "Integration"): every checkpoint's signature is checked
 * against the log's verifier key, its entries appended with {@link TiledLog#appendChecked} (a
 * rewritten, dropped or added entry under a signed checkpoint is a {@link LogFinding.Mismatch}), a
 * second checkpoint of a size already verified with another root is a {@link LogFinding.Fork}; every
 * leaf is paired with the event
 * it describes ({@link EventFacts}) and must say what the event says. Node cosignatures of the latest
 * checkpoint are gathered into the checkpoint served, each verified with its witness key when one is
 * configured. The tiles live in a DirectoryTileStore, so a restart resumes from the last verified
 * checkpoint (its signature checked again) instead of replaying the log.
 *
 * <p>One writer (the event audit's thread), many readers (HTTP). After a mismatch the replay of this
 * log halts at its last verified size: later checkpoints build on entries it refused.
 */
public final class AuditedLog {

    private static final Logger LOG = Logger.getLogger(AuditedLog.class);

    /** A leaf waiting for its event. */
    public record PendingLeaf(long index, byte[] entry) {}

    /** An event waiting for its leaf: where it was read and its encoded value. */
    public record PendingEvent(String topic, long offset, byte[] value) {}

    private record Waiting<T>(T item, long since) {}

    /** A version's leaf: its index in the log and its entry. */
    public record VersionLeaf(long index, VersionEntry entry) {}

    /** A node's latest cosignature: the tree it cosigned and the signature line. */
    private record Cosigned(long size, byte[] root, NoteSignature signature) {}

    private final String name;
    private final String origin;
    private final Optional<VerifierKey> key;
    private final Map<String, VerifierKey> witnesses;
    private final DirectoryTileStore store;
    private final TiledLog log;
    /** event-log's replay of the checkpoints into {@link #log}; null without a configured key. */
    private final LogReplay replay;
    private final boolean reset;
    private SignedNote signed;
    private final Map<String, Cosigned> cosigned = new TreeMap<>();
    /** Every version leaf by serial: its index and entry (what a restarted index snapshot is checked against). */
    private final Map<Long, VersionLeaf> versionIndex = new HashMap<>();
    /** Every leaf's index by what pairs it with its event ({@link EventFacts#keyOf}): the first leaf of a key. */
    private final Map<String, Long> leafIndex = new HashMap<>();
    /**
     * The re-read below the restart point ({@code replay.RestartReread}): the leaves paired before the
     * restart (below {@code fedUpTo} as restored), the keys then still unpaired (judged by {@link #unpaired}
     * instead), and the leaves whose event the re-read found.
     */
    private long pairedBeforeRestart;
    private final java.util.Set<String> unpairedAtRestart = new java.util.HashSet<>();
    private final java.util.BitSet reread = new java.util.BitSet();
    private List<byte[]> rereadBundle;
    private long rereadBundleIndex = -1;
    private final Map<String, Waiting<PendingLeaf>> leaves = new LinkedHashMap<>();
    private final Map<String, Waiting<PendingEvent>> events = new LinkedHashMap<>();
    /** Leaves below this index were paired (or are waiting in {@link #leaves}): a re-read checkpoint feeds only later ones. */
    private long fedUpTo;
    private final List<LogFinding> findings = new ArrayList<>();
    private String halted;
    /** When the latest verified checkpoint was written (its event's producedAt); null when verified before this start. */
    private java.time.Instant checkpointAt;

    private AuditedLog(String name, String origin, Optional<VerifierKey> key, Map<String, VerifierKey> witnesses,
                      DirectoryTileStore store, TiledLog log, boolean reset) {
        this.name = name;
        this.origin = origin;
        this.key = key;
        this.witnesses = Map.copyOf(witnesses);
        this.store = store;
        this.log = log;
        this.replay = key.map(k -> new LogReplay(log, k)).orElse(null);
        this.reset = reset;
        // A replay from offset 0 re-reads every checkpoint: all leaves are paired again.
        this.fedUpTo = 0;
    }

    /**
     * Opens the log kept under dir. A store whose checkpoint does not verify with the key, or whose
     * tiles do not match it, is moved aside and the log starts empty: {@link #reset()} says so, and the
     * caller must then replay the checkpoints from offset 0.
     */
    public static AuditedLog open(String name, String origin, Optional<VerifierKey> key, Map<String, VerifierKey> witnesses,
                                 Path dir) {
        try {
            TiledLog log = null;
            DirectoryTileStore store = new DirectoryTileStore(dir);
            String why = null;
            try {
                log = TiledLog.open(store);
                if (log.checkpoint() != null) {
                    SignedNote note = SignedNote.parse(log.checkpoint());
                    if (key.isEmpty() || !note.verifiedBy(key.get())) {
                        why = "its checkpoint is not signed by " + key.map(VerifierKey::text).orElse("a configured key");
                    } else if (StoreAudit.check(store) instanceof StoreAudit.Result.Damaged d) {
                        // Local files: every entry and tile must be the one the signed root commits to.
                        why = d.detail();
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                why = e.getMessage();
            }
            if (why == null) {
                AuditedLog r = new AuditedLog(name, origin, key, witnesses, store, log, false);
                try {
                    r.resumed();
                    return r;
                } catch (IOException | IllegalArgumentException e) {
                    why = e.getMessage();
                }
            }
            Path aside = dir.resolveSibling(dir.getFileName() + ".untrusted-" + System.currentTimeMillis());
            LOG.warnf("log %s: store %s not used (%s); moved to %s, the log is replayed from the start", name, dir, why, aside);
            Files.move(dir, aside);
            DirectoryTileStore fresh = new DirectoryTileStore(dir);
            return new AuditedLog(name, origin, key, witnesses, fresh, TiledLog.open(fresh), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log store " + dir, e);
        }
    }

    /** After a restart: the signed checkpoint, its cosignatures, and the serial of every version leaf. */
    private void resumed() throws IOException {
        if (log.checkpoint() == null) {
            return;
        }
        SignedNote note = SignedNote.parse(log.checkpoint());
        Checkpoint cp = Checkpoint.parse(note.body());
        List<NoteSignature> own = new ArrayList<>();
        for (NoteSignature s : note.signatures()) {
            if (key.get().verifies(note.body(), s)) {
                own.add(s);
            } else {
                cosigned.put(s.name(), new Cosigned(cp.size(), cp.root(), s));
            }
        }
        signed = new SignedNote(note.body(), own);
        long size = log.size();
        for (long bundle = 0; bundle * TilePaths.WIDTH < size; bundle++) {
            long first = bundle * TilePaths.WIDTH;
            int width = (int) Math.min(TilePaths.WIDTH, size - first);
            List<byte[]> entries;
            if (width == TilePaths.WIDTH) {
                // a whole bundle at once: TiledLog.entry decodes one bundle per entry
                byte[] data = store.read(TilePaths.entries(bundle, TilePaths.WIDTH));
                if (data == null) {
                    throw new IOException(TilePaths.entries(bundle, TilePaths.WIDTH) + " is missing from the store");
                }
                entries = EntryBundles.decode(data);
            } else {
                entries = new ArrayList<>();
                for (long i = first; i < size; i++) {
                    entries.add(log.entry(i));
                }
            }
            for (int i = 0; i < entries.size(); i++) {
                indexLeaf(first + i, entries.get(i));
            }
        }
    }

    public String name() {
        return name;
    }

    public String origin() {
        return origin;
    }

    public Optional<VerifierKey> key() {
        return key;
    }

    /** Whether the store was not trusted at open and the log starts empty. */
    public boolean reset() {
        return reset;
    }

    public TiledLog tree() {
        return log;
    }

    /** A file of the log's tile layout (the caller checked the path with TilePaths.valid); null when absent. */
    public byte[] file(String path) throws IOException {
        return store.read(path);
    }

    /** The latest verified checkpoint with every valid cosignature gathered, or empty before the first. */
    public synchronized Optional<String> checkpoint() {
        return Optional.ofNullable(log.checkpoint());
    }

    public synchronized Optional<Long> indexOf(long serial) {
        return versionLeaf(serial).map(VersionLeaf::index);
    }

    /**
     * The leaf of an event by its SHA-256 (a rejection's or a coordination event's entry names it), under
     * the latest verified checkpoint.
     */
    public synchronized Optional<Long> indexOfEvent(byte[] eventSha256) {
        return Optional.ofNullable(leafIndex.get(EventFacts.eventKey(java.util.HexFormat.of().formatHex(eventSha256))));
    }

    /** The leaf of a serial, under the latest verified checkpoint (or read with it, not yet paired). */
    public synchronized Optional<VersionLeaf> versionLeaf(long serial) {
        return Optional.ofNullable(versionIndex.get(serial));
    }

    public synchronized List<LogFinding> findings() {
        return List.copyOf(findings);
    }

    public synchronized String halted() {
        return halted;
    }

    /** A LogCheckpoint of this log, read at this offset of its topic. */
    public synchronized void checkpoint(LogCheckpoint c, long offset) {
        if (replay == null) {
            finding(new LogFinding.BadCheckpoint(name, offset, "no verifier key is configured for " + origin
                    + " (rootzone.auditor.log-keys): nothing of this log can be trusted"));
            return;
        }
        if (halted != null) {
            return;
        }
        long size = log.size();
        LogReplay.Step step = replay.apply(offset, c);
        try {
            if (step instanceof LogReplay.Step.Refused r) {
                refused(c, offset, size, r.reason());
                return;
            }
            if (step instanceof LogReplay.Step.Other o) {
                finding(new LogFinding.BadCheckpoint(name, offset, "keyed as this log's but of origin " + o.origin()));
                return;
            }
            if (step instanceof LogReplay.Step.Appended) {
                signed = SignedNote.parse(c.getNote());
                checkpointAt = c.getEnvelope().getProducedAt();
            }
            // Appended, or Known (re-read after a restart): pair the leaves not paired yet.
            for (int i = 0; i < c.getEntries().size(); i++) {
                long index = c.getFirstIndex() + i;
                if (index >= size) {
                    indexLeaf(index, AvroBytes.toArray(c.getEntries().get(i)));
                }
                if (index >= fedUpTo) {
                    leaf(index, AvroBytes.toArray(c.getEntries().get(i)));
                    fedUpTo = index + 1;
                }
            }
            serveCosignatures();
        } catch (IOException e) {
            throw new UncheckedIOException("log " + name + ": cannot write its store", e);
        }
    }

    /**
     * What a refused checkpoint means here: one that is not the log's (signature, malformed, fields)
     * is reported and skipped; a verified note of a size the log has with another root is a fork; one
     * whose entries do not lead to it (rewritten, dropped, added, or a LogCheckpoint event missing)
     * halts this log's replay.
     */
    private void refused(LogCheckpoint c, long offset, long size, String reason) {
        SignedNote note;
        Checkpoint cp;
        try {
            note = SignedNote.parse(c.getNote());
            cp = Checkpoint.parse(note.body());
        } catch (IllegalArgumentException e) {
            finding(new LogFinding.BadCheckpoint(name, offset, reason));
            return;
        }
        boolean genuine = note.verifiedBy(replay.key()) && cp.size() == c.getTreeSize()
                && MessageDigest.isEqual(cp.root(), AvroBytes.toArray(c.getRootHash())) && c.getFirstIndex() + c.getEntries().size() == cp.size();
        if (!genuine) {
            finding(new LogFinding.BadCheckpoint(name, offset, reason));
        } else if (cp.size() <= size) {
            finding(new LogFinding.Fork(name, offset, cp.size(), b64(log.treeHash(cp.size())), b64(cp.root())));
        } else {
            halt(new LogFinding.Mismatch(name, offset, size, cp.size(), c.getFirstIndex() > size ? size : cp.size(), reason));
        }
    }

    /** An event this log describes (its facts computed by the caller). */
    public synchronized void event(EventFacts facts, String topic, long offset, byte[] value) {
        Waiting<PendingLeaf> leaf = leaves.remove(facts.key());
        if (leaf == null) {
            events.put(facts.key(), new Waiting<>(new PendingEvent(topic, offset, value.clone()), System.nanoTime()));
            return;
        }
        compare(leaf.item(), facts, topic, offset);
    }

    /** A node's NodeApplied, with its cosignature of this log when it carries one. */
    public synchronized void applied(NodeApplied a) {
        if (a.getCosignature() == null || a.getCosignedSize() == null || a.getCosignedRootHash() == null) {
            return;
        }
        NoteSignature s;
        try {
            // The event carries the signature line without its em dash (the contract); parse it as a note's line.
            String body = new Checkpoint(origin, a.getCosignedSize(), AvroBytes.toArray(a.getCosignedRootHash()), List.of()).body();
            s = SignedNote.parse(body + "\n" + NoteSignature.PREFIX + a.getCosignature() + "\n").signatures().get(0);
        } catch (IllegalArgumentException e) {
            finding(new LogFinding.BadCosignature(name, a.getNodeId(), a.getCosignedSize(), "malformed: " + e.getMessage()));
            return;
        }
        Cosigned now = new Cosigned(a.getCosignedSize(), AvroBytes.toArray(a.getCosignedRootHash()), s);
        Cosigned before = cosigned.get(s.name());
        if (before == null || before.size() <= now.size()) {
            cosigned.put(s.name(), now);
        }
        try {
            serveCosignatures();
        } catch (IOException e) {
            throw new UncheckedIOException("log " + name + ": cannot write its checkpoint", e);
        }
    }

    /** The latest checkpoint, who cosigned it and what the policy says of it; findings are the caller's (they include unpaired ones). */
    public synchronized LogState state(rootzone.tlog.note.WitnessPolicy policy, List<LogFinding> all) {
        List<String> first = all.stream().limit(5).map(Object::toString).toList();
        if (log.checkpoint() == null) {
            return new LogState(name, origin, 0, null, null, List.of(), false, "no checkpoint verified yet", halted, all.size(), first);
        }
        SignedNote note = SignedNote.parse(log.checkpoint());
        Checkpoint cp = Checkpoint.parse(note.body());
        List<LogState.Cosigner> cosigners = new ArrayList<>();
        for (NoteSignature s : note.signatures()) {
            if (key.isEmpty() || !key.get().verifies(note.body(), s)) {
                rootzone.tlog.note.Cosignature.from(s).ifPresent(c -> cosigners.add(new LogState.Cosigner(c.name(),
                        java.time.Instant.ofEpochSecond(c.timestamp()))));
            }
        }
        rootzone.tlog.note.WitnessPolicy.Verdict v = policy.check(note);
        boolean met = v instanceof rootzone.tlog.note.WitnessPolicy.Verdict.Accepted;
        String detail = v instanceof rootzone.tlog.note.WitnessPolicy.Verdict.Rejected r ? r.reason()
                : "accepted" + (((rootzone.tlog.note.WitnessPolicy.Verdict.Accepted) v).witnesses().isEmpty() ? " (the policy needs no witness)"
                : ", cosigned by the policy's " + String.join(", ", new java.util.TreeSet<>(((rootzone.tlog.note.WitnessPolicy.Verdict.Accepted) v).witnesses())));
        return new LogState(name, origin, cp.size(), b64(cp.root()), checkpointAt, cosigners, met, detail, halted, all.size(), first);
    }

    /** The checkpoint served: the log's note plus every cosignature of that very tree that verifies. */
    private void serveCosignatures() throws IOException {
        if (signed == null) {
            return;
        }
        Checkpoint cp = Checkpoint.parse(signed.body());
        SignedNote served = signed;
        for (var it = cosigned.entrySet().iterator(); it.hasNext(); ) {
            Cosigned c = it.next().getValue();
            if (c.size() > cp.size()) {
                continue; // the log's checkpoint of that size is not read yet
            }
            if (c.size() < cp.size()) {
                if (!MessageDigest.isEqual(c.root(), log.treeHash(c.size()))) {
                    finding(new LogFinding.BadCosignature(name, c.signature().name(), c.size(), "cosigns a root the log never had"));
                    it.remove();
                }
                continue; // an older tree: not part of this checkpoint
            }
            VerifierKey w = witnesses.get(c.signature().name());
            String why = !MessageDigest.isEqual(c.root(), cp.root()) ? "cosigns another root at size " + c.size()
                    : w != null && !w.verifies(signed.body(), c.signature()) ? "does not verify with " + w.text()
                    : null;
            if (why != null) {
                finding(new LogFinding.BadCosignature(name, c.signature().name(), c.size(), why));
                it.remove();
                continue;
            }
            served = served.with(c.signature());
        }
        if (!served.text().equals(log.checkpoint())) {
            log.replaceCheckpoint(served.text());
        }
    }

    private void indexLeaf(long index, byte[] entry) {
        try {
            LogEntry parsed = LogEntry.parse(entry);
            if (parsed instanceof VersionEntry v) {
                versionIndex.putIfAbsent(v.serial(), new VersionLeaf(index, v));
            }
            leafIndex.putIfAbsent(EventFacts.keyOf(parsed), index);
        } catch (IllegalArgumentException ignored) {
            // reported when the leaf is paired
        }
    }

    private void leaf(long index, byte[] entry) {
        LogEntry parsed;
        try {
            parsed = LogEntry.parse(entry);
        } catch (IllegalArgumentException e) {
            finding(new LogFinding.EntryRewritten(name, index, null, -1, "entry", e.getMessage(), null));
            return;
        }
        String k = EventFacts.keyOf(parsed);
        Waiting<PendingEvent> event = events.remove(k);
        PendingLeaf p = new PendingLeaf(index, entry);
        if (event == null) {
            if (leaves.putIfAbsent(k, new Waiting<>(p, System.nanoTime())) != null) {
                finding(new LogFinding.EntryRewritten(name, index, null, -1, "entry", "a second leaf for " + k, null));
            }
            return;
        }
        PendingEvent e = event.item();
        EventFacts.of(EventCodec.get().decode(e.value()), EventCodec.hash(e.value()))
                .ifPresent(f -> compare(p, f, e.topic(), e.offset()));
    }

    private void compare(PendingLeaf leaf, EventFacts facts, String topic, long offset) {
        facts.firstDifference(LogEntry.parse(leaf.entry())).ifPresent(d ->
                finding(new LogFinding.EntryRewritten(name, leaf.index(), topic, offset, d[0], d[1], d[2])));
    }

    /**
     * Leaves and events still unpaired that were waiting before {@code caughtUpSince} (a time of
     * System.nanoTime() at which the replay had read every topic to an end seen after they came: their
     * partner would have been read by then, being written in the same transaction).
     */
    public synchronized List<LogFinding> unpaired(long caughtUpSince) {
        List<LogFinding> out = new ArrayList<>();
        if (signed == null && leaves.isEmpty()) {
            return out; // no log for this zone (yet): its events are not judged
        }
        leaves.forEach((k, w) -> {
            if (w.since() < caughtUpSince) {
                out.add(new LogFinding.EventMissing(name, w.item().index(), k));
            }
        });
        events.forEach((k, w) -> {
            if (w.since() < caughtUpSince) {
                out.add(new LogFinding.EntryMissing(name, w.item().topic(), w.item().offset(), k));
            }
        });
        return out;
    }

    /** What a restart needs besides the store: leaves and events still unpaired, and how far leaves were fed. */
    public synchronized Unpaired unpairedState() {
        return new Unpaired(name, fedUpTo, leaves.values().stream().map(Waiting::item).toList(),
                events.values().stream().map(Waiting::item).toList());
    }

    /** Restores {@link #unpairedState()} saved with the event audit's positions. */
    public synchronized void restore(Unpaired u) {
        long now = System.nanoTime();
        fedUpTo = u.fedUpTo();
        pairedBeforeRestart = Math.min(u.fedUpTo(), log.size());
        for (PendingLeaf l : u.leaves()) {
            String k = EventFacts.keyOf(LogEntry.parse(l.entry()));
            leaves.put(k, new Waiting<>(l, now));
            unpairedAtRestart.add(k);
        }
        for (PendingEvent e : u.events()) {
            EventFacts.of(EventCodec.get().decode(e.value()), EventCodec.hash(e.value())).ifPresent(f -> {
                events.put(f.key(), new Waiting<>(e, now));
                unpairedAtRestart.add(f.key());
            });
        }
    }

    /**
     * An event read again below the restart point (replay.RestartReread): it must be, as before the
     * restart, what its signed leaf says; one with no leaf is a dropped entry. Events and leaves still
     * unpaired at the restart are judged by {@link #unpaired} as before, not here.
     */
    public synchronized void reread(EventFacts facts, String topic, long offset) {
        if (signed == null || unpairedAtRestart.contains(facts.key())) {
            return; // no log for this zone yet, or judged as unpaired
        }
        Long index = leafIndex.get(facts.key());
        if (index == null || index >= pairedBeforeRestart) {
            finding(new LogFinding.EntryMissing(name, topic, offset, facts.key()));
            return;
        }
        reread.set(Math.toIntExact(index));
        byte[] entry;
        try {
            entry = entryForReread(index);
        } catch (IOException e) {
            throw new UncheckedIOException("log " + name + ": cannot read leaf " + index, e);
        }
        compare(new PendingLeaf(index, entry), facts, topic, offset);
    }

    /** After the re-read: every leaf paired before the restart whose event it did not find lost its event. */
    public synchronized void rereadDone() {
        if (signed == null) {
            return;
        }
        leafIndex.forEach((k, index) -> {
            if (index < pairedBeforeRestart && !reread.get(Math.toIntExact(index)) && !unpairedAtRestart.contains(k)) {
                finding(new LogFinding.EventMissing(name, index, k));
            }
        });
        rereadBundle = null;
    }

    /** A leaf read back from the store, one entry bundle decoded per 256 leaves (the re-read goes in order). */
    private byte[] entryForReread(long index) throws IOException {
        long bundle = index / TilePaths.WIDTH;
        if (bundle != rereadBundleIndex) {
            long first = bundle * TilePaths.WIDTH;
            if (first + TilePaths.WIDTH <= log.size()) {
                byte[] data = store.read(TilePaths.entries(bundle, TilePaths.WIDTH));
                rereadBundle = data == null ? null : EntryBundles.decode(data);
            } else {
                rereadBundle = null;
            }
            rereadBundleIndex = rereadBundle == null ? -1 : bundle;
        }
        return rereadBundle != null ? rereadBundle.get((int) (index % TilePaths.WIDTH)) : log.entry(index);
    }

    /** A log's pairing state at an event-audit checkpoint. */
    public record Unpaired(String log, long fedUpTo, List<PendingLeaf> leaves, List<PendingEvent> events) {
        public Unpaired {
            leaves = List.copyOf(leaves);
            events = List.copyOf(events);
        }
    }

    private void halt(LogFinding f) {
        finding(f);
        halted = f.toString();
    }

    private void finding(LogFinding f) {
        LOG.errorf("transparency log %s: %s", name, f);
        findings.add(f);
    }


    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
