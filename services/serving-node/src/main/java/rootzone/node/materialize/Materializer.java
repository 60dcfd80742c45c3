package rootzone.node.materialize;

import rootzone.events.AvroBytes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.xbill.DNS.Name;
import rootzone.events.ZoneVersionCommitted;
import rootzone.eventlog.EventLogException;
import rootzone.eventlog.Forgery;
import rootzone.events.Topics;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.SnapshotReader;
import rootzone.eventlog.VersionApplier;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.VersionMismatchException;
import rootzone.events.RejectReason;
import rootzone.eventlog.ZoneKeys;
import rootzone.node.dns.ServedZone;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

/**
 * Turns the versions topic into what the node serves.
 *
 * <p>Two zones are tracked. The <em>head</em> is the zone as the log has it after the last version
 * read, verified or not: the next delta is relative to it. The <em>served</em> zone is the last
 * version that verified (publisher's digest, then {@link NodePolicy}); the DNS server answers from it
 * alone. A version that fails is not served and is reported (VersionRejected by NODE); the head still
 * moves to it when its delta applies, so a later version that verifies is served again. When the head
 * is lost (a delta that does not apply), the node resynchronises from a snapshot written with a later
 * version.
 *
 * <p>Start: {@link #restoreLocal()} serves the local snapshot at once, without Kafka; {@link #start()}
 * then, on its own thread, bootstraps (from the snapshot topic when there was nothing local) and
 * follows the log, retrying with a pause whenever Kafka fails. Events the node writes (NodeApplied,
 * VersionRejected) are queued and written in order; a Kafka failure delays them, never drops them
 * while the process lives. A restart from the local snapshot is a NodeApplied too (same serial and
 * versions offset as before, a new appliedAt): the node answers with that serial again from then on.
 *
 * <p>{@link #status()} changes as soon as a version is served; its NodeApplied reaches Kafka after
 * that (asynchronously): whoever needs the event must wait for the event, not for the status.
 */
