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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import rootzone.auditor.checkpoint.AuditCheckpoint;
import rootzone.auditor.checkpoint.CheckpointFile;
import rootzone.auditor.tlog.TransparencyLogs;
import rootzone.eventlog.ChainBreak;
import rootzone.eventlog.ChainVerifier;
import rootzone.eventlog.Forgery;
import rootzone.eventlog.signing.TrustedPublishers;
import rootzone.eventlog.signing.Verdict;
import rootzone.events.ZoneSnapshotHead;
import rootzone.eventlog.KafkaClients;
import rootzone.events.EventCodec;
import rootzone.events.NodeApplied;
import rootzone.events.Topics;
import rootzone.events.VersionRejected;
import rootzone.kafka.access.KafkaConnection;

/**
 * Reads every chained topic from offset 0 (or from its own checkpoint) with one consumer: checks every hash link (event-log's
 * ChainVerifier, which stops judging at the first break and reports it precisely) and collects node
 * applications and rejections, and reports every forged event (a version or snapshot head no trusted
 * publisher key signed). The compacted snapshot topic is not chained: compaction removes events by
 * design; its heads' signatures are checked, and snapshots against the versions topic's digests.
 *
 * <p>With a CheckpointFile it writes its whole state (positions, chain tips, first break, node
 * applications, rejections) every interval and when stopped, from this thread, between two polls, so
 * the state and the offsets always match. On start it continues from a checkpoint of the same Kafka
 * cluster after re-reading the last event it had verified: if that event's hash changed, the log was
 * rewritten under it, which is reported as the first break.
 */
public final class EventAuditor implements Runnable {

    private static final Logger LOG = Logger.getLogger(EventAuditor.class);
    private static final List<String> CHAINED = List.of(Topics.VERSIONS, Topics.REJECTIONS, Topics.NODE_STATUS, Topics.COORDINATION);
    /** Read too, not chained (compaction): only its heads' publisher signatures are checked. */
    private static final List<String> READ = List.of(Topics.VERSIONS, Topics.REJECTIONS, Topics.NODE_STATUS, Topics.COORDINATION,
            Topics.SNAPSHOTS, Topics.LOG_CHECKPOINTS, Topics.COORDINATION_LOG_CHECKPOINTS);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConnection kafka;
    private final NodeApplies applies;
    private final RejectionLog rejections;
    private final CheckpointFile checkpoints;
    private final Duration checkpointEvery;
    private final Object lock = new Object();
    private final TrustedPublishers trusted;
    private final TransparencyLogs logs;
    private ChainVerifier verifier;
    /** Forged snapshot heads (forged versions are the verifier's). */
    private final List<Forgery> snapshotForgeries = new ArrayList<>();
    private AuditCheckpoint.LastVerified lastVerified;
    private ConsumerRecord<String, byte[]> lastVerifiedRecord;
    private String clusterId;
    private boolean resumeChecked;
    private final AtomicLong recordsRead = new AtomicLong();
    private volatile String resumedFrom;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();
    /** System.nanoTime() when {@link #ends} was last read, and the latest such time the replay had reached them. */
    private volatile long endsReadAt;
    private volatile long caughtUpAt = Long.MIN_VALUE;
    private volatile boolean stopped;
    private volatile String error;

    public EventAuditor(KafkaConnection kafka, TrustedPublishers trusted, NodeApplies applies, RejectionLog rejections) {
        this(kafka, trusted, applies, rejections, null, Duration.ZERO, null);
    }

