package rootzone.auditor.replay;

import rootzone.events.AvroBytes;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import rootzone.auditor.resume.ReplayPosition;
import rootzone.auditor.resume.ReplayPositionFile;
import rootzone.auditor.tlog.TransparencyLogs;
import rootzone.eventlog.ChainBreak;
import rootzone.eventlog.ChainVerifier;
import rootzone.eventlog.Forgery;
import rootzone.eventlog.signing.TrustedPublishers;
import rootzone.eventlog.signing.Verdict;
import rootzone.events.ZoneSnapshotHead;
import rootzone.eventlog.LogEvent;
import rootzone.eventlog.LogReader;
import rootzone.eventlog.LogSource;
import rootzone.eventlog.LogThread;
import rootzone.eventlog.LogTopics;
import rootzone.eventlog.PartitionFollower;
import rootzone.eventlog.RetryPause;
import rootzone.events.NodeApplied;
import rootzone.events.Topics;
import rootzone.events.VersionRejected;
import rootzone.kafka.access.KafkaConnection;

/**
 * Reads every chained topic from offset 0 (or from its own replay position) with one consumer: checks every hash link (event-log's
 * ChainVerifier, which stops judging at the first break and reports it precisely) and collects node
 * applications and rejections, and reports every forged event (a version or snapshot head no trusted
 * publisher key signed). The compacted snapshot topic is not chained: compaction removes events by
 * design; its heads' signatures are checked, and snapshots against the versions topic's digests.
 *
 * <p>With a ReplayPositionFile it writes its whole state (positions, chain tips, first break, node
 * applications, rejections) every interval and when stopped, from this thread, between two polls, so
 * the state and the offsets always match. On start it continues from a replay position of the same Kafka
 * cluster after re-reading the last event it had verified: if that event's hash changed, the log was
 * rewritten under it, which is reported as the first break.
 */
public final class EventAuditor implements Runnable {

    private static final Logger LOG = Logger.getLogger(EventAuditor.class);
    private static final List<String> CHAINED = List.of(Topics.VERSIONS, Topics.REJECTIONS, Topics.NODE_STATUS, Topics.COORDINATION);
    /** Read too, not chained (compaction): only its heads' publisher signatures are checked. */
    private static final List<String> READ = List.of(Topics.VERSIONS, Topics.REJECTIONS, Topics.NODE_STATUS, Topics.COORDINATION,
            Topics.SNAPSHOTS, Topics.LOG_CHECKPOINTS, Topics.COORDINATION_LOG_CHECKPOINTS);

    private final KafkaConnection kafka;
    private final NodeApplies applies;
    private final RejectionLog rejections;
    private final ReplayPositionFile positionFile;
    private final Duration saveEvery;
    private final Object lock = new Object();
    private final TrustedPublishers trusted;
    /** The transparency logs, once open (see {@link #run}); null for none. */
    private final java.util.function.Supplier<TransparencyLogs> opening;
    private volatile TransparencyLogs logs;
    private ChainVerifier verifier;
    /** Forged snapshot heads (forged versions are the verifier's). */
    private final List<Forgery> snapshotForgeries = new ArrayList<>();
    private ReplayPosition.LastVerified lastVerified;
    private LogEvent lastVerifiedRecord;
    private String clusterId;
    private boolean resumeChecked;
    private final AtomicLong recordsRead = new AtomicLong();
    private volatile String resumedFrom;
    private volatile ReplayPosition restartPoint;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();
    /** System.nanoTime() when {@link #ends} was last read, and the latest such time the replay had reached them. */
    private volatile long endsReadAt;
    private volatile long caughtUpAt = Long.MIN_VALUE;
    private volatile boolean stopped;
    private volatile String error;
    private volatile PartitionFollower follower;
    /** Follower thread only: when the replay position is next due to be saved, and the records read at the last save. */
    private long nextSave;
    private long readAtSave;

    public EventAuditor(KafkaConnection kafka, TrustedPublishers trusted, NodeApplies applies, RejectionLog rejections) {
        this(kafka, trusted, applies, rejections, null, Duration.ZERO, (TransparencyLogs) null);
    }

    /** @param logs the transparency logs to replay, told every event read; null for none */
    public EventAuditor(KafkaConnection kafka, TrustedPublishers trusted, NodeApplies applies, RejectionLog rejections,
                        ReplayPositionFile positionFile, Duration saveEvery, TransparencyLogs logs) {
        this(kafka, trusted, applies, rejections, positionFile, saveEvery, () -> logs);
    }

