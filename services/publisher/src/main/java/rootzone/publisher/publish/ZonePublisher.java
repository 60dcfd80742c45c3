package rootzone.publisher.publish;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;
import org.xbill.DNS.Name;
import rootzone.eventlog.Envelopes;
import rootzone.coordination.model.sign.PublicationId;
import rootzone.eventlog.CommitUnknownException;
import rootzone.eventlog.EventLogException;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.LogThread;
import rootzone.eventlog.VersionApplier.Refusal;
import rootzone.eventlog.WriterFencedException;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.OwnEvents;
import rootzone.eventlog.SnapshotReader;
import rootzone.eventlog.ZoneRebuild;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.VersionWriter;
import rootzone.eventlog.WrittenVersion;
import rootzone.eventlog.ZoneKeys;
import rootzone.eventlog.tlog.LogSettings;
import rootzone.events.RejectReason;
import rootzone.eventlog.signing.TrustedPublishers;
import rootzone.events.RejectorRole;
import rootzone.events.VersionRejected;
import rootzone.kafka.access.KafkaConnection;
import rootzone.publisher.gate.Decision;
import rootzone.publisher.gate.Gatekeeper;
import rootzone.publisher.gate.ZonePolicy;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.ZoneException;
import rootzone.zone.VersionPolicy;
import rootzone.zone.ZoneLimits;
import rootzone.zone.SuccessiveParser;
import rootzone.zone.Zonemd;
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
 *
 * <p>Every publication has a definite outcome (docs/architecture.md, "The outcome of a publication"):
 * a Kafka failure before the commit is asked for aborts the transaction (NOT_PUBLISHED, it never
 * commits); a commit whose answer is lost is UNKNOWN, and the writer is then replaced by a new one with
 * the same transactional id, at the next request or by a retry every few seconds, which settles the
 * open transaction (committed or aborted). The head is then rebuilt from the log, so a retry of the same
 * version is ALREADY_PUBLISHED if it had committed, and {@link #status} answers from the log.
 */
public final class ZonePublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ZonePublisher.class);

    private final Name origin;
    private final String zoneKey;
    private final ZonePolicy policy;
    private final ZoneLimits limits;
    private final int snapshotInterval;
    private final Gatekeeper gatekeeper;
    private final KafkaConnection kafka;
    private final PublisherKeys keys;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Replaced (under the lock) when the writer has stopped: see {@link #settle()}. */
    private volatile EventWriter writer;
    private volatile VersionWriter versions;
    private volatile ZoneLog log;
    private volatile ZoneHead head;
    /** Follows the files this publisher parsed, so a routine version parses only its changed lines (under the lock). */
    private final SuccessiveParser parser;
    /** The publication whose commit answer was lost, until a new writer has settled it. */
    private volatile String unsettled;
    private final ScheduledExecutorService settler;

    private ZonePublisher(Name origin, ZonePolicy policy, ZoneLimits limits, int snapshotInterval, Gatekeeper gatekeeper,
            KafkaConnection kafka, EventWriter writer, PublisherKeys keys, ZoneLog log, ZoneHead head, Clock clock) {
        this.origin = origin;
        this.zoneKey = ZoneKeys.of(origin);
        this.policy = policy;
        this.limits = limits;
        this.snapshotInterval = snapshotInterval;
        this.gatekeeper = gatekeeper;
        this.kafka = kafka;
        this.keys = keys;
        this.writer = writer;
        this.versions = new VersionWriter(writer, keys.signer());
        this.log = log;
        this.head = head;
        this.clock = clock;
        this.parser = new SuccessiveParser(origin, limits);
        this.settler = Executors.newSingleThreadScheduledExecutor(LogThread.daemons("publisher-settle-" + zoneKey));
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
        EventWriter writer = newWriter(kafka, transactionalId, producer, keys, clock);
        try {
            ZoneHead head = recover(kafka, origin, policy.checks(), keys.trusted());
            LOG.infof("zone %s: %s", ZoneKeys.of(origin), head == null ? "nothing published yet"
                    : "last published serial " + head.serial() + " at offset " + head.versionOffset()
                            + ", " + head.zone().size() + " records");
            ZoneLog log = new ZoneLog(logs.open(kafka, logs.zone(ZoneKeys.of(origin))), writer);
            // In the background: a start is not delayed by it, and it is over long before nodes are up and a version comes.
            LogThread.daemons("publisher-warm-up-" + ZoneKeys.of(origin))
                    .newThread(() -> PathWarmUp.run(origin, policy, limits, gatekeeper)).start();
            return new ZonePublisher(origin, policy, limits, snapshotInterval, gatekeeper, kafka, writer, keys, log, head, clock);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    private static EventWriter newWriter(KafkaConnection kafka, String transactionalId, String producer, PublisherKeys keys,
            Clock clock) {
        return new EventWriter(kafka, transactionalId, producer, clock, OwnEvents.signedBy(keys.trusted()));
    }

    /**
     * When the writer has stopped (a lost commit answer, a failed abort), replaces it by a new one with
     * the same transactional id, whose registration settles the open transaction (Kafka completes a
     * commit its coordinator recorded, or aborts), then rebuilds the head from the log, which now says
     * whether that version committed. Nothing to do while the writer works, or once another instance
     * has fenced this one (that instance's registration settled it). Call with the lock held.
     *
     * @throws EventLogException while Kafka does not answer (the writer stays stopped; try again later)
     */
    private void settle() {
        EventWriter old = writer;
        if (old.usable() || old.fenced()) {
            return;
        }
        old.close();
        EventWriter next = newWriter(kafka, old.transactionalId(), old.producer(), keys, clock);
        ZoneHead recovered;
        try {
            recovered = recover(kafka, origin, policy.checks(), keys.trusted());
        } catch (RuntimeException e) {
            next.close();
            throw e;
        }
        writer = next;
        versions = new VersionWriter(next, keys.signer());
        log = new ZoneLog(log.operator(), next);
        head = recovered;
        LOG.infof("zone %s: new writer settled the open transaction%s; the log's last serial is %s", zoneKey,
                unsettled == null ? "" : " of " + unsettled, recovered == null ? "none" : recovered.serial());
        unsettled = null;
    }

    /** Settles in the background, every few seconds until Kafka answers, after a lost commit answer. */
    private void settleSoon() {
        settler.schedule(() -> {
            lock.lock();
            try {
                settle();
            } catch (RuntimeException e) {
                LOG.warnf("zone %s: cannot settle the open transaction yet (%s); trying again in %d s", zoneKey, e.getMessage(),
                        SETTLE_RETRY.toSeconds());
                settleSoon();
            } finally {
                lock.unlock();
            }
        }, SETTLE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How often a stopped writer is replaced while Kafka does not answer. */
    static final Duration SETTLE_RETRY = Duration.ofSeconds(5);

    /**
     * What the log says of this publication: COMMITTED (a trusted ZoneVersionCommitted of this serial
     * and content digest is in the log), ABORTED (it is not, and no transaction of this publisher is
     * open that could still commit it), or PENDING (a publication is being written, or Kafka does not
     * answer yet). Nothing of it is kept in memory: after a restart the answer is the same.
     */
    public PublicationStatus status(PublicationId id) {
        if (!id.zone().equals(zoneKey)) {
            throw new IllegalArgumentException("publication " + id + " is not of zone " + zoneKey);
        }
        try {
            if (!lock.tryLock(2, TimeUnit.SECONDS)) {
                return new PublicationStatus.Pending(id.toString(), zoneKey, id.serial(), "a publication of " + zoneKey
                        + " is being written; ask again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PublicationStatus.Pending(id.toString(), zoneKey, id.serial(), "interrupted");
        }
        try {
            settle();
            java.util.OptionalLong offset = new VersionLog(kafka, keys.trusted())
                    .committedOffset(zoneKey, id.serial(), id.digestBytes(), 0);
            if (offset.isPresent()) {
                return new PublicationStatus.Committed(id.toString(), zoneKey, id.serial(), offset.getAsLong());
            }
            return new PublicationStatus.Aborted(id.toString(), zoneKey, id.serial(), "not in the log, and no transaction of "
                    + "this publisher is open that could commit it: it was aborted, refused or never sent");
        } catch (WriterFencedException e) {
            throw e;
        } catch (EventLogException e) {
            return new PublicationStatus.Pending(id.toString(), zoneKey, id.serial(), "Kafka does not answer yet: " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The latest trusted snapshot, then every trusted committed delta after it, each rebuilt and checked
     * by event-log's one rebuild (ZoneRebuild: digest of every version; ZONEMD and DNSSEC under the
     * zone's policy as of each version's commit); forged versions and heads are skipped (logged and
     * counted by event-log). A version the policy refuses is logged and still the head: it is on the
     * log, and the next version follows it.
     */
    static ZoneHead recover(KafkaConnection kafka, Name origin, VersionPolicy policy, TrustedPublishers trusted) {
        String key = ZoneKeys.of(origin);
        SnapshotReader snapshots = new SnapshotReader(kafka, trusted);
        VersionLog log = new VersionLog(kafka, trusted);
        ZoneRebuild rebuild = ZoneRebuild.from(origin, policy, snapshots.latest(key));
        log.replay(key, rebuild.nextOffset(), (LoggedVersion v) -> {
            if (rebuild.accept(v) instanceof ZoneRebuild.Unauthentic u) {
                LOG.warnf("zone %s: serial %d at offset %d fails the zone's policy (%s): %s", key, v.serial(), v.offset(),
                        u.refusal().reason(), u.refusal().detail());
            }
        });
        long forged = snapshots.forgeriesSkipped() + log.forgeriesSkipped();
        if (forged > 0) {
            LOG.warnf("zone %s: recovery skipped %d forged events (not signed by a trusted publisher key %s)",
                    key, forged, trusted.keyIds());
        }
        return rebuild.zone().map(z -> new ZoneHead(z, rebuild.contentDigest(), rebuild.offset(), rebuild.sinceSnapshot())).orElse(null);
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
     *
     * <p>Parsed against the file this publisher parsed before (zone-core SuccessiveParser): a routine
     * version changes a few lines, and only those are parsed and applied to the version before, which
     * gives the delta too and lets the new Zone share the unchanged blocks, so its content root costs the
     * blocks the change touched. The result is the same Zone a whole parse gives (a file whose lines do
     * not stand alone is parsed whole), and every gate runs on it as on any other.
     */
    public PublishOutcome publish(byte[] text, PublishRequest request) {
        lock.lock();
        try {
            Steps steps = new Steps();
            Zone before = parser.last();
            SuccessiveParser.Parsed parsed;
            try {
                parsed = parser.next(text, request.source());
            } catch (ZoneTooLargeException e) {
                return refuse(request, RejectReason.INPUT_TOO_LARGE, e.getMessage());
            } catch (ZoneException e) {
                return refuse(request, RejectReason.UNPARSABLE, e.getMessage());
            }
            steps.mark(parsed.incremental() ? "parse (changed lines)" : "parse (whole file)");
            ZoneHead h = head;
            // The parser's delta is from the file it parsed before: the gates may use it only when that is the head.
            ZoneDiff known = h != null && before != null && before == h.zone() ? parsed.diff() : null;
            return publish(parsed.zone(), known, request, steps);
        } finally {
            lock.unlock();
        }
    }

    public PublishOutcome publish(Zone zone, PublishRequest request) {
        lock.lock();
        try {
            return publish(zone, null, request, new Steps());
        } finally {
            lock.unlock();
        }
    }

    /** @param knownDiff the delta from exactly the head to {@code zone}, or null (the gates compute it) */
    private PublishOutcome publish(Zone zone, ZoneDiff knownDiff, PublishRequest request, Steps steps) {
        if (request.requester() instanceof Requester.Unverified || request.requester() instanceof Requester.SignedImport) {
            throw new IllegalArgumentException(request.requester() instanceof Requester.Unverified
                    ? "an unverified request publishes nothing" : "an import request publishes through importVersions only");
        }
        lock.lock();
        try {
            // One walk gives both the ZONEMD digest (the gate's check, the log entry) and the content digest.
            if (zone.soa() != null) {
                Zonemd.digest(zone, Zonemd.SHA384);
            }
            byte[] digest = ContentDigest.of(zone);
            steps.mark("digests");
            Long serial = zone.soa() == null ? null : zone.serial();
            String id = serial == null ? null : new PublicationId(zoneKey, serial, digest).toString();
            try {
                settle();
            } catch (EventLogException e) {
                if (id != null && id.equals(unsettled)) {
                    return new PublishOutcome.Unknown(zoneKey, id, serial, ContentDigest.hex(digest), "the commit of this version was asked for "
                            + "and its answer lost, and Kafka does not answer yet: " + e.getMessage(), millisSince(request));
                }
                throw e;
            }
            if (request.requester() instanceof Requester.Signed signed
                    && (serial == null || serial != signed.serial() || !Arrays.equals(digest, signed.contentDigest()))) {
                return refuse(serial, digest, new Refusal(RejectReason.REQUEST_SIGNATURE_INVALID, "the request was signed for "
                        + "serial " + signed.serial() + " with content digest " + ContentDigest.hex(signed.contentDigest())
                        + ", but the file is serial " + serial + " with content digest " + ContentDigest.hex(digest)), request);
            }
            ZoneHead previous = head;
            Instant now = clock.instant();
            Decision decision = gatekeeper.decide(zone, digest, previous == null ? null : previous.zone(),
                    previous == null ? null : previous.contentDigest(), previous == null ? null : knownDiff, policy,
                    request.blastRadiusOverride(), now);
            steps.mark(knownDiff != null && previous != null ? "gates" : "gates (with diff)");
            if (decision instanceof Decision.Refuse refuse) {
                return refuse(serial, digest, refuse.refusal(), request);
            }
            if (decision instanceof Decision.AlreadyPublished) {
                LOG.infof("zone %s serial %d from %s by %s: already published at offset %d, nothing written",
                        zoneKey, zone.serial(), request.source(), request.requestedBy(), previous.versionOffset());
                return new PublishOutcome.AlreadyPublished(zoneKey, zone.serial(), ContentDigest.hex(digest), previous.versionOffset(),
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
            WrittenVersion written;
            try {
                written = log.version(versions, previous == null ? null : previous.zone(), zone, publish.diff(), digest, info, steps);
            } catch (WriterFencedException e) {
                throw e;
            } catch (CommitUnknownException e) {
                unsettled = id;
                settleSoon();
                LOG.warnf("zone %s serial %d (id %s): outcome UNKNOWN: %s", zoneKey, zone.serial(), id, e.getMessage());
                return new PublishOutcome.Unknown(zoneKey, id, zone.serial(), ContentDigest.hex(digest), e.getMessage(), millisSince(request));
            } catch (EventLogException e) {
                if (!writer.usable()) {
                    settleSoon();
                }
                LOG.warnf("zone %s serial %d (id %s): NOT_PUBLISHED, transaction aborted: %s", zoneKey, zone.serial(), id, e.getMessage());
                return new PublishOutcome.NotPublished(zoneKey, id, zone.serial(), ContentDigest.hex(digest), e.getMessage(), millisSince(request));
            }
            head = new ZoneHead(zone, written.contentDigest(), written.committedOffset(),
                    snapshot ? 0 : previous.versionsSinceSnapshot() + 1);
            PublishOutcome outcome = new PublishOutcome.Published(zoneKey, zone.serial(),
                    previous == null ? null : previous.serial(), ContentDigest.hex(written.contentDigest()),
                    publish.diff().removed().size(), publish.diff().added().size(), written.chunkCount(),
                    written.committedOffset(), snapshot, publish.blastRadius().describe(), publish.blastRadiusOverride(),
                    request.requestedBy(), millisSince(request));
            LOG.infof("zone %s serial %d from %s by %s: published%s: %s (%s)", zoneKey, zone.serial(), request.source(),
                    request.requestedBy(), publish.blastRadiusOverride() != null
                            ? " OVERRIDING blast radius (" + publish.blastRadiusOverride() + ")" : "",
                    outcome.summary(), steps.summary());
            return outcome;
        } finally {
            lock.unlock();
        }
    }

    /**
     * One archived version to import.
     *
     * @param contentDigest its zone-core ContentDigest (computed while the previous batch is written)
     * @param zonemdDigest its RFC 8976 SHA-384 ZONEMD digest, for its transparency-log VersionEntry (same)
     * @param parsedBefore the zone {@code diff} starts from (the version parsed before this one), or null
     * @param diff the delta from {@code parsedBefore}: used when that is the head it is gated against
     * @param capturedAt when the archive captured it (recorded as capturedAt)
     * @param where where in the archive it comes from (logs and refusals)
     */
    public record ImportCandidate(Zone zone, byte[] contentDigest, byte[] zonemdDigest, Zone parsedBefore, ZoneDiff diff,
            Instant capturedAt, String where) {}

    /**
     * Imports consecutive archived versions in one transaction, under the same lock, transactional id,
     * succession check and gates as {@link #publish(Zone, PublishRequest)}, with only the named
     * {@code relaxations} (docs/import.md): each version is gated against the one before it
     * (the head for the first), written with its own signed ZoneVersionCommitted marked imported with its
     * capture time, and the relaxations recorded in it. Stops at the first refused version: the versions
     * before it are committed, its rejection event is written, and its Refused outcome is the last one.
     *
     * @param request source "import", requester the verified {@link Requester.SignedImport}
     * @param snapshotLast also write a full snapshot with the batch's last version (the import's end)
     */
    public List<PublishOutcome> importVersions(List<ImportCandidate> batch, PublishRequest request,
            Set<VersionPolicy.Relaxation> relaxations, boolean snapshotLast) {
        if (!(request.requester() instanceof Requester.SignedImport)) {
            throw new IllegalArgumentException("imports need a verified import request, not " + request.requester());
        }
        lock.lock();
        try {
            settle();
            ZonePolicy importPolicy = new ZonePolicy(policy.checks().relaxed(relaxations),
                    relaxations.contains(VersionPolicy.Relaxation.BLAST_RADIUS) ? 1.0 : policy.maxBlastRadius());
            List<String> relaxed = importPolicy.checks().relaxations().stream().map(VersionPolicy.Relaxation::id).sorted().toList();
            ZoneHead start = head;
            Zone current = start == null ? null : start.zone();
            byte[] currentDigest = start == null ? null : start.contentDigest();
            int since = start == null ? 0 : start.versionsSinceSnapshot();
            List<VersionWriter.Next> toWrite = new ArrayList<>(batch.size());
            List<Decision.Publish> decisions = new ArrayList<>(batch.size());
            List<byte[]> zonemds = new ArrayList<>(batch.size());
            List<PublishOutcome> unchanged = new ArrayList<>();
            Refusal refusal = null;
            ImportCandidate refused = null;
            byte[] refusedDigest = null;
            Instant now = clock.instant();
            for (int i = 0; i < batch.size(); i++) {
                ImportCandidate c = batch.get(i);
                byte[] digest = c.contentDigest();
                ZoneDiff known = current != null && c.parsedBefore() == current ? c.diff() : null;
                Decision decision = gatekeeper.decide(c.zone(), digest, current, currentDigest, known, importPolicy, null, now);
                if (decision instanceof Decision.Refuse r) {
                    refusal = new Refusal(r.refusal().reason(), c.where() + ": " + r.refusal().detail());
                    refused = c;
                    refusedDigest = digest;
                    break;
                }
                if (decision instanceof Decision.AlreadyPublished) {
                    unchanged.add(new PublishOutcome.AlreadyPublished(zoneKey, c.zone().serial(), ContentDigest.hex(digest),
                            start.versionOffset(), millisSince(request)));
                    continue;
                }
                Decision.Publish publish = (Decision.Publish) decision;
                boolean snapshot = current == null || since + 1 >= snapshotInterval || (snapshotLast && i == batch.size() - 1);
                VersionInfo info = new VersionInfo(request.requestedBy(), request.source(), c.capturedAt(), true, null, snapshot,
                        null, null, relaxed);
                toWrite.add(new VersionWriter.Next(current, c.zone(), publish.diff(), digest, info));
                decisions.add(publish);
                zonemds.add(c.zonemdDigest());
                current = c.zone();
                currentDigest = digest;
                since = snapshot ? 0 : since + 1;
            }
            List<PublishOutcome> outcomes = new ArrayList<>(unchanged);
            if (!toWrite.isEmpty()) {
                List<WrittenVersion> written = log.versions(versions, toWrite, zonemds);
                WrittenVersion last = written.get(written.size() - 1);
                head = new ZoneHead(current, last.contentDigest(), last.committedOffset(), since);
                for (int i = 0; i < written.size(); i++) {
                    VersionWriter.Next v = toWrite.get(i);
                    WrittenVersion w = written.get(i);
                    outcomes.add(new PublishOutcome.Published(zoneKey, w.serial(), v.previous() == null ? null : v.previous().serial(),
                            ContentDigest.hex(w.contentDigest()), v.diff().removed().size(), v.diff().added().size(), w.chunkCount(),
                            w.committedOffset(), v.info().snapshot(), decisions.get(i).blastRadius().describe(), null,
                            request.requestedBy(), millisSince(request)));
                }
                LOG.infof("zone %s: imported serials %d to %d by %s (%d versions in one transaction, relaxed %s)", zoneKey,
                        written.get(0).serial(), last.serial(), request.requestedBy(), written.size(), relaxed);
            }
            if (refusal != null) {
                outcomes.add(refuse(refused.zone().soa() == null ? null : refused.zone().serial(), refusedDigest, refusal, request));
            }
            return outcomes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the head this publisher follows is the zone's last trusted version in the log: an import
     * checks it once before it starts, so it continues from what the log holds.
     *
     * @return empty when they agree, else what differs
     */
    public Optional<String> headDiffersFromLog(KafkaConnection kafka, TrustedPublishers trusted) {
        lock.lock();
        try {
            Optional<rootzone.eventlog.LastCommitted> last = new VersionLog(kafka, trusted).lastCommitted(zoneKey);
            ZoneHead h = head;
            if (last.isEmpty() && h == null) {
                return Optional.empty();
            }
            if (last.isPresent() && h != null && last.get().offset() == h.versionOffset() && last.get().serial() == h.serial()) {
                return Optional.empty();
            }
            return Optional.of("the log's last version of " + zoneKey + " is " + last.map(l -> "serial " + l.serial() + " at offset "
                    + l.offset()).orElse("none") + ", this publisher's is " + (h == null ? "none" : "serial " + h.serial()
                    + " at offset " + h.versionOffset()));
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
            settle();
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
                digest == null ? null : ContentDigest.hex(digest), refusal.reason(), refusal.detail(), offset, millisSince(request));
    }

    private long millisSince(PublishRequest request) {
        return Math.max(0, clock.millis() - request.receivedAt().toEpochMilli());
    }

    @Override
    public void close() {
        settler.shutdownNow();
        writer.close();
    }
}