public final class Materializer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Materializer.class);
    /** Mismatches after which the delta itself applied: the log's head is known, just not trusted. */
    private static final Set<RejectReason> HEAD_STILL_KNOWN = Set.of(RejectReason.DIGEST_MISMATCH,
            RejectReason.RECORD_COUNT_MISMATCH, RejectReason.SERIAL_MISMATCH);

    private final String zone;
    private final Name origin;
    private final VersionLog log;
    private final CommittedVersions committed;
    private final SnapshotReader snapshots;
    private final NodePolicy policy;
    private final ServedZone servedZone;
    private final LocalStore store;
    private final NodeEventWriter events;
    private final Clock clock;
    private final Duration retryPause;
    private final List<MaterializerListener> listeners;

    // Materializer-thread state (restoreLocal runs before the thread starts).
    private Zone head;
    private boolean headKnown = true;
    private long position;
    private long reportedBefore;
    private boolean bootstrapped;
    private Zone served;
    private long servedOffset = -1;
    private byte[] servedDigest;
    private Instant lastApplied;
    private long headSerial = -1;
    private long headOffset = -1;
    private long behind;
    private long rejections;
    private final Deque<PendingEvent> pending = new ArrayDeque<>();

    private volatile int pendingCount;
    private volatile NodeStatus status = NodeStatus.NOTHING;
    private volatile boolean connected;
    private volatile boolean stopped;
    private Thread thread;

    @FunctionalInterface
    private interface PendingEvent {
        void write();
    }

    /** @param committed the zone's committed versions up to the topic's end, for the lag in versions */
    public Materializer(String zone, VersionLog log, CommittedVersions committed, SnapshotReader snapshots, NodePolicy policy,
                        ServedZone servedZone, LocalStore store, NodeEventWriter events, Clock clock, Duration retryPause,
                        List<MaterializerListener> listeners) {
        this.zone = ZoneKeys.normalize(zone);
        this.origin = ZoneKeys.origin(this.zone);
        this.log = Objects.requireNonNull(log);
        this.committed = Objects.requireNonNull(committed);
        this.snapshots = Objects.requireNonNull(snapshots);
        this.policy = Objects.requireNonNull(policy);
        this.servedZone = Objects.requireNonNull(servedZone);
        this.store = Objects.requireNonNull(store);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
        this.retryPause = Objects.requireNonNull(retryPause);
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Serves the version saved locally, if there is one that loads, matches its digest and still
     * passes the policy (signatures may have expired while the node was down). Needs no Kafka.
     *
     * @return whether a version is now served
     */
    public synchronized boolean restoreLocal() {
        if (thread != null) {
            throw new IllegalStateException("restoreLocal must run before start");
        }
        long t0 = System.nanoTime();
        Optional<LocalStore.Saved> saved = store.load();
        if (saved.isEmpty()) {
            return false;
        }
        LocalStore.Saved s = saved.get();
        Optional<Rejection> why = policy.check(s.zone(), clock.instant());
        if (why.isPresent()) {
            LOG.warnf("not serving the local snapshot of serial %d: %s", s.zone().serial(), why.get().detail());
            return false;
        }
        servedZone.switchTo(s.zone());
        served = s.zone();
        servedOffset = s.versionsOffset();
        servedDigest = s.digest();
        lastApplied = clock.instant();
        // Replay from just after the served version, with it as the head: versions the node had already
        // read past it were all rejected and reported, so they are not reported again.
        head = s.zone();
        headSerial = s.zone().serial();
        headOffset = s.versionsOffset();
        position = s.versionsOffset() + 1;
        reportedBefore = s.nextOffset();
        bootstrapped = true;
        publishStatus();
        LOG.infof("serving serial %d of %s from the local snapshot (versions offset %d)", served.serial(), zone, servedOffset);
        // The node answers with this serial again from now on: the log must say so, or an auditor sees a
        // node that went silent. Queued only: the follow thread writes it once Kafka answers, so a dead
        // broker does not delay serving.
        VersionSwitch restored = new VersionSwitch(null, s.zone(), null, s.versionsOffset(), s.digest(), lastApplied,
                System.nanoTime() - t0);
        pending.addLast(() -> events.applied(restored));
        pendingCount = pending.size();
        return true;
    }

    /** Follows the log on a new daemon thread until {@link #close()}. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::run, "materializer-" + zone);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopped) {
            try {
                if (!bootstrapped) {
                    bootstrap();
                }
                flushPending();
                connected = true;
                publishStatus();
                committed.start(position); // once: from where the node first reads the log
                log.follow(zone, position, this::onVersion, this::onForgery, () -> stopped);
            } catch (RuntimeException e) {
                connected = false;
                publishStatus();
                if (!stopped) {
                    LOG.warnf("following %s from offset %d failed, retrying in %d ms: %s", zone, position,
                            retryPause.toMillis(), e.getMessage());
                    pause();
                }
            }
        }
        connected = false;
        publishStatus();
    }

    /** Without a local snapshot: the latest snapshot on Kafka, else the log from its first offset. */
    private void bootstrap() {
        Optional<SnapshotReader.Snapshot> latest;
        try {
            latest = snapshots.latest(zone, this::onForgery);
        } catch (EventLogException e) {
            if (isUnreachable(e)) {
                throw e;
            }
            // A broken snapshot is only a cache: the versions topic has everything.
            LOG.warnf("the latest snapshot of %s is unusable, replaying the versions from offset 0: %s", zone, e.getMessage());
            latest = Optional.empty();
        }
        if (latest.isEmpty()) {
            head = null;
            headKnown = true;
            position = 0;
        } else {
            SnapshotReader.Snapshot s = latest.get();
            head = s.zone();
            headKnown = true;
            headSerial = s.serial();
            headOffset = s.versionsOffset();
            position = s.versionsOffset() + 1;
            long t0 = System.nanoTime();
            Optional<Rejection> why = policy.check(s.zone(), clock.instant());
            long checked = System.nanoTime();
            if (why.isPresent()) {
                reject(s.versionsOffset(), s.serial(), s.contentDigest(), "", why.get());
            } else {
                serve(s.zone(), s.versionsOffset(), s.contentDigest(), null, new Steps(t0, t0, checked));
            }
            LOG.infof("bootstrapped %s from the snapshot of serial %d (versions offset %d)", zone, s.serial(), s.versionsOffset());
        }
        bootstrapped = true;
        publishStatus();
    }

    private static boolean isUnreachable(EventLogException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.TimeoutException
                    || t instanceof org.apache.kafka.common.errors.RetriableException) {
                return true;
            }
        }
        return false;
    }

    private void onVersion(LoggedVersion v) {
        long t0 = System.nanoTime();
        long applied = t0;
        ZoneVersionCommitted c = v.committed();
        byte[] stated = AvroBytes.toArray(c.getContentDigest());
        Zone base = head;
        Zone next = null;
        Rejection why = null;
        if (headKnown) {
            try {
                next = VersionApplier.apply(base, origin, v);
            } catch (VersionMismatchException e) {
                why = new Rejection(e.reason(), e.getMessage());
            }
        } else {
            why = new Rejection(RejectReason.SERIAL_GAP, "serial " + c.getSerial()
                    + ": the node lost the log's state at an earlier version and no snapshot of this one is on the snapshot topic");
        }
        if (next == null && c.getSnapshot()) {
            next = snapshotAt(v); // the publisher's full copy of this version, already digest-checked
            if (next != null) {
                why = null;
            }
        }
        Zone newHead;
        if (next != null) {
            newHead = next;
            applied = System.nanoTime();
            why = policy.check(next, clock.instant(), c.getRelaxations()).orElse(null);
        } else if (HEAD_STILL_KNOWN.contains(why.reason())) {
            newHead = unverified(base, v);
        } else {
            newHead = null;
        }
        headKnown = newHead != null;
        head = newHead;
        headSerial = c.getSerial();
        headOffset = v.offset();
        position = v.offset() + 1;
        if (why == null) {
            ZoneDiff diff = served != null && served == base ? v.diff() : null;
            serve(next, v.offset(), stated, diff, new Steps(t0, applied, System.nanoTime()));
        } else {
            reject(v.offset(), c.getSerial(), stated, c.getPublisher(), why);
        }
        publishStatus();
    }

    /**
     * A version or snapshot head no trusted publisher signed: refused (VersionRejected
     * UNTRUSTED_PUBLISHER) before anything of it is applied, and skipped: neither the served zone nor
     * the head moves, so the next real version, whose previous serial is the node's, applies. The
     * chunks of a forged version are not reported one by one: its commit's rejection covers them.
     */
    private void onForgery(Forgery f) {
        boolean commit = Topics.VERSIONS.equals(f.topic()) && "ZoneVersionCommitted".equals(f.eventType());
        boolean head = Topics.SNAPSHOTS.equals(f.topic());
        if (!commit && !head) {
            LOG.warnf("skipping a forged event: %s", f.describe());
            return;
        }
        Rejection why = PublisherTrust.rejection(f);
        if (!commit) {
            report(f.offset(), f.serial(), null, f.producer(), why);
        } else {
            // Not a version of the zone, so not one the node is behind by: only reported, once.
            position = Math.max(position, f.offset() + 1);
            if (f.offset() >= reportedBefore) {
                report(f.offset(), f.serial(), null, f.producer(), why);
            }
            savePosition(f.offset() + 1);
        }
        publishStatus();
    }

    /** The snapshot taken with this very version, or null. */
    private Zone snapshotAt(LoggedVersion v) {
        try {
            Optional<SnapshotReader.Snapshot> s = snapshots.latest(zone);
            if (s.isPresent() && s.get().versionsOffset() == v.offset()) {
                LOG.infof("resynchronised %s from the snapshot of serial %d", zone, v.serial());
                return s.get().zone();
            }
        } catch (EventLogException e) {
            LOG.warnf("cannot read the snapshot of serial %d: %s", v.serial(), e.getMessage());
        }
        return null;
    }

    /** The log's state after a version whose delta applied but whose result is not the stated one. */
    private Zone unverified(Zone base, LoggedVersion v) {
        try {
            return v.diff().applyTo(v.previousSerial() == null ? Zone.of(origin, List.of()) : base);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * When each step of a version's verification ended (System.nanoTime): started reading it, applied
     * the delta and checked the publisher's digest, checked the policy (ZONEMD, DNSSEC). Logged with
     * the index build, so the log says where a version's time went.
     */
    private record Steps(long start, long applied, long checked) {}

    /** @param diff the delta from the served version when it is the one just applied; null: computed */
    private void serve(Zone next, long offset, byte[] digest, ZoneDiff diff, Steps steps) {
        Zone previous = served;
        servedZone.switchTo(next);
        Instant at = clock.instant();
        long switched = System.nanoTime();
        long nanos = switched - steps.start();
        served = next;
        servedOffset = offset;
        servedDigest = digest.clone();
        lastApplied = at;
        behind = 0;
        committed.forgetUpTo(offset);
        publishStatus();
        LOG.infof("serving serial %d of %s (versions offset %d, applied in %d ms: delta+digest %d, policy %d, index %d)",
                next.serial(), zone, offset, nanos / 1_000_000, (steps.applied() - steps.start()) / 1_000_000,
                (steps.checked() - steps.applied()) / 1_000_000, (switched - steps.checked()) / 1_000_000);
        try {
            store.save(next, offset, digest, offset + 1);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "cannot save the local snapshot of serial %d in %s", next.serial(), store.directory());
        }
        ZoneDiff journal = previous == null ? null : diff != null ? diff : ZoneDiff.between(previous, next);
        VersionSwitch s = new VersionSwitch(previous, next, journal, offset, digest, at, nanos);
        for (MaterializerListener l : listeners) {
            try {
                l.switched(s);
            } catch (RuntimeException e) {
                LOG.errorf(e, "listener %s failed on serial %d", l, next.serial());
            }
        }
        enqueue(() -> events.applied(s));
    }

    private void reject(long offset, Long serial, byte[] stated, String publisher, Rejection why) {
        behind++;
        if (offset < reportedBefore) {
            LOG.debugf("serial %s at offset %s fails again (%s): already reported", serial, Long.valueOf(offset), why.reason());
        } else {
            report(offset, serial, stated, publisher, why);
        }
        savePosition(offset + 1);
    }

    /** Logs a refusal, tells the listeners and queues its VersionRejected. */
    private void report(long offset, Long serial, byte[] stated, String publisher, Rejection why) {
        rejections++;
        LOG.warnf("not serving serial %s of %s (offset %d): %s", serial, zone, offset, why.detail());
        for (MaterializerListener l : listeners) {
            try {
                l.rejected(offset, serial, why);
            } catch (RuntimeException e) {
                LOG.errorf(e, "listener %s failed on a rejection", l);
            }
        }
        enqueue(() -> events.rejected(serial, stated, why, publisher));
    }

    /** Where a restart continues reading, once something is served (else the node bootstraps again). */
    private void savePosition(long next) {
        if (served != null) {
            try {
                store.savePosition(next);
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "cannot save the read position in %s", store.directory());
            }
        }
    }

    private void enqueue(PendingEvent e) {
        pending.addLast(e);
        pendingCount = pending.size();
        flushPending();
    }

    /** Writes queued events in order; on failure keeps them (and later ones) for the next attempt. */
    private void flushPending() {
        while (!pending.isEmpty()) {
            try {
                pending.peekFirst().write();
                pending.removeFirst();
                pendingCount = pending.size();
            } catch (RuntimeException e) {
                events.reset();
                LOG.warnf("cannot write node events yet (%d queued): %s", pending.size(), e.getMessage());
                return;
            }
        }
    }

    private void publishStatus() {
        status = new NodeStatus(served == null ? -1 : served.serial(), servedOffset,
                servedDigest == null ? null : ContentDigest.hex(servedDigest), headSerial, headOffset, behind,
                lastApplied, rejections, connected);
    }

    /**
     * The node's status; {@code behind} is the lag to the versions topic's end in committed versions
     * (counted by {@link CommittedVersions} while the materializer may be busy), at least the versions
     * read and not served.
     */
    public NodeStatus status() {
        NodeStatus s = status;
        long lag = committed.after(s.servedOffset());
        return lag > s.behind() ? s.withBehind(lag) : s;
    }

    /** Events waiting for Kafka (NodeApplied / VersionRejected). */
    public int pendingEvents() {
        return pendingCount;
    }

    private void pause() {
        long until = System.nanoTime() + retryPause.toNanos();
        while (!stopped && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(100, retryPause.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }


    /** Stops following (within about half a second) and closes the event writer. */
    @Override
    public void close() {
        stopped = true;
        committed.close();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        events.close();
    }

    @Override
    public String toString() {
        return "Materializer[" + zone + ", " + status + "]";
    }
}
