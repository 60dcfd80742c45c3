package rootzone.auditor.replay;

import rootzone.events.AvroBytes;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;
import rootzone.auditor.coordination.InfrastructureHistory;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import rootzone.auditor.index.HistoryIndex;
import rootzone.auditor.index.IndexSnapshot;
import rootzone.auditor.index.IndexSnapshotFile;
import rootzone.auditor.persist.SealedFile;
import rootzone.auditor.index.InconsistentLogException;
import rootzone.auditor.index.IndexedVersion;
import rootzone.auditor.index.Unauthentic;
import rootzone.eventlog.EventLogException;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.RetryPause;
import rootzone.eventlog.VersionApplier;
import rootzone.zone.VersionPolicy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import rootzone.eventlog.VersionLog;
import rootzone.events.ZoneVersionCommitted;
import rootzone.zone.ZoneDiff;

/**
 * Feeds one zone's versions, reassembled by event-log's VersionLog, into its history index, from
 * offset 0 and then as they come. With an index snapshot file, a start first loads the snapshot (once the
 * versions topic still holds, at the snapshot's last offset, the serial and content digest it recorded)
 * and follows the topic from there; the snapshot is written again after catching up, at most every
 * {@code snapshotEvery} while reading, and when stopped. A version the index refuses halts the zone with the reason: the
 * auditor reports the first inconsistency instead of indexing past it. A lost broker is retried.
 */
public final class ZoneFollower implements Runnable {

    private static final Logger LOG = Logger.getLogger(ZoneFollower.class);

    private final String zone;
    private final VersionLog log;
    private final HistoryIndex index;
    private final InfrastructureHistory infrastructure;
    private final Optional<IndexSnapshotFile> snapshots;
    private final Duration snapshotEvery;
    private volatile boolean stopped;
    private volatile int restored;
    private volatile long versionsRead;
    private int savedSize = -1;
    private long savedAt;
    private int sizeAtLastPoll = -1;
    private final List<Unauthentic> unauthentic = new CopyOnWriteArrayList<>();
    private volatile String halted;
    private volatile String error;
    private volatile boolean caughtUp;
    private final Function<List<IndexedVersion>, Optional<String>> leaves;
    private final java.util.function.BooleanSupplier settled;
    private volatile String snapshotDiscarded;
    /** The index snapshot loaded by this start, until its keyframes are checked (after catching up). */
    private IndexSnapshotFile unchecked;
    /** Why the loaded snapshot's keyframes refute it: the follower then indexes from offset 0. */
    private String refuted;

    /** @param infrastructure told every version the index accepts, for the compliance report */
    public ZoneFollower(String zone, VersionLog log, HistoryIndex index, InfrastructureHistory infrastructure) {
        this(zone, log, index, infrastructure, Optional.empty(), Duration.ZERO);
    }

    /** A follower whose snapshots are not checked against a transparency log (the zone has none). */
    public ZoneFollower(String zone, VersionLog log, HistoryIndex index, InfrastructureHistory infrastructure,
                        Optional<IndexSnapshotFile> snapshots, Duration snapshotEvery) {
        this(zone, log, index, infrastructure, snapshots, snapshotEvery, v -> Optional.empty());
    }

    /**
     * @param snapshots where this zone's index snapshot is kept; empty: always index from offset 0
     * @param leaves why a snapshot's versions disagree with the zone's transparency log (tlog.SnapshotLeaves), or empty
     */
    public ZoneFollower(String zone, VersionLog log, HistoryIndex index, InfrastructureHistory infrastructure,
                        Optional<IndexSnapshotFile> snapshots, Duration snapshotEvery, Function<List<IndexedVersion>, Optional<String>> leaves) {
        this(zone, log, index, infrastructure, snapshots, snapshotEvery, leaves, () -> true);
    }

