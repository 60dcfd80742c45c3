package rootzone.publisher.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.xbill.DNS.Name;
import rootzone.eventlog.LogTopics;
import rootzone.eventlog.WriterFencedException;
import rootzone.eventlog.ZoneKeys;
import rootzone.eventlog.tlog.LogSettings;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.publisher.config.PublisherConfig;
import rootzone.publisher.config.ZoneSettings;
import rootzone.events.RejectReason;
import rootzone.publisher.gate.Gatekeeper;
import rootzone.zone.ZoneLimits;

/**
 * The publisher's zones, each with its ZonePublisher, started once Quarkus is up: topics checked,
 * every zone's last version rebuilt from Kafka, then the inputs (drop directories, zone transfer) are
 * started by their own beans. Records the metrics of every decision.
 */
@ApplicationScoped
public class PublisherService {

    private static final Logger LOG = Logger.getLogger(PublisherService.class);

    @Inject PublisherConfig config;
    @Inject MeterRegistry registry;
    @ConfigProperty(name = KafkaConnection.CONFIG_FILE_PROPERTY) Optional<String> kafkaConfig;
    @ConfigProperty(name = KafkaConnection.BOOTSTRAP_PROPERTY) Optional<String> bootstrap;

    private final Map<String, ZonePublisher> publishers = new LinkedHashMap<>();
    private final Map<String, ZoneSettings> settings = new LinkedHashMap<>();
    private final Map<String, AtomicLong> lastSerial = new ConcurrentHashMap<>();
    private volatile boolean ready;
    private KafkaConnection kafka;
    private PublisherKeys keys;
    private volatile String fenced;

    void onStart(@Observes StartupEvent event) {
        if (io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.NORMAL) {
            rootzone.eventlog.BoundedShutdown.install("publisher"); // exits within 10 s of SIGTERM, brokers or not
        }
        kafka = KafkaConnection.configured(kafkaConfig, bootstrap);
        // The admin role creates topics; the publisher's may only check them.
        LogTopics.check(kafka, Role.PUBLISHER);
        keys = PublisherKeys.load(config.signingKeyFile(), config.trustedPublisherKeys().orElse(List.of()));
        LOG.infof("signing versions with publisher key %s (key file %s); trusting the history signed by %s",
                keys.signer().keyId(), config.signingKeyFile(), keys.trusted().keyIds());
        LogSettings logs = new LogSettings(config.log().originPrefix(), config.log().keyDir(), config.log().tileDir());
        for (Map.Entry<String, PublisherConfig.ZoneConfig> e : config.zones().entrySet()) {
            ZoneSettings s = ZoneSettings.from(e.getKey(), e.getValue());
            String key = ZoneKeys.of(s.origin());
            if (settings.putIfAbsent(key, s) != null) {
                throw new IllegalArgumentException("zone " + key + " is configured twice");
            }
            // One transactional id per zone: instances publishing the same zone fence each other,
            // while one instance's zones commit independently.
            ZonePublisher publisher = ZonePublisher.start(kafka, config.transactionalId() + "-" + key, config.id(),
                    s.origin(), s.policy(), limits(), config.snapshotInterval(), Gatekeeper.standard(), keys, logs, Clock.systemUTC());
            publishers.put(key, publisher);
            AtomicLong gauge = registry.gauge("rootzone.publisher.last.serial", List.of(io.micrometer.core.instrument.Tag.of("zone", key)),
                    new AtomicLong(publisher.head().map(ZoneHead::serial).orElse(-1L)));
            lastSerial.put(key, gauge);
        }
        ready = true;
        LOG.infof("publisher %s ready for zones %s (transactional id prefix %s, snapshot every %d versions)",
                config.id(), publishers.keySet(), config.transactionalId(), config.snapshotInterval());
    }

    void onStop(@Observes ShutdownEvent event) {
        ready = false;
        publishers.values().forEach(ZonePublisher::close);
    }

    /** Ready: every zone's last version rebuilt, and no newer instance has fenced this one. */
    public boolean ready() {
        return ready && fenced == null;
    }

    public Optional<String> fencedBy() {
        return Optional.ofNullable(fenced);
    }

    public List<ZoneSettings> zones() {
        return new ArrayList<>(settings.values());
    }

