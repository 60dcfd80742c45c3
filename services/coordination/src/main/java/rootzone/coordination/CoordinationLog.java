package rootzone.coordination;

import rootzone.coordination.model.CoordinationState;
import rootzone.coordination.model.IssueTimes;
import rootzone.coordination.model.directory.TrustAnchor;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.LogEvent;
import rootzone.eventlog.LogTopics;
import rootzone.eventlog.PartitionFollower;
import rootzone.eventlog.tlog.LogEntries;
import rootzone.eventlog.tlog.LogOperator;
import rootzone.eventlog.tlog.LogSettings;
import rootzone.events.Envelope;
import rootzone.events.EventCodec;
import rootzone.events.Topics;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;

/**
 * The coordination topic: writes signed events through the event-log writer and folds everything the
 * topic holds (read_committed, from offset 0) into CoordinationState on a follower thread. A write
 * returns only once the follower has read the event back and applied it, re-checking its signature,
 * so the API answers from what the log really holds.
 *
 * <p>Every event goes to one key, ".", on the topic's single partition: notices are checked against
 * the directory as it stood when they were written, which needs one total order, and one chain.
 */
@ApplicationScoped
public class CoordinationLog {

    private static final Logger LOG = Logger.getLogger(CoordinationLog.class);
    private static final String KEY = ".";
    private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(30);

    /** An event the follower refused on read-back, with why. */
    public record Refused(long offset, String eventType, String reason) {}

    @ConfigProperty(name = KafkaConnection.CONFIG_FILE_PROPERTY) Optional<String> kafkaConfig;
    @ConfigProperty(name = KafkaConnection.BOOTSTRAP_PROPERTY) Optional<String> bootstrap;
    @ConfigProperty(name = "rootzone.coordination.id") String producerId;
    @ConfigProperty(name = "rootzone.coordination.transactional-id") String transactionalId;
    @ConfigProperty(name = "rootzone.coordination.import-mode") boolean importMode;
    /** The coordination log's checkpoint origin is {@code <prefix>/log/coordination}. */
    @ConfigProperty(name = "rootzone.coordination.log.origin-prefix") String logOriginPrefix;
    /** Where {@code log-coordination.key} (0600, made when absent) and its vkey are. */
    @ConfigProperty(name = "rootzone.coordination.log.key-dir") Path logKeyDir;
    /** Its tiles, under {@code <tile-dir>/coordination}; unset: in memory, rebuilt from Kafka at start. */
    @ConfigProperty(name = "rootzone.coordination.log.tile-dir") Optional<Path> logTileDir;
    @Inject MeterRegistry metrics;

    /** The maintainers the directory starts from (compliance TrustAnchor; docs/security.md). */
    @ConfigProperty(name = "rootzone.coordination.trust-anchor") Optional<Path> trustAnchor;
    private CoordinationState state;
    private final List<Refused> refused = new ArrayList<>();
    private final SettableClock clock = new SettableClock();
    private final Object writeLock = new Object();
    private KafkaConnection kafka;
    private EventWriter writer;
    private LogOperator transparencyLog;
    private PartitionFollower follower;
    private volatile boolean running;
    private volatile boolean caughtUp;
    /** Next offset the follower will apply; guarded by state. */
    private long position;

    void start(@Observes StartupEvent ignored) {
        if (io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.NORMAL) {
            rootzone.eventlog.BoundedShutdown.install("coordination"); // exits within 10 s of SIGTERM, brokers or not
        }
        TrustAnchor anchor = trustAnchor.map(TrustAnchor::read).orElse(TrustAnchor.none());
        if (anchor.isEmpty()) {
            LOG.warn("no trust anchor configured (rootzone.coordination.trust-anchor): no directory entry can be registered");
        } else {
            LOG.infof("trust anchor %s: %s", trustAnchor.get(), anchor);
        }
        state = new CoordinationState(anchor);
        kafka = KafkaConnection.configured(kafkaConfig, bootstrap);
        LogTopics.check(kafka, Role.COORDINATION);
        writer = new EventWriter(kafka, transactionalId, producerId, clock);
        LogSettings logs = new LogSettings(logOriginPrefix, logKeyDir, logTileDir);
        transparencyLog = logs.open(kafka, logs.coordination());
        running = true;
        follower = PartitionFollower.start(kafka, Topics.COORDINATION, 0, "coordination", new PartitionFollower.Listener() {
            @Override
            public void event(LogEvent event) {
                applyRead(event);
            }

            @Override
            public void polled(PartitionFollower.Progress progress) {
                long next = progress.next();
                boolean atEnd = progress.caughtUp();
                synchronized (state) {
                    position = Math.max(position, next);
                    state.notifyAll();
                }
                if (atEnd && !caughtUp) {
                    caughtUp = true;
                    LOG.infof("coordination: caught up at offset %d: %d directory entries, %d notices",
                            next, state.directory().members().size(), state.notices().size());
                }
            }
        });
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        if (follower != null) {
            follower.close();
        }
        if (writer != null) {
            writer.close();
        }
    }