    /**
     * @param settled after catching up, when a loaded snapshot's keyframes may be checked (the auditor: once it is
     *     ready, so that the check does not compete with the rest of a restart for the CPU)
     */
    public ZoneFollower(String zone, VersionLog log, HistoryIndex index, InfrastructureHistory infrastructure,
                        Optional<IndexSnapshotFile> snapshots, Duration snapshotEvery, Function<List<IndexedVersion>, Optional<String>> leaves,
                        java.util.function.BooleanSupplier settled) {
        this.settled = settled;
        this.leaves = leaves;
        this.zone = zone;
        this.log = log;
        this.index = index;
        this.infrastructure = infrastructure;
        this.snapshots = snapshots;
        this.snapshotEvery = snapshotEvery;
    }

    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void run() {
        snapshots.ifPresent(this::restore);
        savedSize = index.size();
        savedAt = System.nanoTime();
        while (!stopped && halted == null) {
            if (refuted != null) {
                caughtUp = false;
                restored = 0;
                unauthentic.clear();
                sizeAtLastPoll = -1;
                savedSize = -1;
                unload(unchecked, refuted);
                unchecked = null;
                refuted = null;
            }
            long from = index.latest().map(v -> v.offset() + 1).orElse(0L);
            try {
                // Caught up once everything the partition held is read (its committed end as last read).
                log.follow(zone, from, this::accept, f -> {}, () -> caughtUp = true, this::pollDone);
            } catch (Refused e) {
                halted = e.getMessage();
                LOG.errorf("zone %s: indexing halted: %s", zone, halted);
            } catch (EventLogException e) {
                if (e.getCause() instanceof KafkaException) {
                    error = e.getMessage();
                    LOG.warnf("zone %s: reading interrupted, retrying in 2 s: %s", zone, e.getMessage());
                    RetryPause.of(Duration.ofSeconds(2), () -> stopped);
                } else {
                    halted = e.getMessage();
                    LOG.errorf("zone %s: indexing halted: %s", zone, halted);
                }
            } catch (RuntimeException e) {
                error = e.toString();
                LOG.warnf(e, "zone %s: reading interrupted, retrying in 2 s", zone);
                RetryPause.of(Duration.ofSeconds(2), () -> stopped);
            }
        }
        if (halted == null && refuted == null && unchecked == null) {
            saveSnapshot();
        }
    }

    private void accept(LoggedVersion v) {
        if (unchecked != null) {
            // The next version applies to the latest zone, which a loaded snapshot has not built and checked yet.
            checkLoadedZones();
        }
        if (refuted != null) {
            return; // the snapshot goes and the zone is indexed from offset 0 (pollDone ends this follow)
        }
        IndexedVersion indexed = indexed(v);
        accept(indexed, v.diff(), "versions topic");
        // The index checked the digest; the one policy (ZONEMD as present) as of the commit, as the publisher's recovery does.
        index.latestZone().flatMap(z -> VersionApplier.authenticity(z, VersionPolicy.defaults(), v.committed().getRelaxations(),
                indexed.committedAt())).ifPresent(r -> {
                    unauthentic.add(new Unauthentic(indexed.serial(), indexed.offset(), r.reason().name(), r.detail()));
                    LOG.errorf("zone %s: serial %d at offset %d fails the version policy (%s): %s", zone, indexed.serial(),
                            indexed.offset(), r.reason(), r.detail());
                });
        versionsRead++;
        error = null;
    }

    /** Every version indexed that fails the version policy (ZONEMD), in log order, those of the snapshot loaded first. */
    public List<Unauthentic> unauthentic() {
        return List.copyOf(unauthentic);
    }

    private void accept(IndexedVersion indexed, ZoneDiff delta, String from) {
        try {
            index.append(indexed, delta);
            infrastructure.accept(indexed.serial(), indexed.effectiveAt(), delta);
        } catch (InconsistentLogException e) {
            throw new Refused(from + ", zone " + zone + ", offset " + indexed.offset() + ": " + e.getMessage());
        }
    }

    /**
     * Between two polls: a poll that brought no version means the index has caught up with the topic, the
     * moment to save it (and at most every snapshotEvery while a long replay runs).
     */
    private boolean pollDone() {
        int size = index.size();
        boolean caughtUp = size == sizeAtLastPoll && System.nanoTime() - savedAt >= 1_000_000_000L;
        sizeAtLastPoll = size;
        if (unchecked != null && this.caughtUp && settled.getAsBoolean()) {
            checkLoadedZones();
        }
        if (refuted == null && size != savedSize && (caughtUp || System.nanoTime() - savedAt >= snapshotEvery.toNanos())) {
            saveSnapshot();
        }
        return stopped || refuted != null;
    }

