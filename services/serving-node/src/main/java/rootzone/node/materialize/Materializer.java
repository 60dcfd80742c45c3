package rootzone.node.materialize;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;
import rootzone.eventlog.Forgery;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.SnapshotReader;
import rootzone.eventlog.ZoneKeys;
import rootzone.node.dns.ServedZone;

/**
 * Turns the versions log into what the node serves: the apply path. Its pieces, one job each:
 * {@link VersionsFollower} follows the log (thread, retries), {@link VersionSwitcher} decides and
 * switches (the verify-and-switch state machine), {@link LocalStore} remembers the served version
 * across restarts, {@link NodeEventQueue} writes NodeApplied / VersionRejected (and has them
 * cosigned) on its own thread, {@link CommittedVersions} counts the lag to the topic's end. This
 * class carries out each step of the switcher on the follower's thread: local store, listeners,
 * events, status.
 *
 * <p>Start: {@link #restoreLocal()} serves the local snapshot at once, without Kafka; {@link #start()}
 * then bootstraps (from the snapshot topic when there was nothing local) and follows the log. A
 * restart from the local snapshot is a NodeApplied too (same serial and versions offset as before, a
 * new appliedAt): the node answers with that serial again from then on.
 *
 * <p>{@link #status()} changes as soon as a version is served; its NodeApplied reaches Kafka after
 * that (asynchronously): whoever needs the event must wait for the event, not for the status.
 */