    /**
     * @param checkpoints where to resume from and checkpoint to; null to always read from offset 0
     * @param checkpointEvery how often to write a checkpoint while events come
     * @param logs the transparency logs to replay, told every event read; null for none
     */
    public EventAuditor(KafkaConnection kafka, TrustedPublishers trusted, NodeApplies applies, RejectionLog rejections,
                        CheckpointFile checkpoints, Duration checkpointEvery, TransparencyLogs logs) {
        this.kafka = kafka;
        this.logs = logs;
        this.trusted = trusted;
        this.verifier = new ChainVerifier(trusted);
        this.applies = applies;
        this.rejections = rejections;
        this.checkpoints = checkpoints;
        this.checkpointEvery = checkpointEvery;
    }

    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        while (!stopped) {
            try (KafkaConsumer<String, byte[]> consumer = KafkaClients.committedReader(kafka, "auditor-chains")) {
                List<TopicPartition> tps = new ArrayList<>();
                for (String topic : READ) {
                    List<PartitionInfo> infos = consumer.partitionsFor(topic);
                    if (infos == null || infos.isEmpty()) {
                        throw new IllegalStateException("topic " + topic + " does not exist");
                    }
                    infos.forEach(p -> tps.add(new TopicPartition(p.topic(), p.partition())));
                }
                if (!resumeChecked) {
                    clusterId = clusterId();
                    resume(consumer);
                    resumeChecked = true;
                }
                consumer.assign(tps);
                // Resume where this thread (or its checkpoint) was, else from the beginning.
                for (TopicPartition tp : tps) {
                    consumer.seek(tp, positions.getOrDefault(tp, 0L));
                }
                long nextEndCheck = 0;
                long nextCheckpoint = System.nanoTime() + checkpointEvery.toNanos();
                long readAtCheckpoint = recordsRead.get();
                error = null;
                while (!stopped) {
                    if (System.nanoTime() >= nextEndCheck) {
                        long at = System.nanoTime();
                        ends.putAll(consumer.endOffsets(tps));
                        endsReadAt = at;
                        nextEndCheck = System.nanoTime() + 1_000_000_000L;
                    }
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                        accept(r);
                    }
                    for (TopicPartition tp : tps) {
                        positions.put(tp, consumer.position(tp));
                    }
                    if (caughtUp()) {
                        caughtUpAt = endsReadAt;
                    }
                    if (checkpoints != null && System.nanoTime() >= nextCheckpoint && recordsRead.get() != readAtCheckpoint) {
                        checkpoint();
                        readAtCheckpoint = recordsRead.get();
                        nextCheckpoint = System.nanoTime() + checkpointEvery.toNanos();
                    }
                }
                if (checkpoints != null) {
                    checkpoint(); // on stop: positions and state are those of the last poll
                }
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                error = e.toString();
                LOG.warnf("event audit interrupted, retrying in 2 s: %s", e);
                sleep(2_000);
            }
        }
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
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
                    lastVerifiedRecord = r; // hashed only when a checkpoint is written
                    lastVerified = null;
                }
            }
        }
        if (r.value() == null) {
            return;
        }
        SpecificRecord event;
        try {
            event = EventCodec.get().decode(r.value());
        } catch (IllegalArgumentException e) {
            return; // the chain verifier has reported it
        }
        if (logs != null) {
            logs.accept(r.topic(), r.offset(), event, r.value(), EventCodec.hash(r.value()));
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
    private void snapshot(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null || r.key() == null) {
            return;
        }
        SpecificRecord event;
        try {
            event = EventCodec.get().decode(r.value());
        } catch (IllegalArgumentException e) {
            return; // readers of the snapshot refuse it; not chained
        }
        if (event instanceof ZoneSnapshotHead h && trusted.verify(r.key(), h) instanceof Verdict.Untrusted u) {
            Forgery f = new Forgery(r.topic(), r.partition(), r.offset(), r.key(), h.getEnvelope().getProducer(),
                    "ZoneSnapshotHead", h.getSerial(), u.why());
            LOG.errorf("FORGED event: %s", f.describe());
            synchronized (lock) {
                snapshotForgeries.add(f);
            }
        }
    }

    /**
     * Continues from the checkpoint when it is of this cluster: restores the verifier, offsets and
     * aggregates, then re-reads the last verified event; a changed hash there is the first break.
     */
    private void resume(KafkaConsumer<String, byte[]> consumer) {
        if (checkpoints == null) {
            return;
        }
        Optional<AuditCheckpoint> read = checkpoints.read();
        if (read.isEmpty()) {
            return;
        }
        AuditCheckpoint c = read.get();
        if (!c.clusterId().equals(clusterId)) {
            LOG.warnf("checkpoint %s is of Kafka cluster %s, this is %s: ignored, replaying from offset 0",
                    checkpoints.path(), c.clusterId(), clusterId);
            return;
        }
        if (logs != null) {
            // The tiles are written before the positions are saved: a store behind them was lost or replaced.
            Map<String, Long> now = logs.sizes();
            boolean behind = c.logSizes().entrySet().stream().anyMatch(e -> now.getOrDefault(e.getKey(), 0L) < e.getValue());
            if (logs.anyReset() || behind) {
                LOG.warnf("checkpoint %s ignored: a transparency log's store is not the one it was written with (sizes %s, saved %s), "
                        + "replaying from offset 0", checkpoints.path(), now, c.logSizes());
                return;
            }
        }
        ChainBreak rewritten = c.lastVerified() == null ? null : recheck(consumer, c.lastVerified());
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
        resumedFrom = checkpoints.path() + " " + new java.util.TreeMap<>(c.positions());
        LOG.infof("resuming the event audit from checkpoint %s: %d events verified before, positions %s", checkpoints.path(),
                c.checked(), new java.util.TreeMap<>(c.positions()));
        if (rewritten != null && c.firstBreak() == null) {
            LOG.errorf("hash chain broken: %s", rewritten);
        }
    }

    /** The event at the checkpoint's last verified offset, re-read: null when it still has the same hash. */
    private ChainBreak recheck(KafkaConsumer<String, byte[]> consumer, AuditCheckpoint.LastVerified last) {
        TopicPartition tp = new TopicPartition(last.topic(), last.partition());
        consumer.assign(List.of(tp));
        consumer.seek(tp, last.offset());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ConsumerRecord<String, byte[]> found = null;
        boolean past = false;
        while (found == null && !past && System.nanoTime() < deadline && !stopped) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                if (r.offset() == last.offset()) {
                    found = r;
                } else if (r.offset() > last.offset()) {
                    past = true;
                }
                break;
            }
            if (found == null && !past && consumer.position(tp) > last.offset()) {
                past = true; // nothing readable there any more
            }
        }
        if (found == null && !past) {
            throw new IllegalStateException("cannot re-read " + tp + "@" + last.offset() + " to check the checkpoint");
        }
        byte[] hash = found == null || found.value() == null ? new byte[0] : EventCodec.hash(found.value());
        if (Arrays.equals(hash, last.hash())) {
            return null;
        }
        return new ChainBreak(last.topic(), last.partition(), last.offset(), found == null ? null : found.key(), null, -1, -1,
                HexFormat.of().formatHex(last.hash()), HexFormat.of().formatHex(hash),
                found == null ? "the event verified before at this offset is gone: the log was rewritten under the auditor's checkpoint"
                        : "the event at this offset differs from the one verified before: the log was rewritten under the auditor's checkpoint");
    }

    private void checkpoint() {
        AuditCheckpoint c;
        synchronized (lock) {
            if (lastVerified == null && lastVerifiedRecord != null) {
                lastVerified = new AuditCheckpoint.LastVerified(lastVerifiedRecord.topic(), lastVerifiedRecord.partition(),
                        lastVerifiedRecord.offset(), EventCodec.hash(lastVerifiedRecord.value()));
            }
            Map<String, Long> at = new java.util.TreeMap<>();
            positions.forEach((tp, o) -> at.put(tp.toString(), o));
            c = new AuditCheckpoint(clusterId, at, verifier.tips(), verifier.firstBreak().orElse(null), verifier.checked(),
                    lastVerified, applies.all(), rejections.all(), verifier.tentative(), forgeries(),
                    logs == null ? Map.of() : logs.sizes(), logs == null ? List.of() : logs.unpairedState());
        }
        try {
            checkpoints.write(c);
        } catch (RuntimeException e) {
            // A failed checkpoint costs only a longer replay next time: keep auditing.
            LOG.warnf("checkpoint not written: %s", e.getMessage());
        }
    }

    private String clusterId() {
        try (Admin admin = KafkaClients.admin(kafka)) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the Kafka cluster id: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** "topic-partition" as TopicPartition.toString() writes it; topic names may contain '-'. */
    private static TopicPartition topicPartition(String s) {
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

    /** Events whose link was checked and held (including those verified before a checkpoint). */
    public long checked() {
        synchronized (lock) {
            return verifier.checked();
        }
    }

    /** Records this instance read from Kafka (not counting those a checkpoint spared). */
    public long recordsRead() {
        return recordsRead.get();
    }

    /** The checkpoint this instance continued from, or null when it read from offset 0. */
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
        return error;
    }

    static String hex(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        return HexFormat.of().formatHex(AvroBytes.toArray(buffer));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
