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
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
import rootzone.auditor.replay.RestartReread;
import rootzone.auditor.replay.ZoneFollower;
import rootzone.auditor.tlog.SnapshotLeaves;
import rootzone.auditor.tlog.TransparencyLogs;
import rootzone.eventlog.LogTopics;
import rootzone.eventlog.RetryPause;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.ZoneKeys;
import rootzone.eventlog.signing.KeyFiles;
import rootzone.eventlog.tlog.LogNames;
import rootzone.eventlog.signing.TrustedPublishers;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.tlog.note.VerifierKey;
import rootzone.tlog.note.WitnessPolicy;

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

    /**
     * The witness policy the trust panel judges each checkpoint by (C2SP tlog-policy file); without it,
     * the configured log keys with a quorum of any one configured witness (none without witness keys).
     */
    @ConfigProperty(name = "rootzone.auditor.witness-policy")
    Optional<Path> witnessPolicy;

    private WitnessPolicy policy;
    /** The transparency logs, once their stores are open and audited (off the start-up thread). */
    private final CompletableFuture<TransparencyLogs> opened = new CompletableFuture<>();
    private TrustedPublishers trusted;
    private final Map<String, HistoryIndex> indexes = new LinkedHashMap<>();
    private final Map<String, InfrastructureHistory> infrastructure = new LinkedHashMap<>();
    private NoticeFollower notices;
    private final List<ZoneFollower> followers = new java.util.concurrent.CopyOnWriteArrayList<>(); // read by ready() on their threads
    private final NodeApplies applies = new NodeApplies();
    private final RejectionLog rejections = new RejectionLog();
    private volatile EventAuditor events;
    private volatile RestartReread reread;
    private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>(); // the logs' opener adds one

    void start(@Observes StartupEvent ignored) {
        long t0 = System.nanoTime();
        if (io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.NORMAL) {
            rootzone.eventlog.BoundedShutdown.install("auditor"); // exits within 10 s of SIGTERM, brokers or not
        }
        kafka = KafkaConnection.configured(kafkaConfig, bootstrapServers);
        try {
            trusted = TrustedPublishers.of(KeyFiles.readPublicKeys(trustedPublisherKeys.orElse(List.of())));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("rootzone.auditor.trusted-publisher-keys: " + e.getMessage()
                    + " (the auditor tells the publisher's versions from forgeries by these keys; ./rootzone up sets them)", e);
        }
        List<VerifierKey> operators;
        List<VerifierKey> witnessing;
        try {
            operators = TransparencyLogs.readKeys(logKeys.orElse(List.of()));
            witnessing = TransparencyLogs.readKeys(witnessKeys.orElse(List.of()));
            policy = TransparencyLogs.policy(witnessPolicy.map(Auditor::read), operators, witnessing);
        } catch (RuntimeException e) {
            opened.completeExceptionally(e);
            throw e instanceof IllegalArgumentException ? new IllegalStateException("rootzone.auditor.log-keys / witness-keys / witness-policy: " + e.getMessage(), e) : e;
        }
        List<String> keys = zones.stream().map(ZoneKeys::normalize).distinct().toList();
        // Opening and auditing the stores is the longest part of a restart, and the followers (judging their
        // snapshots) and the event audit wait for it: first, on a thread of its own, so that the rest of
        // start-up and the HTTP server (started after this method) come up meanwhile (logs() waits for it).
        CompletableFuture<EventAuditor> auditing = new CompletableFuture<>();
        Thread opener = daemon(() -> {
            long began = System.nanoTime();
            TransparencyLogs logs;
            try {
                logs = new TransparencyLogs(keys, logPrefix, operators, witnessing, dataDir);
            } catch (RuntimeException e) {
                LOG.errorf(e, "cannot open the transparency logs' stores in %s: the auditor stops", dataDir.resolve("log"));
                opened.completeExceptionally(e);
                io.quarkus.runtime.Quarkus.asyncExit(1);
                return;
            }
            // What a restart did not read again is read once the auditor is ready, each event against its leaf.
            // Made before the logs are handed out: whoever got the logs (logs(), reread()) finds it.
            reread = new RestartReread(kafka, trusted, auditing.join(), logs, this::ready);
            Thread again = daemon(reread, "auditor-restart-reread");
            threads.add(again);
            again.start();
            opened.complete(logs);
            LOG.infof("transparency logs open and verified in %d ms, %d ms after the JVM started", (System.nanoTime() - began) / 1_000_000,
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        }, "auditor-logs-open");
        threads.add(opener);
        opener.start();
        // The followers next (reading a snapshot file and appending its deltas is most of a restart); a
        // snapshot is checked against its zone's log once the logs are open.
        VersionLog log = new VersionLog(kafka, trusted);
        for (String key : keys) {
            HistoryIndex index = new HistoryIndex(ZoneKeys.origin(key), keyframeInterval);
            indexes.put(key, index);
            InfrastructureHistory changes = new InfrastructureHistory(ZoneKeys.origin(key));
            infrastructure.put(key, changes);
            String logName = LogNames.zone(logPrefix, key).name();
            ZoneFollower follower = new ZoneFollower(key, log, index, changes, Optional.of(new IndexSnapshotFile(
                    dataDir.resolve("index").resolve(logName + ".snapshot"))), indexSnapshotEvery,
                    versions -> SnapshotLeaves.disagreement(opened.join().log(logName), versions), this::ready);
            followers.add(follower);
            Thread t = daemon(follower, "auditor-versions-" + key);
            threads.add(t);
            t.start();
        }
        // The event audit's first Kafka round trips (the cluster, the last verified event) meanwhile too.
        events = new EventAuditor(kafka, trusted, applies, rejections, new ReplayPositionFile(dataDir), replayPositionEvery, opened::join);
        auditing.complete(events);
        Thread audit = daemon(events, "auditor-events");
        threads.add(audit);
        audit.start();
        notices = new NoticeFollower(trustAnchor.map(TrustAnchor::read).orElse(TrustAnchor.none())).start(kafka);
        // Checking the topics only warns: off the start-up path, once ready or after 30 s (the readers report a
        // missing topic themselves; an admin client started meanwhile took a restart's CPU).
        Thread check = daemon(() -> {
            RetryPause.of(Duration.ofSeconds(30), this::ready);
            try {
                LogTopics.check(kafka, Role.AUDITOR);
            } catch (RuntimeException e) {
                LOG.warnf("cannot check topics at %s yet: %s", kafka, e.getMessage());
            }
        }, "auditor-topic-check");
        check.start();
        LOG.infof("auditing %s at %s; hash chains from the replay position and indexes from snapshots in %s if valid, else from offset 0 "
                + "(start-up took %d ms, %d ms after the JVM started)", indexes.keySet(), kafka, dataDir,
                (System.nanoTime() - t0) / 1_000_000, java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    }

    void stop(@Observes ShutdownEvent ignored) {
        followers.forEach(ZoneFollower::stop);
        if (reread != null) {
            reread.stop();
        }
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

    /**
     * Ready: every zone's index has caught up with the versions topic (from its snapshot or offset 0) or
     * halted, and the event audit has read every topic to its end.
     */
    public boolean ready() {
        return events != null && events.caughtUp() && followers.stream().allMatch(f -> f.caughtUp() || f.halted() != null);
    }

    /** The re-read of what lies below the restart point (made once the logs are open: waits for them). */
    public RestartReread reread() {
        logs();
        return reread;
    }

    /** The transparency logs; waits while their stores are being opened at start-up. */
    public TransparencyLogs logs() {
        try {
            return opened.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException("the transparency logs could not be opened: " + e.getCause().getMessage(), e.getCause());
        }
    }

    public WitnessPolicy policy() {
        return policy;
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public TrustedPublishers trusted() {
        return trusted;
    }

    /** The auditor's own connection (read-only by its Kafka role). */
    public KafkaConnection kafka() {
        return kafka;
    }
}
