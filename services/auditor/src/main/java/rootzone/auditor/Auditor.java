package rootzone.auditor;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import rootzone.auditor.resume.ReplayPositionFile;
import rootzone.auditor.coordination.InfrastructureHistory;
import rootzone.auditor.coordination.NoticeFollower;
import rootzone.coordination.model.directory.TrustAnchor;
import rootzone.auditor.index.HistoryIndex;
import rootzone.auditor.index.IndexSnapshotFile;
import rootzone.auditor.replay.EventAuditor;
import rootzone.auditor.replay.NodeApplies;
import rootzone.auditor.replay.RejectionLog;
import rootzone.auditor.replay.ZoneFollower;
import rootzone.auditor.tlog.TransparencyLogs;
import rootzone.eventlog.LogTopics;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.ZoneKeys;
import rootzone.eventlog.signing.KeyFiles;
import rootzone.eventlog.tlog.LogNames;
import rootzone.eventlog.signing.TrustedPublishers;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;

/**
 * The auditor's state and its replay threads: one history index per audited zone, fed by a
 * ZoneFollower; one EventAuditor checking every hash chain and collecting node applications and
 * rejections; the infrastructure changes of each zone and the signed notices of the coordination
 * topic, for the compliance report. The hash-chain audit continues from its replay position in
 * rootzone.auditor.data-dir when there is a valid one of this cluster; each index is loaded from its
 * index snapshot there when the versions topic still agrees with it, else rebuilt from offset 0.
 */
@ApplicationScoped
public class Auditor {

    private static final Logger LOG = Logger.getLogger(Auditor.class);

    @ConfigProperty(name = KafkaConnection.CONFIG_FILE_PROPERTY)
    Optional<String> kafkaConfig;

    @ConfigProperty(name = KafkaConnection.BOOTSTRAP_PROPERTY)
    Optional<String> bootstrapServers;

    private KafkaConnection kafka;

    @ConfigProperty(name = "rootzone.auditor.zones", defaultValue = ".")
    List<String> zones;

    @ConfigProperty(name = "rootzone.auditor.keyframe-interval", defaultValue = "100")
    int keyframeInterval;

    @ConfigProperty(name = "rootzone.auditor.data-dir", defaultValue = ".rootzone/auditor")
    Path dataDir;

    @ConfigProperty(name = "rootzone.auditor.replay-position-every", defaultValue = "PT10S")
    Duration replayPositionEvery;

    /**
     * How often a zone's index snapshot ({@code <data-dir>/index/<log name>.snapshot}) is written while a
     * replay runs; it is also written once the index has caught up with the versions topic, and at shutdown.
     */
    @ConfigProperty(name = "rootzone.auditor.index-snapshot-every", defaultValue = "PT60S")
    Duration indexSnapshotEvery;

    /** The operator directory's trust anchor (docs/security.md): without it no notice can be trusted. */
    @ConfigProperty(name = "rootzone.auditor.trust-anchor")
    Optional<Path> trustAnchor;

    /**
     * The publisher keys whose versions are the zones' history (base64 X.509 or files; several during a
     * rotation). Anything else on the versions and snapshot topics is reported as forged.
     */
    @ConfigProperty(name = "rootzone.auditor.trusted-publisher-keys")
    java.util.Optional<List<String>> trustedPublisherKeys;

    /** The transparency logs' origin prefix: origins are {@code <prefix>/log/<name>} (docs/transparency-log.md). */
    @ConfigProperty(name = "rootzone.auditor.log-prefix", defaultValue = "rootzone.localhost")
    String logPrefix;

    /** The log operators' note verifier keys (texts or files, ./rootzone up passes {@code <data>/keys/log-*.vkey}). */
    @ConfigProperty(name = "rootzone.auditor.log-keys")
    Optional<List<String>> logKeys;

    /** The nodes' witness verifier keys (texts or files): cosignatures of these names are verified, bad ones dropped. */
    @ConfigProperty(name = "rootzone.auditor.witness-keys")
    Optional<List<String>> witnessKeys;

    private TransparencyLogs logs;
    private TrustedPublishers trusted;
    private final Map<String, HistoryIndex> indexes = new LinkedHashMap<>();
    private final Map<String, InfrastructureHistory> infrastructure = new LinkedHashMap<>();
    private NoticeFollower notices;
    private final List<ZoneFollower> followers = new ArrayList<>();
    private final NodeApplies applies = new NodeApplies();
    private final RejectionLog rejections = new RejectionLog();
    private EventAuditor events;
    private final List<Thread> threads = new ArrayList<>();