    /**
     * @param positionFile where the replay position is read from and saved to; null to always read from offset 0
     * @param saveEvery how often to save the replay position while events come
     * @param opening the transparency logs to replay, told every event read (null for none): asked for once the
     *     cluster and the replay position's last verified event are checked, so that a restart's first Kafka round
     *     trips overlap the opening of the logs' stores
     */
    public EventAuditor(KafkaConnection kafka, TrustedPublishers trusted, NodeApplies applies, RejectionLog rejections,
                        ReplayPositionFile positionFile, Duration saveEvery, java.util.function.Supplier<TransparencyLogs> opening) {
        this.kafka = kafka;
        this.opening = opening;
        this.trusted = trusted;
        this.verifier = new ChainVerifier(trusted);
        this.applies = applies;
        this.rejections = rejections;
        this.positionFile = positionFile;
        this.saveEvery = saveEvery;
    }

    public void stop() {
        stopped = true;
        PartitionFollower f = follower;
        if (f != null) {
            f.close();
        }
    }

    /**
     * Continues from the replay position (once: retried until the log answers), then follows every topic
     * with event-log's PartitionFollower until stopped, and writes a last replay position.
     */
    @Override
    public void run() {
        while (!stopped && !resumeChecked) {
            try {
                resume();
                resumeChecked = true;
            } catch (RuntimeException e) {
                error = e.toString();
                LOG.warnf("event audit cannot start, retrying in 2 s: %s", e);
                RetryPause.of(Duration.ofSeconds(2), () -> stopped);
            }
        }
        error = null;
        follower = PartitionFollower.of(kafka, "auditor-chains", new LogSource.AllPartitions(READ), new PartitionFollower.Listener() {
            @Override
            public void event(LogEvent event) {
                accept(event);
            }

            @Override
            public void polled(PartitionFollower.Progress progress) {
                EventAuditor.this.polled(progress);
            }
        }).from(positions);
        if (stopped) {
            return;
        }
        nextSave = System.nanoTime() + saveEvery.toNanos();
        readAtSave = recordsRead.get();
        follower.run();
        if (positionFile != null) {
            savePosition(); // on stop: positions and state are those of the last poll
        }
    }