    /**
     * The loaded snapshot's keyframes and latest zone, built and checked once the zone has caught up (readiness
     * does not wait for zones not asked for yet; a query or a next version needing one checks it first). One
     * that is not its commit's zone means the saved deltas were altered: the snapshot is discarded and the zone
     * indexed from offset 0.
     */
    private void checkLoadedZones() {
        long t0 = System.nanoTime();
        try {
            index.checkLoadedZones();
            LOG.infof("zone %s: the index snapshot's keyframes and latest zone match their commits (%d ms)", zone,
                    (System.nanoTime() - t0) / 1_000_000);
            unchecked = null;
        } catch (InconsistentLogException e) {
            refuted = "a zone its deltas build is not its commit's: " + e.getMessage();
        }
    }

    private void saveSnapshot() {
        if (snapshots.isEmpty() || index.size() == savedSize) {
            return;
        }
        try {
            IndexSnapshot s = new IndexSnapshot(zone, index.indexed(), unauthentic);
            snapshots.get().write(s);
            savedSize = s.versions().size();
            LOG.debugf("zone %s: index snapshot of %d versions (to offset %d) written", zone, savedSize, s.nextOffset() - 1);
        } catch (RuntimeException e) {
            LOG.warnf("zone %s: index snapshot not written: %s", zone, e.toString());
        }
        savedAt = System.nanoTime();
    }

    /**
     * Loads the index snapshot if it is still the log's: the versions topic must hold, at the snapshot's
     * last offset, a trusted ZoneVersionCommitted of this zone with the recorded serial and content digest,
     * and appending the saved deltas must pass every check of the index again. Otherwise the snapshot is
     * discarded (logged) and the zone is indexed from offset 0. A rewrite of an earlier event under the
     * snapshot is the event audit's to report (hash chains, transparency-log leaves), as for any event.
     */
    private void restore(IndexSnapshotFile file) {
        if (!java.nio.file.Files.exists(file.path())) {
            LOG.infof("zone %s: no index snapshot at %s, indexing from offset 0", zone, file.path());
            return;
        }
        long began = System.nanoTime();
        // The topic is asked for the commit at the snapshot's last offset; its reader connects while the
        // file is read and its deltas appended (a reader's start is most of a restart's Kafka time).
        CompletableFuture<OptionalLong> lastOffset = new CompletableFuture<>();
        CompletableFuture<Optional<ZoneVersionCommitted>> asked = CompletableFuture.supplyAsync(() -> log.committedAt(zone, lastOffset::join),
                r -> rootzone.eventlog.LogThread.daemons(Thread.currentThread().getName() + "-commit-check").newThread(r).start());
        try {
            restore(file, began, lastOffset, asked);
        } finally {
            lastOffset.complete(OptionalLong.empty()); // refused before its offset was known: the reader stops
        }
    }