    void start(@Observes StartupEvent ignored) {
        if (io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.NORMAL) {
            rootzone.eventlog.BoundedShutdown.install("auditor"); // exits within 10 s of SIGTERM, brokers or not
        }
        kafka = KafkaConnection.configured(kafkaConfig, bootstrapServers);
        try {
            LogTopics.check(kafka, Role.AUDITOR);
        } catch (RuntimeException e) {
            // Without a broker yet, the readers retry until it comes.
            LOG.warnf("cannot check topics at %s yet: %s", kafka, e.getMessage());
        }
        try {
            trusted = TrustedPublishers.of(KeyFiles.readPublicKeys(trustedPublisherKeys.orElse(List.of())));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("rootzone.auditor.trusted-publisher-keys: " + e.getMessage()
                    + " (the auditor tells the publisher's versions from forgeries by these keys; ./rootzone up sets them)", e);
        }
        VersionLog log = new VersionLog(kafka, trusted);
        for (String z : zones) {
            String key = ZoneKeys.normalize(z);
            HistoryIndex index = new HistoryIndex(ZoneKeys.origin(key), keyframeInterval);
            indexes.put(key, index);
            InfrastructureHistory changes = new InfrastructureHistory(ZoneKeys.origin(key));
            infrastructure.put(key, changes);
            ZoneFollower follower = new ZoneFollower(key, log, index, changes, Optional.of(new IndexSnapshotFile(
                    dataDir.resolve("index").resolve(LogNames.zone(logPrefix, key).name() + ".snapshot"))), indexSnapshotEvery);
            followers.add(follower);
            threads.add(daemon(follower, "auditor-versions-" + key));
        }
        try {
            logs = new TransparencyLogs(List.copyOf(indexes.keySet()), logPrefix,
                    TransparencyLogs.readKeys(logKeys.orElse(List.of())), TransparencyLogs.readKeys(witnessKeys.orElse(List.of())), dataDir);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("rootzone.auditor.log-keys / witness-keys: " + e.getMessage(), e);
        }
        events = new EventAuditor(kafka, trusted, applies, rejections, new ReplayPositionFile(dataDir), replayPositionEvery, logs);
        threads.add(daemon(events, "auditor-events"));
        notices = new NoticeFollower(trustAnchor.map(TrustAnchor::read).orElse(TrustAnchor.none())).start(kafka);
        threads.forEach(Thread::start);
        LOG.infof("auditing %s at %s; hash chains from the replay position and indexes from snapshots in %s if valid, else from offset 0", indexes.keySet(),
                kafka, dataDir);
    }

    void stop(@Observes ShutdownEvent ignored) {
        followers.forEach(ZoneFollower::stop);
        if (events != null) {
            events.stop();
        }
        if (notices != null) {
            notices.close();
        }
        for (Thread t : threads) {
            try {
                t.join(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** @throws NoSuchElementException when the zone is not audited */
    public HistoryIndex index(String zone) {
        HistoryIndex index = indexes.get(ZoneKeys.normalize(zone));
        if (index == null) {
            throw new NoSuchElementException("zone " + zone + " is not audited here (audited: " + indexes.keySet() + ")");
        }
        return index;
    }

    /** @throws NoSuchElementException when the zone is not audited */
    public InfrastructureHistory infrastructure(String zone) {
        index(zone); // same refusal as every other per-zone question
        return infrastructure.get(ZoneKeys.normalize(zone));
    }

    public NoticeFollower notices() {
        return notices;
    }

    public ZoneFollower follower(String zone) {
        String key = ZoneKeys.normalize(zone);
        return followers.stream().filter(f -> f.zone().equals(key)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("zone " + zone + " is not audited here"));
    }

    public List<ZoneFollower> followers() {
        return List.copyOf(followers);
    }

    public NodeApplies applies() {
        return applies;
    }

    public RejectionLog rejections() {
        return rejections;
    }

    public EventAuditor events() {
        return events;
    }

    public TransparencyLogs logs() {
        return logs;
    }

    public TrustedPublishers trusted() {
        return trusted;
    }

    /** The auditor's own connection (read-only by its Kafka role). */
    public KafkaConnection kafka() {
        return kafka;
    }
}