    public Optional<ZonePublisher> publisher(String zone) {
        return Optional.ofNullable(publishers.get(ZoneKeys.normalize(zone)));
    }

    public Optional<ZonePublisher> publisher(Name origin) {
        return Optional.ofNullable(publishers.get(ZoneKeys.of(origin)));
    }

    /** The configured bounds of a submitted version. */
    public ZoneLimits limits() {
        PublisherConfig.LimitsConfig l = config.limits();
        return new ZoneLimits(l.maxBytes(), l.maxRecords(), l.maxGenerate(), l.maxGeneratedTotal());
    }

    /** Whether the zone's head is the log's last trusted version (see ZonePublisher#headDiffersFromLog). */
    public Optional<String> headDiffersFromLog(ZonePublisher publisher) {
        return publisher.headDiffersFromLog(kafka, keys.trusted());
    }

    /**
     * Runs an import (ImportJobs) while this publisher is ready; a fencing met on the way stops this
     * instance as it does for a live publication.
     */
    public <T> T importArchive(ZonePublisher publisher, java.util.function.Supplier<T> work) {
        if (!ready()) {
            throw new IllegalStateException(fenced != null ? "this publisher is fenced: " + fenced : "publisher is starting");
        }
        try {
            T result = work.get();
            publisher.head().ifPresent(h -> lastSerial.get(ZoneKeys.of(publisher.origin())).set(h.serial()));
            return result;
        } catch (WriterFencedException e) {
            fenced = e.getMessage();
            LOG.errorf("zone %s: fenced by a newer publisher instance during an import: %s", ZoneKeys.of(publisher.origin()), e.getMessage());
            throw e;
        }
    }

    /** Refuses a request before its version is read (rejection event written); records metrics. */
    public PublishOutcome refuse(ZonePublisher publisher, PublishRequest request, RejectReason reason, String detail) {
        return measured(publisher, request, () -> publisher.refuse(request, reason, detail));
    }

    /** Publishes master-file text; records metrics. */
    public PublishOutcome publish(ZonePublisher publisher, byte[] text, PublishRequest request) {
        return measured(publisher, request, () -> publisher.publish(text, request));
    }

    /** Publishes an already assembled zone (from a transfer); records metrics. */
    public PublishOutcome publish(ZonePublisher publisher, rootzone.zone.Zone zone, PublishRequest request) {
        return measured(publisher, request, () -> publisher.publish(zone, request));
    }

    private PublishOutcome measured(ZonePublisher publisher, PublishRequest request,
            java.util.function.Supplier<PublishOutcome> work) {
        if (!ready()) {
            throw new IllegalStateException(fenced != null ? "this publisher is fenced: " + fenced : "publisher is starting");
        }
        String key = ZoneKeys.of(publisher.origin());
        PublishOutcome outcome;
        try {
            outcome = work.get();
        } catch (WriterFencedException e) {
            fenced = e.getMessage();
            LOG.errorf("zone %s: fenced by a newer publisher instance, publishing stopped: %s", key, e.getMessage());
            throw e;
        }
        if (outcome instanceof PublishOutcome.Published p) {
            Counter.builder("rootzone.publisher.versions.published").tag("zone", key).tag("source", request.source())
                    .register(registry).increment();
            Timer.builder("rootzone.publisher.publish.duration").tag("zone", key)
                    .description("from receipt of a version to its transaction committed")
                    .publishPercentiles(0.5, 0.99).register(registry).record(Duration.ofMillis(p.millis()));
            lastSerial.get(key).set(p.serial());
        } else if (outcome instanceof PublishOutcome.Refused r) {
            Counter.builder("rootzone.publisher.versions.rejected").tag("zone", key)
                    .tag("reason", r.reason().name()).register(registry).increment();
        } else if (outcome instanceof PublishOutcome.AlreadyPublished) {
            Counter.builder("rootzone.publisher.versions.unchanged").tag("zone", key).register(registry).increment();
        } else {
            // NOT_PUBLISHED or UNKNOWN: Kafka failed under the publication.
            Counter.builder("rootzone.publisher.versions.failed").tag("zone", key).tag("outcome", outcome.status().name())
                    .register(registry).increment();
        }
        return outcome;
    }
}