    private void restore(IndexSnapshotFile file, long began, CompletableFuture<OptionalLong> lastOffset,
                         CompletableFuture<Optional<ZoneVersionCommitted>> asked) {
        SealedFile.Read<IndexSnapshot> read = file.read();
        if (read instanceof SealedFile.Absent<IndexSnapshot>) {
            LOG.infof("zone %s: no index snapshot at %s, indexing from offset 0", zone, file.path());
            return;
        }
        if (read instanceof SealedFile.Refused<IndexSnapshot> r) {
            discard(file, r.reason());
            return;
        }
        IndexSnapshot s = ((SealedFile.Valid<IndexSnapshot>) read).value();
        if (!zone.equals(s.zone())) {
            discard(file, "it is of zone " + s.zone());
            return;
        }
        if (s.latest().isEmpty()) {
            return;
        }
        IndexedVersion last = s.latest().get();
        lastOffset.complete(OptionalLong.of(last.offset()));
        long t0 = System.nanoTime();
        try {
            // The compliance report's history is the same deltas in the same order, independent of the index: beside it.
            FutureTask<Void> infra = new FutureTask<>(() -> {
                for (IndexSnapshot.Version v : s.versions()) {
                    infrastructure.accept(v.info().serial(), v.info().effectiveAt(), v.delta());
                }
                return null;
            });
            rootzone.eventlog.LogThread.daemons(Thread.currentThread().getName() + "-infrastructure").newThread(infra).start();
            try {
                index.appendAll(s.versions());
            } catch (InconsistentLogException e) {
                throw new Refused("index snapshot, zone " + zone + ": " + e.getMessage());
            } finally {
                try {
                    infra.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException e) {
                    throw new Refused("index snapshot, zone " + zone + ": its infrastructure history: " + e.getCause());
                }
            }
        } catch (Refused e) {
            asked.cancel(false);
            unload(file, e.getMessage());
            return;
        }
        long applied = System.nanoTime() - t0;
        // Judged by the zone's transparency log after the append, which ran while the logs' stores were being opened.
        Optional<String> disagreement = leaves.apply(s.versions().stream().map(IndexSnapshot.Version::info).toList());
        if (disagreement.isPresent()) {
            asked.cancel(false);
            unload(file, "it disagrees with the transparency log's signed leaves: " + disagreement.get());
            return;
        }
        long judged = System.nanoTime();
        Optional<ZoneVersionCommitted> there;
        try {
            there = asked.join();
        } catch (CompletionException e) {
            unload(file, "the versions topic cannot be read to check it: " + e.getCause().getMessage());
            return;
        }
        if (there.isEmpty()) {
            unload(file, "the versions topic holds no trusted commit of the zone at offset " + last.offset()
                    + " any more, where the snapshot recorded serial " + last.serial() + ": the log was rewritten under it");
            return;
        }
        ZoneVersionCommitted c = there.get();
        byte[] digest = AvroBytes.toArray(c.getContentDigest());
        if (c.getSerial() != last.serial() || !Arrays.equals(digest, last.contentDigest())) {
            unload(file, "the versions topic holds at offset " + last.offset() + " serial " + c.getSerial() + " digest "
                    + HexFormat.of().formatHex(digest) + " where the snapshot recorded serial " + last.serial() + " digest "
                    + last.contentDigestHex() + ": the log was rewritten under it");
            return;
        }
        restored = s.versions().size();
        unauthentic.addAll(s.unauthentic());
        unchecked = file;
        long now = System.nanoTime();
        LOG.infof("zone %s: %d versions loaded from index snapshot %s in %d ms (read %d, appended %d, judged by the log's leaves %d, "
                + "the topic's commit at its last offset waited for %d; to serial %d, offset %d), following from offset %d; "
                + "%d ms after the JVM started", zone, s.versions().size(), file.path(), (now - began) / 1_000_000, (t0 - began) / 1_000_000,
                applied / 1_000_000, (judged - t0 - applied) / 1_000_000, (now - judged) / 1_000_000, last.serial(), last.offset(),
                s.nextOffset(), java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    }

    /** Forgets what was loaded from the snapshot, then discards it. */
    private void unload(IndexSnapshotFile file, String why) {
        index.clear();
        infrastructure.clear();
        discard(file, why);
    }

    private void discard(IndexSnapshotFile file, String why) {
        snapshotDiscarded = why;
        LOG.warnf("zone %s: index snapshot %s discarded (%s), indexing from offset 0", zone, file.path(), why);
    }

    /** The commit time is the ZoneVersionCommitted's producedAt: stamped when its transaction was written. */
    static IndexedVersion indexed(LoggedVersion v) {
        ZoneVersionCommitted c = v.committed();
        byte[] bytes = AvroBytes.toArray(c.getContentDigest());
        return new IndexedVersion(c.getSerial(), c.getPreviousSerial(), c.getEnvelope().getProducedAt(), c.getCapturedAt(),
                c.getPublisher(), c.getSource(), c.getImported(), c.getRecordCount(), c.getRemovedCount(), c.getAddedCount(),
                bytes, c.getZonemd(), 0 /* the versions topic has one partition (Topics) */, v.offset());
    }

    public void stop() {
        stopped = true;
    }

    public String zone() {
        return zone;
    }

    /** Why indexing stopped for good (the log contradicts itself there), or null. */
    public String halted() {
        return halted;
    }

    /** How many versions this start loaded from the index snapshot (0: none, or it was discarded). */
    public int restoredFromSnapshot() {
        return restored;
    }

    /** How many versions this start read from the versions topic. */
    public long versionsRead() {
        return versionsRead;
    }

    public String error() {
        return error;
    }

    /** True once a poll of the versions topic brought no new version since this start (snapshot loaded, tail read). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** How many zones of the loaded index snapshot (keyframes, the latest) are not built and checked yet (checked after catching up). */
    public int uncheckedZones() {
        return index.uncheckedZones();
    }

    /** Why this start discarded the zone's index snapshot (and indexed from offset 0), or null. */
    public String snapshotDiscarded() {
        return snapshotDiscarded;
    }
}