    /** Between two polls, on the follower's thread: where the replay is, and a replay position when one is due. */
    private void polled(PartitionFollower.Progress progress) {
        positions.putAll(progress.positions());
        ends.putAll(progress.ends());
        endsReadAt = progress.endsReadAt();
        if (caughtUp()) {
            if (caughtUpAt == Long.MIN_VALUE) {
                LOG.infof("event audit caught up: %d events checked, %d ms after the JVM started", checked(),
                        java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
            }
            caughtUpAt = endsReadAt;
        }
        if (positionFile != null && System.nanoTime() >= nextSave && recordsRead.get() != readAtSave) {
            savePosition();
            readAtSave = recordsRead.get();
            nextSave = System.nanoTime() + saveEvery.toNanos();
        }
    }

    private void accept(LogEvent r) {
        recordsRead.incrementAndGet();
        if (Topics.SNAPSHOTS.equals(r.topic())) {
            snapshot(r);
            return;
        }
        synchronized (lock) {
            if (r.value() != null) {
                int forgedBefore = verifier.forgeryCount();
                Optional<ChainBreak> before = verifier.firstBreak();
                Optional<ChainBreak> now = verifier.accept(r.topic(), r.partition(), r.offset(), r.key(), r.value());
                if (verifier.forgeryCount() > forgedBefore) {
                    verifier.forgeries().subList(forgedBefore, verifier.forgeryCount())
                            .forEach(f -> LOG.errorf("FORGED event: %s", f.describe()));
                }
                if (before.isEmpty() && now.isPresent()) {
                    LOG.errorf("hash chain broken: %s", now.get());
                } else if (now.isEmpty()) {
                    lastVerifiedRecord = r; // hashed only when a replay position is written
                    lastVerified = null;
                }
            }
        }
        if (r.value() == null) {
            return;
        }
        SpecificRecord event = r.event().orElse(null);
        if (event == null) {
            return; // undecodable: the chain verifier has reported it
        }
        if (logs != null) {
            logs.accept(r.topic(), r.offset(), event, r.value(), r.hash());
        }
        if (event instanceof NodeApplied a) {
            applies.add(a.getSerial(), new NodeApplies.Applied(a.getNodeId(), a.getAppliedAt(), a.getVersionOffset(),
                    hex(a.getContentDigest())));
        } else if (event instanceof VersionRejected v) {
            rejections.add(new RejectionLog.Rejection(v.getEnvelope().getProducedAt(), v.getEnvelope().getProducer(),
                    v.getRejectedBy().name(), v.getSerial(),
                    // The code (v3) is the one vocabulary; events before v3 carry only the text.
                    v.getCode() != rootzone.events.RejectReason.OTHER ? v.getCode().name() : v.getReason(), v.getDetail(), v.getSource(),
                    v.getRequestedBy(), v.getEnvelope().getZone(), r.partition(), r.offset()));
        }
    }

    /** A snapshot head no trusted publisher key signed is a forgery; chunks carry no signature. */
    private void snapshot(LogEvent r) {
        if (r.key() == null) {
            return; // no head; an undecodable value is refused by the snapshot's readers (not chained)
        }
        ZoneSnapshotHead h = r.as(ZoneSnapshotHead.class).orElse(null);
        if (h != null && trusted.verify(r.key(), h) instanceof Verdict.Untrusted u) {
            Forgery f = new Forgery(r.topic(), r.partition(), r.offset(), r.key(), h.getEnvelope().getProducer(),
                    "ZoneSnapshotHead", h.getSerial(), u.why());
            LOG.errorf("FORGED event: %s", f.describe());
            synchronized (lock) {
                snapshotForgeries.add(f);
            }
        }
    }

    /**
     * Continues from the replay position when it is of this cluster: restores the verifier, offsets and
     * aggregates, then re-reads the last verified event; a changed hash there is the first break.
     */
    private void resume() {
        ReplayPosition read = positionFile == null ? null : positionFile.read().orElse(null);
        // Kafka first, the cluster id and the last verified event at once (the logs' stores are being opened and
        // checked meanwhile on the start-up thread): a restart's first round trips are most of its Kafka time.
        CompletableFuture<ChainBreak> rechecked = read == null || read.lastVerified() == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> recheck(read.lastVerified()), r -> LogThread.daemons("auditor-recheck").newThread(r).start());
        clusterId = LogTopics.clusterId(kafka);
        ChainBreak rewritten;
        try {
            rewritten = rechecked.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        ReplayPosition c = read;
        if (c != null && !c.clusterId().equals(clusterId)) {
            LOG.warnf("replay position %s is of Kafka cluster %s, this is %s: ignored, replaying from offset 0",
                    positionFile.path(), c.clusterId(), clusterId);
            c = null;
        }
        logs = opening.get();
        if (c == null) {
            return;
        }
        if (logs != null) {
            // The tiles are written before the positions are saved: a store behind them was lost or replaced.
            Map<String, Long> now = logs.sizes();
            boolean behind = c.logSizes().entrySet().stream().anyMatch(e -> now.getOrDefault(e.getKey(), 0L) < e.getValue());
            if (logs.anyReset() || behind) {
                LOG.warnf("replay position %s ignored: a transparency log's store is not the one it was written with (sizes %s, saved %s), "
                        + "replaying from offset 0", positionFile.path(), now, c.logSizes());
                return;
            }
        }
        synchronized (lock) {
            verifier = ChainVerifier.restore(trusted, c.tips(), c.tentative(),
                    c.forgeries().stream().filter(f -> !Topics.SNAPSHOTS.equals(f.topic())).toList(),
                    c.firstBreak() != null ? c.firstBreak() : rewritten, c.checked());
            c.forgeries().stream().filter(f -> Topics.SNAPSHOTS.equals(f.topic())).forEach(snapshotForgeries::add);
            lastVerified = c.lastVerified();
        }
        c.positions().forEach((tp, offset) -> positions.put(topicPartition(tp), offset));
        c.applies().forEach((serial, list) -> list.forEach(a -> applies.add(serial, a)));
        c.rejections().forEach(rejections::add);
        if (logs != null) {
            logs.restore(c.unpaired());
        }
        resumedFrom = positionFile.path() + " " + new java.util.TreeMap<>(c.positions());
        restartPoint = c;
        LOG.infof("resuming the event audit from replay position %s: %d events verified before, positions %s", positionFile.path(),
                c.checked(), new java.util.TreeMap<>(c.positions()));
        if (rewritten != null && c.firstBreak() == null) {
            LOG.errorf("hash chain broken: %s", rewritten);
        }
    }

    /** The event at the replay position's last verified offset, re-read: null when it still has the same hash. */
    private ChainBreak recheck(ReplayPosition.LastVerified last) {
        Optional<LogEvent> found = LogReader.at(kafka, "auditor-recheck", new LogSource.Partition(last.topic(), last.partition()),
                last.offset());
        byte[] hash = found.map(LogEvent::hash).orElse(new byte[0]);
        if (Arrays.equals(hash, last.hash())) {
            return null;
        }
        return new ChainBreak(last.topic(), last.partition(), last.offset(), found.map(LogEvent::key).orElse(null), null, -1, -1,
                HexFormat.of().formatHex(last.hash()), HexFormat.of().formatHex(hash),
                found.isEmpty() ? "the event verified before at this offset is gone: the log was rewritten under the auditor's replay position"
                        : "the event at this offset differs from the one verified before: the log was rewritten under the auditor's replay position");
    }

    private void savePosition() {
        ReplayPosition c;
        synchronized (lock) {
            if (lastVerified == null && lastVerifiedRecord != null) {
                lastVerified = new ReplayPosition.LastVerified(lastVerifiedRecord.topic(), lastVerifiedRecord.partition(),
                        lastVerifiedRecord.offset(), lastVerifiedRecord.hash());
            }
            Map<String, Long> at = new java.util.TreeMap<>();
            positions.forEach((tp, o) -> at.put(tp.toString(), o));
            c = new ReplayPosition(clusterId, at, verifier.tips(), verifier.firstBreak().orElse(null), verifier.checked(),
                    lastVerified, applies.all(), rejections.all(), verifier.tentative(), forgeries(),
                    logs == null ? Map.of() : logs.sizes(), logs == null ? List.of() : logs.unpairedState());
        }
        try {
            positionFile.write(c);
        } catch (RuntimeException e) {
            // A failed replay position costs only a longer replay next time: keep auditing.
            LOG.warnf("replay position not written: %s", e.getMessage());
        }
    }

    /** "topic-partition" as TopicPartition.toString() writes it; topic names may contain '-'. */
    static TopicPartition topicPartition(String s) {
        int dash = s.lastIndexOf('-');
        return new TopicPartition(s.substring(0, dash), Integer.parseInt(s.substring(dash + 1)));
    }

    /** The first hash-chain break, if any. */
    public Optional<ChainBreak> firstBreak() {
        synchronized (lock) {
            return verifier.firstBreak();
        }
    }

    /**
     * Every forged event found: versions (and their chunks) and snapshot heads no trusted publisher
     * key signed, with topic, offset, claimed producer and why, in the order found.
     */
    public List<Forgery> forgeries() {
        synchronized (lock) {
            List<Forgery> all = new ArrayList<>(verifier.forgeries());
            all.addAll(snapshotForgeries);
            return all;
        }
    }

    /** Events whose link was checked and held (including those verified before a replay position). */
    public long checked() {
        synchronized (lock) {
            return verifier.checked();
        }
    }

    /** Records this instance read from Kafka (not counting those a replay position spared). */
    public long recordsRead() {
        return recordsRead.get();
    }

    /** The topics whose events the chain verifier is handed: all it reads but the compacted snapshot topic. */
    static List<String> verifiedTopics() {
        return READ.stream().filter(t -> !Topics.SNAPSHOTS.equals(t)).toList();
    }

    /**
     * The replay position this instance continued from (what it did not read again), or empty when it
     * reads from offset 0; decided before the first record is read, so final once {@link #caughtUp()}.
     */
    public Optional<ReplayPosition> restartPoint() {
        return Optional.ofNullable(restartPoint);
    }

    /** The replay position this instance continued from, or null when it read from offset 0. */
    public String resumedFrom() {
        return resumedFrom;
    }

    /**
     * The latest System.nanoTime() at which the ends were read that the replay has since reached
     * (Long.MIN_VALUE before): anything read before it has its transaction's other events read too.
     */
    public long caughtUpAt() {
        return caughtUpAt;
    }

    /** True once every chained partition has been read up to its end as last seen. */
    public boolean caughtUp() {
        return !ends.isEmpty() && ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    public Map<String, Long> positions() {
        Map<String, Long> out = new java.util.TreeMap<>();
        positions.forEach((tp, o) -> out.put(tp.toString(), o));
        return out;
    }

    public String error() {
        PartitionFollower f = follower;
        return f != null && f.error() != null ? f.error() : error;
    }

    static String hex(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        return HexFormat.of().formatHex(AvroBytes.toArray(buffer));
    }
}