    private void applyRead(LogEvent read) {
        long offset = read.offset();
        synchronized (state) {
            try {
                state.apply(read.require(SpecificRecord.class));
                metrics.counter("rootzone.coordination.events", "result", "applied").increment();
            } catch (RuntimeException e) {
                refused.add(new Refused(offset, read.typeName(), e.getMessage()));
                metrics.counter("rootzone.coordination.events", "result", "refused-on-read").increment();
                LOG.warnf("coordination: event at offset %d refused on read: %s", offset, e.getMessage());
            }
            position = offset + 1;
            state.notifyAll();
        }
    }

    /**
     * Checks an event, appends it, and waits until it has been read back and applied.
     *
     * <p>The event must carry a signed issuedAt (schema v2). Outside import mode the log's clock dates
     * it and the fold refuses an issuedAt more than IssueTimes.MAX_SKEW away (a re-sent old step); in
     * import mode the log is dated with the signed issuedAt itself, the historical time of the step.
     *
     * @return the offset of the event
     * @throws IllegalArgumentException, rootzone.coordination.model.sign.SignatureException,
     *     rootzone.coordination.model.notice.InvalidTransitionException when it is refused (nothing is written)
     */
    public long append(SpecificRecord event) {
        Instant issuedAt = IssueTimes.issuedAt(event);
        if (issuedAt == null) {
            throw new IllegalArgumentException("the step carries no issuedAt: sign when it is issued (the issuedAt field, "
                    + "ISO-8601) with the rest, as the current CLI does");
        }
        synchronized (writeLock) {
            requireReady();
            // Checked as of the time it will carry: the writer stamps the envelope with the same clock.
            Instant when = importMode ? issuedAt : clock.instant();
            Envelope e = EventCodec.envelopeOf(event);
            Envelope provisional = new Envelope(e.getEventId(), e.getEventType(), e.getZone(), e.getProducer(), when,
                    e.getSequence(), e.getPreviousHash());
            event.put(event.getSchema().getField("envelope").pos(), provisional);
            synchronized (state) {
                state.check(event);
            }
            long offset;
            try {
                if (importMode) {
                    clock.set(issuedAt);
                }
                // The event and its coordination-log entry and checkpoint commit together.
                offset = transparencyLog.inTransaction(writer, tx -> {
                    EventWriter.Sent sent = tx.send(Topics.COORDINATION, KEY, ".", event);
                    tx.append(LogEntries.coordination(sent.event(), sent.valueSha256()));
                    tx.flush();
                    return sent.offset();
                });
            } finally {
                clock.clear();
            }
            awaitApplied(offset);
            synchronized (state) {
                for (Refused r : refused) {
                    if (r.offset() == offset) {
                        throw new IllegalStateException("event written at offset " + offset + " but refused on read-back: " + r.reason());
                    }
                }
            }
            return offset;
        }
    }

    private void awaitApplied(long offset) {
        long deadline = System.nanoTime() + READ_BACK_TIMEOUT.toNanos();
        synchronized (state) {
            while (position <= offset) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("event at offset " + offset + " not read back within "
                            + READ_BACK_TIMEOUT + (follower.error() != null ? ": " + follower.error() : ""));
                }
                try {
                    state.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for read-back", e);
                }
            }
        }
    }

    private void requireReady() {
        if (follower.error() != null) {
            throw new IllegalStateException("coordination log reader failing: " + follower.error());
        }
        if (!caughtUp) {
            throw new IllegalStateException("coordination log not read up to its end yet; retry shortly");
        }
    }

    /** Reads the state under the lock. */
    public <T> T read(Function<CoordinationState, T> query) {
        synchronized (state) {
            return query.apply(state);
        }
    }

    public List<Refused> refusedOnRead() {
        synchronized (state) {
            return List.copyOf(refused);
        }
    }

    public boolean isReady() {
        return caughtUp && follower.error() == null && running;
    }

    public Map<String, Object> status() {
        synchronized (state) {
            return Map.of("position", position, "caughtUp", caughtUp, "refusedOnRead", refused.size(),
                    "importMode", importMode, "follower", follower.error() == null ? "running" : follower.error());
        }
    }
}
