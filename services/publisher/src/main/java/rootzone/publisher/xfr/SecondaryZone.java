package rootzone.publisher.xfr;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import rootzone.eventlog.LogThread;
import rootzone.publisher.publish.PublishOutcome;
import rootzone.publisher.publish.PublishRequest;
import rootzone.zone.Serial;
import rootzone.zone.Zone;

/**
 * Keeps one zone in step with its primary, as a secondary server does (RFC 1996, RFC 1034 §4.3.5):
 * a NOTIFY triggers a pull at once; the SOA refresh timer probes the primary's serial and pulls when
 * it is newer; after a failure the next attempt comes after the SOA retry interval. Pulls run one at
 * a time on the zone's own thread, and NOTIFYs arriving during a pull collapse into one more pull.
 */
public final class SecondaryZone implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SecondaryZone.class);
    /** Until the zone has an SOA of its own, how often to look for it. */
    private static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);

    private final Name origin;
    private final Primary primary;
    private final ZoneTransferClient client;
    private final Supplier<Zone> current;
    private final BiFunction<Zone, PublishRequest, PublishOutcome> publish;
    private final Duration minRefresh;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean pullQueued = new AtomicBoolean();
    private ScheduledFuture<?> timer;

    /**
     * @param current the last published version (null when none)
     * @param publish hands a transferred zone to the publication gates
     */
    public SecondaryZone(Name origin, Primary primary, ZoneTransferClient client, Supplier<Zone> current,
            BiFunction<Zone, PublishRequest, PublishOutcome> publish, Duration minRefresh) {
        this.origin = origin;
        this.primary = primary;
        this.client = client;
        this.current = current;
        this.publish = publish;
        this.minRefresh = minRefresh;
        this.executor = Executors.newSingleThreadScheduledExecutor(LogThread.daemons("follow-" + origin));
    }

    /** Starts the refresh timer with a first check right away. */
    public synchronized SecondaryZone start() {
        schedule(Duration.ZERO, false);
        return this;
    }

    /** A NOTIFY arrived: pull now (or right after the pull in progress). */
    public void notified() {
        if (pullQueued.compareAndSet(false, true)) {
            executor.execute(() -> run(true));
        }
    }

    private synchronized void schedule(Duration delay, boolean force) {
        if (timer != null) {
            timer.cancel(false);
        }
        timer = executor.schedule(() -> run(force), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(boolean notified) {
        if (notified) {
            pullQueued.set(false);
        }
        Zone have = current.get();
        try {
            if (!notified && have != null) {
                long theirs = client.probeSerial(origin, primary);
                if (!Serial.isNewer(theirs, have.serial())) {
                    LOG.debugf("zone %s: primary %s has serial %d, we have %d: nothing to pull", origin,
                            primary.address(), theirs, have.serial());
                    schedule(refresh(have), false);
                    return;
                }
            }
            Instant received = Instant.now();
            Transfer t = client.pull(origin, primary, have);
            if (t.kind() == Transfer.Kind.UP_TO_DATE) {
                LOG.infof("zone %s: primary %s has nothing newer than %d", origin, primary.address(), have.serial());
            } else {
                LOG.infof("zone %s: %s from %s gave serial %d (%d records)", origin, t.kind(), primary.address(),
                        t.zone().serial(), t.zone().size());
                publish.apply(t.zone(), PublishRequest.configured("xfr", "primary " + primary.address().getAddress().getHostAddress()
                        + ":" + primary.address().getPort() + " (" + t.kind() + ")", received));
            }
            schedule(refresh(current.get()), false);
        } catch (TransferException e) {
            LOG.warnf("zone %s: %s; retrying later", origin, e.getMessage());
            schedule(retry(have), false);
        } catch (RuntimeException e) {
            LOG.errorf(e, "zone %s: pull from %s failed: %s", origin, primary.address(), e.getMessage());
            schedule(retry(have), false);
        }
    }

    private Duration refresh(Zone zone) {
        SOARecord soa = zone == null ? null : zone.soa();
        return atLeastMin(soa == null ? DEFAULT_REFRESH : Duration.ofSeconds(soa.getRefresh()));
    }

    private Duration retry(Zone zone) {
        SOARecord soa = zone == null ? null : zone.soa();
        return atLeastMin(soa == null ? minRefresh : Duration.ofSeconds(soa.getRetry()));
    }

    private Duration atLeastMin(Duration d) {
        return d.compareTo(minRefresh) < 0 ? minRefresh : d;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
