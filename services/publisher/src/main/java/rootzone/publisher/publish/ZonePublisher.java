package rootzone.publisher.publish;

import rootzone.events.AvroBytes;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;
import org.xbill.DNS.Name;
import rootzone.eventlog.Envelopes;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.OwnEvents;
import rootzone.eventlog.SnapshotReader;
import rootzone.eventlog.VersionApplier;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.VersionWriter;
import rootzone.eventlog.WrittenVersion;
import rootzone.eventlog.ZoneKeys;
import rootzone.eventlog.tlog.LogSettings;
import rootzone.events.RejectReason;
import rootzone.eventlog.signing.PublisherSigner;
import rootzone.eventlog.signing.TrustedPublishers;
import rootzone.events.RejectorRole;
import rootzone.events.VersionRejected;
import rootzone.kafka.access.KafkaConnection;
import rootzone.publisher.gate.Decision;
import rootzone.publisher.gate.Gatekeeper;
import rootzone.publisher.gate.Refusal;
import rootzone.publisher.gate.ZonePolicy;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneException;
import rootzone.zone.VersionPolicy;
import rootzone.zone.ZoneLimits;
import rootzone.zone.ZoneParser;
import rootzone.zone.ZoneTooLargeException;

/**
 * Publishes the versions of one zone: parse, gate against the last published version, then write
 * the version (one Kafka transaction, event-log VersionWriter) or the rejection event.
 *
 * <p>The last published version comes from Kafka, never from local state: at start it is rebuilt
 * from the latest snapshot and the deltas after it, and afterwards it is replaced only by versions
 * this instance committed. That is safe because the writer's transactional id fences any other
 * instance: if another one starts, this one's next transaction fails (WriterFencedException) and it
 * publishes nothing more.
 *
 * <p>One version at a time per zone (a lock), so the version a delta is computed from is the one
 * committed before it.
 */
