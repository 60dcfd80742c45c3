package rootzone.node.materialize;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import rootzone.eventlog.EventLogException;
import rootzone.eventlog.Forgery;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.SnapshotReader;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.ZoneKeys;
import rootzone.zone.Zone;

/**
 * The node's {@link VersionSource} on Kafka: event-log's VersionLog (versions, checked against the
 * trusted publisher keys) and SnapshotReader. The one place where the node's apply path meets
 * event-log's readers.
 */
public final class KafkaVersionSource implements VersionSource {

    private static final Logger LOG = Logger.getLogger(KafkaVersionSource.class);

    private final String zone;
    private final VersionLog log;
    private final SnapshotReader snapshots;

    public KafkaVersionSource(String zone, VersionLog log, SnapshotReader snapshots) {
        this.zone = ZoneKeys.normalize(zone);
        this.log = Objects.requireNonNull(log);
        this.snapshots = Objects.requireNonNull(snapshots);
    }

    @Override
    public Optional<SnapshotReader.Snapshot> latestSnapshot(Consumer<Forgery> onForgery) {
        try {
            return snapshots.latest(zone, onForgery);
        } catch (EventLogException e) {
            if (isUnreachable(e)) {
                throw e;
            }
            LOG.warnf("the latest snapshot of %s is unusable, replaying the versions from offset 0: %s", zone, e.getMessage());
            return Optional.empty();
        }
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

    @Override
    public Optional<Zone> snapshotAt(LoggedVersion v) {
        try {
            Optional<SnapshotReader.Snapshot> s = snapshots.latest(zone);
            if (s.isPresent() && s.get().versionsOffset() == v.offset()) {
                LOG.infof("resynchronised %s from the snapshot of serial %d", zone, v.serial());
                return Optional.of(s.get().zone());
            }
        } catch (EventLogException e) {
            LOG.warnf("cannot read the snapshot of serial %d: %s", v.serial(), e.getMessage());
        }
        return Optional.empty();
    }

    @Override
    public void follow(long fromOffset, Consumer<LoggedVersion> onVersion, Consumer<Forgery> onForgery, BooleanSupplier stop) {
        log.follow(zone, fromOffset, onVersion, onForgery, stop);
    }
}
