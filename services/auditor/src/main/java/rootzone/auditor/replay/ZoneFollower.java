package rootzone.auditor.replay;

import rootzone.events.AvroBytes;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;
import rootzone.auditor.compliance.InfrastructureHistory;
import rootzone.auditor.index.HistoryIndex;
import rootzone.auditor.index.InconsistentLogException;
import rootzone.auditor.index.IndexedVersion;
import rootzone.eventlog.EventLogException;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.VersionLog;
import rootzone.events.ZoneVersionCommitted;

/**
 * Feeds one zone's versions, reassembled by event-log's VersionLog, into its history index, from
 * offset 0 and then as they come. A version the index refuses halts the zone with the reason: the
 * auditor reports the first inconsistency instead of indexing past it. A lost broker is retried.
 */
public final class ZoneFollower implements Runnable {

    private static final Logger LOG = Logger.getLogger(ZoneFollower.class);

    private final String zone;
    private final VersionLog log;
    private final HistoryIndex index;
    private final InfrastructureHistory infrastructure;
    private volatile boolean stopped;
    private volatile String halted;
    private volatile String error;

    /** @param infrastructure told every version the index accepts, for the compliance report */
    public ZoneFollower(String zone, VersionLog log, HistoryIndex index, InfrastructureHistory infrastructure) {
        this.zone = zone;
        this.log = log;
        this.index = index;
        this.infrastructure = infrastructure;
    }

    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void run() {
        while (!stopped && halted == null) {
            long from = index.latest().map(v -> v.offset() + 1).orElse(0L);
            try {
                log.follow(zone, from, this::accept, () -> stopped);
            } catch (Refused e) {
                halted = e.getMessage();
                LOG.errorf("zone %s: indexing halted: %s", zone, halted);
            } catch (EventLogException e) {
                if (e.getCause() instanceof KafkaException) {
                    error = e.getMessage();
                    LOG.warnf("zone %s: reading interrupted, retrying in 2 s: %s", zone, e.getMessage());
                    sleep();
                } else {
                    halted = e.getMessage();
                    LOG.errorf("zone %s: indexing halted: %s", zone, halted);
                }
            } catch (RuntimeException e) {
                error = e.toString();
                LOG.warnf(e, "zone %s: reading interrupted, retrying in 2 s", zone);
                sleep();
            }
        }
    }

    private void accept(LoggedVersion v) {
        try {
            IndexedVersion indexed = indexed(v);
            index.append(indexed, v.diff());
            infrastructure.accept(indexed.serial(), indexed.effectiveAt(), v.diff());
            error = null;
        } catch (InconsistentLogException e) {
            throw new Refused("versions topic, zone " + zone + ", offset " + v.offset() + ": " + e.getMessage());
        }
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

    public String error() {
        return error;
    }

    private static void sleep() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