public final class ZonePublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ZonePublisher.class);

    private final Name origin;
    private final String zoneKey;
    private final ZonePolicy policy;
    private final ZoneLimits limits;
    private final int snapshotInterval;
    private final Gatekeeper gatekeeper;
    private final EventWriter writer;
    private final VersionWriter versions;
    private final ZoneLog log;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile ZoneHead head;

    private ZonePublisher(Name origin, ZonePolicy policy, ZoneLimits limits, int snapshotInterval, Gatekeeper gatekeeper,
            EventWriter writer, PublisherSigner signer, ZoneLog log, ZoneHead head, Clock clock) {
        this.origin = origin;
        this.zoneKey = ZoneKeys.of(origin);
        this.policy = policy;
        this.limits = limits;
        this.snapshotInterval = snapshotInterval;
        this.gatekeeper = gatekeeper;
        this.writer = writer;
        this.versions = new VersionWriter(writer, signer);
        this.log = log;
        this.head = head;
        this.clock = clock;
    }

    /**
     * Connects (registering the transactional id fences any older instance and aborts its unfinished
     * transaction), then rebuilds the last published version from Kafka.
     *
     * @param transactionalId the same for every instance that may publish this zone
     * @param producer the envelope producer name (publisher id)
     * @param keys the publisher's signing key, and the keys whose versions are this zone's history:
     *     recovery and the writer's chain tips skip anything else, so a forged version in the log never
     *     becomes the head the next version follows
     * @param logs where the zone's transparency log keeps its key and tiles (the log is brought up to
     *     its topic before anything is published)
     */
    public static ZonePublisher start(KafkaConnection kafka, String transactionalId, String producer, Name origin,
            ZonePolicy policy, int snapshotInterval, Gatekeeper gatekeeper, PublisherKeys keys, LogSettings logs, Clock clock) {
        return start(kafka, transactionalId, producer, origin, policy, ZoneLimits.defaults(), snapshotInterval,
                gatekeeper, keys, logs, clock);
    }

    /** @param limits what a submitted file may make the parser hold (zone-core ZoneLimits) */
    public static ZonePublisher start(KafkaConnection kafka, String transactionalId, String producer, Name origin,
            ZonePolicy policy, ZoneLimits limits, int snapshotInterval, Gatekeeper gatekeeper, PublisherKeys keys,
            LogSettings logs, Clock clock) {
        if (snapshotInterval < 1) {
            throw new IllegalArgumentException("snapshot interval must be at least 1, not " + snapshotInterval);
        }
        EventWriter writer = new EventWriter(kafka, transactionalId, producer, clock,
                OwnEvents.signedBy(keys.trusted()));
        try {
            ZoneHead head = recover(kafka, origin, keys.trusted());
            LOG.infof("zone %s: %s", ZoneKeys.of(origin), head == null ? "nothing published yet"
                    : "last published serial " + head.serial() + " at offset " + head.versionOffset()
                            + ", " + head.zone().size() + " records");
            ZoneLog log = new ZoneLog(logs.open(kafka, logs.zone(ZoneKeys.of(origin))), writer);
            return new ZonePublisher(origin, policy, limits, snapshotInterval, gatekeeper, writer, keys.signer(), log, head, clock);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /**
     * The latest trusted snapshot, then every trusted committed delta after it, each verified by
     * event-log; forged versions and heads are skipped (logged and counted by event-log).
     */
    static ZoneHead recover(KafkaConnection kafka, Name origin, TrustedPublishers trusted) {
        String key = ZoneKeys.of(origin);
        SnapshotReader snapshots = new SnapshotReader(kafka, trusted);
        VersionLog log = new VersionLog(kafka, trusted);
        Optional<SnapshotReader.Snapshot> snapshot = snapshots.latest(key);
        Zone[] zone = {snapshot.map(SnapshotReader.Snapshot::zone).orElse(null)};
        long[] offset = {snapshot.map(SnapshotReader.Snapshot::versionsOffset).orElse(-1L)};
        byte[][] digest = {snapshot.map(SnapshotReader.Snapshot::contentDigest).orElse(null)};
        int[] sinceSnapshot = {0};
        log.replay(key, offset[0] + 1, (LoggedVersion v) -> {
            zone[0] = VersionApplier.apply(zone[0], origin, v);
            offset[0] = v.offset();
            digest[0] = AvroBytes.toArray(v.committed().getContentDigest());
            sinceSnapshot[0] = v.committed().getSnapshot() ? 0 : sinceSnapshot[0] + 1;
        });
        long forged = snapshots.forgeriesSkipped() + log.forgeriesSkipped();
        if (forged > 0) {
            LOG.warnf("zone %s: recovery skipped %d forged events (not signed by a trusted publisher key %s)",
                    key, forged, trusted.keyIds());
        }
        return zone[0] == null ? null : new ZoneHead(zone[0], digest[0], offset[0], sinceSnapshot[0]);
    }


    public Name origin() {
        return origin;
    }

    /** The zone's transparency log operator. */
    public rootzone.eventlog.tlog.LogOperator log() {
        return log.operator();
    }

    public Optional<ZoneHead> head() {
        return Optional.ofNullable(head);
    }

    /**
     * Parses a master file (optionally gzip) within the limits and publishes it; an unparsable or
     * oversized file is a refused version (UNPARSABLE, INPUT_TOO_LARGE).
     */
    public PublishOutcome publish(byte[] text, PublishRequest request) {
        Zone zone;
        try {
            zone = ZoneParser.parse(text, origin, request.source(), limits);
        } catch (ZoneTooLargeException e) {
            return refuse(request, RejectReason.INPUT_TOO_LARGE, e.getMessage());
        } catch (ZoneException e) {
            return refuse(request, RejectReason.UNPARSABLE, e.getMessage());
        }
        return publish(zone, request);
    }

    public PublishOutcome publish(Zone zone, PublishRequest request) {
        if (request.requester() instanceof Requester.Unverified) {
            throw new IllegalArgumentException("an unverified request publishes nothing");
        }
        lock.lock();
        try {
            byte[] digest = ContentDigest.of(zone);
            Long serial = zone.soa() == null ? null : zone.serial();
            if (request.requester() instanceof Requester.Signed signed
                    && (serial == null || serial != signed.serial() || !Arrays.equals(digest, signed.contentDigest()))) {
                return refuse(serial, digest, new Refusal(RejectReason.REQUEST_SIGNATURE_INVALID, "the request was signed for "
                        + "serial " + signed.serial() + " with content digest " + hex(signed.contentDigest())
                        + ", but the file is serial " + serial + " with content digest " + hex(digest)), request);
            }
            ZoneHead previous = head;
            Instant now = clock.instant();
            Decision decision = gatekeeper.decide(zone, digest, previous == null ? null : previous.zone(),
                    previous == null ? null : previous.contentDigest(), policy, request.blastRadiusOverride(), now);
            if (decision instanceof Decision.Refuse refuse) {
                return refuse(serial, digest, refuse.refusal(), request);
            }
            if (decision instanceof Decision.AlreadyPublished) {
                LOG.infof("zone %s serial %d from %s by %s: already published at offset %d, nothing written",
                        zoneKey, zone.serial(), request.source(), request.requestedBy(), previous.versionOffset());
                return new PublishOutcome.AlreadyPublished(zoneKey, zone.serial(), hex(digest), previous.versionOffset(),
                        millisSince(request));
            }
            Decision.Publish publish = (Decision.Publish) decision;
            boolean snapshot = previous == null || previous.versionsSinceSnapshot() + 1 >= snapshotInterval;
            VersionInfo info = VersionInfo.published(request.requestedBy(), request.source(), request.receivedAt())
                    .withSnapshot(snapshot);
            if (request.requester() instanceof Requester.Signed signed) {
                info = info.withRequest(signed.keyId(), signed.signature());
            }
            // The checks this zone's policy leaves out, by their documented names: a node relaxes the same ones.
            info = info.withRelaxations(policy.checks().relaxations().stream().map(VersionPolicy.Relaxation::id).sorted().toList());
            if (publish.blastRadiusOverride() != null) {
                info = info.withBlastRadiusOverride(publish.blastRadiusOverride());
            }
            WrittenVersion written = log.version(versions, previous == null ? null : previous.zone(), zone, publish.diff(), digest, info);
            head = new ZoneHead(zone, written.contentDigest(), written.committedOffset(),
                    snapshot ? 0 : previous.versionsSinceSnapshot() + 1);
            PublishOutcome outcome = new PublishOutcome.Published(zoneKey, zone.serial(),
                    previous == null ? null : previous.serial(), hex(written.contentDigest()),
                    publish.diff().removed().size(), publish.diff().added().size(), written.chunkCount(),
                    written.committedOffset(), snapshot, publish.blastRadius().describe(), publish.blastRadiusOverride(),
                    request.requestedBy(), millisSince(request));
            LOG.infof("zone %s serial %d from %s by %s: published%s: %s", zoneKey, zone.serial(), request.source(),
                    request.requestedBy(), publish.blastRadiusOverride() != null
                            ? " OVERRIDING blast radius (" + publish.blastRadiusOverride() + ")" : "",
                    outcome.summary());
            return outcome;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses a request before its version is read (unsigned, bad signature, not authorized, too
     * large): the rejection event is written, nothing else.
     */
    public PublishOutcome.Refused refuse(PublishRequest request, RejectReason reason, String detail) {
        lock.lock();
        try {
            return refuse(null, null, new Refusal(reason, detail), request);
        } finally {
            lock.unlock();
        }
    }

    private PublishOutcome.Refused refuse(Long serial, byte[] digest, Refusal refusal, PublishRequest request) {
        VersionRejected event = VersionRejected.newBuilder()
                .setEnvelope(Envelopes.placeholder())
                .setRejectedBy(RejectorRole.PUBLISHER)
                .setSerial(serial)
                .setContentDigest(digest == null ? null : ByteBuffer.wrap(digest))
                .setReason(refusal.reason().name())
                .setCode(refusal.reason())
                .setDetail(refusal.detail())
                .setSource(request.source())
                .setRequestedBy(request.requestedBy())
                .build();
        long offset = log.rejection(versions, zoneKey, event);
        LOG.warnf("zone %s serial %s from %s by %s: REFUSED %s: %s (rejection event at offset %d)", zoneKey, serial,
                request.source(), request.requestedBy(), refusal.reason(), refusal.detail(), offset);
        return new PublishOutcome.Refused(zoneKey, serial, head == null ? null : head.serial(),
                digest == null ? null : hex(digest), refusal.reason(), refusal.detail(), offset, millisSince(request));
    }

    private long millisSince(PublishRequest request) {
        return Math.max(0, clock.millis() - request.receivedAt().toEpochMilli());
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    @Override
    public void close() {
        writer.close();
    }
}