public final class Materializer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Materializer.class);

    private final String zone;
    private final CommittedVersions committed;
    private final LocalStore store;
    private final NodeEventQueue events;
    private final List<MaterializerListener> listeners;
    private final VersionSwitcher switcher;
    private final VersionsFollower follower;
    private final VersionSource source;

    private volatile NodeStatus status = NodeStatus.NOTHING;
    private volatile boolean connected;
    private boolean started;

    /** @param committed the zone's committed versions up to the topic's end, for the lag in versions */
    public Materializer(String zone, VersionSource source, CommittedVersions committed, NodePolicy policy, ServedZone servedZone,
                        LocalStore store, NodeEventQueue events, Clock clock, Duration retryPause,
                        List<MaterializerListener> listeners) {
        this.zone = ZoneKeys.normalize(zone);
        this.source = Objects.requireNonNull(source);
        this.committed = Objects.requireNonNull(committed);
        this.store = Objects.requireNonNull(store);
        this.events = Objects.requireNonNull(events);
        this.listeners = List.copyOf(listeners);
        this.switcher = new VersionSwitcher(this.zone, policy, clock, Objects.requireNonNull(servedZone)::switchTo);
        this.follower = new VersionsFollower(this.zone, source, new VersionsFollower.Handler() {
            @Override
            public long startFrom(VersionSource s) {
                return Materializer.this.startFrom(s);
            }

            @Override
            public void connected(boolean now) {
                connected = now;
                publishStatus();
            }

            @Override
            public void version(LoggedVersion v) {
                ApplyCost before = ApplyCost.now();
                carryOut(switcher.onVersion(v, source::snapshotAt));
                // Verify, switch, save and listeners: the whole of what a version costs on this thread.
                ApplyCost cost = ApplyCost.now().since(before);
                LOG.infof("version cost of serial %d: %s", v.committed().getSerial(), cost);
                long t0 = System.nanoTime();
                if (HeapHeadroom.compactAfter(cost.allocatedBytes())) {
                    LOG.infof("heap compacted after serial %d, a whole build: %d ms", v.committed().getSerial(),
                            (System.nanoTime() - t0) / 1_000_000);
                }
            }

            @Override
            public void forgery(Forgery f) {
                Materializer.this.forgery(f);
            }
        }, retryPause);
    }

    /**
     * Serves the version saved locally, if there is one that loads, matches its digest and still
     * passes the policy. Needs no Kafka.
     *
     * @return whether a version is now served
     */
    public synchronized boolean restoreLocal() {
        if (started) {
            throw new IllegalStateException("restoreLocal must run before start");
        }
        Optional<LocalStore.Saved> saved = store.load();
        if (saved.isEmpty()) {
            return false;
        }
        VersionSwitcher.Step step = switcher.restore(saved.get());
        if (step instanceof VersionSwitcher.Step.Skipped s) {
            LOG.warn(s.why());
            return false;
        }
        VersionSwitcher.Step.Served served = (VersionSwitcher.Step.Served) step;
        VersionSwitch restored = served.change();
        publishStatus();
        LOG.infof("serving serial %d of %s from the local snapshot (versions offset %d, %s)", restored.serial(), zone,
                restored.versionsOffset(), served.timing());
        // The node answers with this serial again from now on: the log must say so, or an auditor sees a
        // node that went silent. Queued only: written once Kafka answers, so a dead broker does not delay serving.
        events.add(NodeEvent.Applied.of(restored));
        return true;
    }

    /** Writes the node's events and follows the log, each on its own daemon thread, until {@link #close()}. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        events.start();
        follower.start();
    }

    private long startFrom(VersionSource s) {
        if (!switcher.bootstrapped()) {
            bootstrap(s);
        }
        long from = switcher.position();
        committed.start(from); // once: from where the node first reads the log
        tell(l -> l.following(from), "following from offset " + from);
        return from;
    }

    /** Without a local snapshot: the latest snapshot on Kafka, else the log from its first offset. */
    private void bootstrap(VersionSource s) {
        Optional<SnapshotReader.Snapshot> latest = s.latestSnapshot(this::forgery);
        if (latest.isEmpty()) {
            switcher.startFromLogStart();
        } else {
            carryOut(switcher.fromSnapshot(latest.get()));
            LOG.infof("bootstrapped %s from the snapshot of serial %d (versions offset %d)", zone, latest.get().serial(),
                    latest.get().versionsOffset());
        }
        publishStatus();
    }

    private void forgery(Forgery f) {
        carryOut(switcher.onForgery(f));
    }

    /** Does what a step of the switcher asks for: save, tell the listeners, queue the event. */
    private void carryOut(VersionSwitcher.Step step) {
        if (step instanceof VersionSwitcher.Step.Served s) {
            served(s);
        } else if (step instanceof VersionSwitcher.Step.Refused r) {
            NodeEvent.Rejected e = r.rejection();
            LOG.warnf("not serving serial %s of %s (offset %d): %s", e.serial(), zone, e.versionsOffset(), e.why().detail());
            tell(l -> l.rejected(e.versionsOffset(), e.serial(), e.why()), "a rejection");
            events.add(e);
            r.savePosition().ifPresent(this::savePosition);
        } else if (step instanceof VersionSwitcher.Step.RefusedAgain r) {
            NodeEvent.Rejected e = r.rejection();
            LOG.debugf("serial %s at offset %s fails again (%s): already reported", e.serial(), Long.valueOf(e.versionsOffset()),
                    e.why().reason());
            r.savePosition().ifPresent(this::savePosition);
        } else if (step instanceof VersionSwitcher.Step.Skipped s) {
            LOG.warn(s.why());
        }
        publishStatus();
    }

    private void served(VersionSwitcher.Step.Served step) {
        VersionSwitch s = step.change();
        committed.forgetUpTo(s.versionsOffset());
        publishStatus();
        LOG.infof("serving serial %d of %s (versions offset %d, %s)", s.serial(), zone, s.versionsOffset(), step.timing());
        try {
            store.save(s.served(), s.versionsOffset(), s.digest(), s.versionsOffset() + 1);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "cannot save the local snapshot of serial %d in %s", s.serial(), store.directory());
        }
        tell(l -> l.switched(s), "serial " + s.serial());
        events.add(NodeEvent.Applied.of(s));
    }

    /** Tells every listener, in order; one that throws is logged and the others are still told. */
    private void tell(java.util.function.Consumer<MaterializerListener> call, String what) {
        for (MaterializerListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.errorf(e, "listener %s failed on %s", l, what);
            }
        }
    }

    /** Where a restart continues reading. */
    private void savePosition(long next) {
        try {
            store.savePosition(next);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "cannot save the read position in %s", store.directory());
        }
    }

    private void publishStatus() {
        status = switcher.status(connected);
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
        return events.pending();
    }

    /** Stops following (within about half a second), then writes what is queued for a few seconds. */
    @Override
    public void close() {
        follower.close();
        committed.close();
        events.close();
    }

    @Override
    public String toString() {
        return "Materializer[" + zone + ", " + status + "]";
    }
}
