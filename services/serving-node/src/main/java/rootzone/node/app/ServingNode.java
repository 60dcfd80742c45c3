package rootzone.node.app;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import rootzone.eventlog.LogThread;
import rootzone.eventlog.LogTopics;
import rootzone.eventlog.SnapshotReader;
import rootzone.eventlog.VersionLog;
import rootzone.node.materialize.PublisherTrust;
import rootzone.eventlog.ZoneKeys;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.node.dns.AnswerConfig;
import rootzone.node.dns.DnsServer;
import rootzone.node.dns.NodeIdentity;
import rootzone.node.dns.QueryStats;
import rootzone.node.dns.QueryTsig;
import rootzone.node.dns.ServedZone;
import rootzone.zone.TsigKey;
import rootzone.node.materialize.CommittedVersions;
import rootzone.node.materialize.KafkaVersionSource;
import rootzone.node.materialize.Materializer;
import rootzone.node.materialize.MaterializerListener;
import rootzone.node.materialize.NodeEventQueue;
import rootzone.node.materialize.NodeEventWriter;
import rootzone.node.materialize.NodePolicy;
import rootzone.node.materialize.NodeStatus;
import rootzone.node.xfr.AddressPrefix;
import rootzone.node.xfr.IxfrJournal;
import rootzone.node.xfr.Notifier;
import rootzone.node.xfr.NotifyTarget;
import rootzone.node.xfr.TransferAcl;
import rootzone.node.xfr.ZoneTransferHandler;
import rootzone.node.witness.LogFollower;
import rootzone.node.witness.NodeWitness;
import rootzone.node.witness.VersionCosigner;
import rootzone.node.witness.WitnessFiles;
import rootzone.tlog.note.NoteSigner;
import rootzone.tlog.note.VerifierKey;
import rootzone.tlog.tile.MemoryTileStore;
import rootzone.tlog.tile.TiledLog;
import rootzone.tlog.witness.Witness;
import rootzone.zone.TrustAnchors;
import rootzone.zone.ZoneException;

/**
 * Wires the node: provision topics (best effort: Kafka may be down), serve the local snapshot (read
 * while Quarkus booted: {@link NodeMain}), open the DNS server, then materialize from Kafka on a
 * background thread. Closed in reverse order.
 */
@ApplicationScoped
public class ServingNode {

    private static final Logger LOG = Logger.getLogger(ServingNode.class);

    @Inject
    NodeConfig config;

    @Inject
    NodeMetrics metrics;

    @ConfigProperty(name = KafkaConnection.CONFIG_FILE_PROPERTY)
    Optional<String> kafkaConfig;

    @ConfigProperty(name = KafkaConnection.BOOTSTRAP_PROPERTY)
    Optional<String> bootstrapServers;

    private KafkaConnection kafka;

    /** Set at start, not here: the bean's client proxy runs field initializers too, and would take NodeMain's. */
    private volatile ServedZone served;
    private final QueryStats stats = new QueryStats();
    private DnsServer server;
    private Materializer materializer;
    private Notifier notifier;
    private ZoneTransferHandler transfers;
    private Optional<NodeWitness> witness = Optional.empty();
    private VerifierKey logKey;
    private LogFollower logFollower;
    private final java.time.Instant startedAt = java.time.Instant.now();
    /** Last time the node knew it served the newest committed version. */
    private volatile java.time.Instant lastCurrent;
    private volatile rootzone.eventlog.KafkaReachability reach;

    void start(@Observes StartupEvent ignored) throws IOException {
        if (io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.NORMAL) {
            rootzone.eventlog.BoundedShutdown.install("serving node"); // exits within 10 s of SIGTERM, brokers or not
        }
        long t0 = System.nanoTime();
        served = NodeMain.servedZone();
        String zone = ZoneKeys.normalize(config.zone());
        kafka = KafkaConnection.configured(kafkaConfig, bootstrapServers);
        NodePolicy policy = policy();
        PublisherTrust trust = PublisherTrust.configured(config.trustedPublisherKeys().orElse(List.of()));
        LOG.infof("serving only versions signed by publisher keys %s", trust.keys().keyIds());
        Optional<TsigKey> key = config.transfer().tsigKey().map(TsigKey::parse);
        TransferAcl acl = new TransferAcl(config.transfer().allow().orElse(List.of()).stream().map(AddressPrefix::parse).toList(), key);
        IxfrJournal journal = new IxfrJournal(config.transfer().ixfrJournal());
        transfers = new ZoneTransferHandler(acl, journal);
        notifier = new Notifier(config.notifications().targets().orElse(List.of()).stream().map(NotifyTarget::parse).toList(), key,
                config.notifications().attempts(), config.notifications().timeout());
        witness = openWitness(zone);
        List<MaterializerListener> listeners = new ArrayList<>(List.of(journal, notifier, metrics));
        // Once the log is followed, before a version is read from it: the first versions then find the apply
        // path compiled (issue 14). A ServedZone of its own, never served: after the first round each switch
        // is the incremental one a version takes.
        if (config.warmUp()) {
            listeners.add(new rootzone.node.materialize.ApplyWarmUp(policy, Clock.systemUTC(), new ServedZone()::switchTo));
        }
        // Cosigning runs on the node-events thread, after the switch: never on the apply path.
        NodeEventQueue.Cosigner cosigner = witness.<NodeEventQueue.Cosigner>map(w -> new VersionCosigner(w, config.log().cosignWait())::cosign)
                .orElse(NodeEventQueue.Cosigner.NONE);
        NodeEventQueue events = new NodeEventQueue(zone, new NodeEventWriter(kafka, config.id(), zone), cosigner, config.retryPause());
        materializer = new Materializer(zone, new KafkaVersionSource(zone, new VersionLog(kafka, trust.keys()),
                new SnapshotReader(kafka, trust.keys())), new CommittedVersions(kafka, zone, config.retryPause()), policy, served,
                NodeMain.localStore(Path.of(config.dataDir()), zone), events, Clock.systemUTC(), config.retryPause(), listeners);

        boolean local = materializer.restoreLocal();
        // The transfer key also signs ordinary queries' answers (RFC 8945), as NSD does with its keys.
        QueryTsig queryKeys = new QueryTsig(key.stream().toList(), Clock.systemUTC());
        server = new DnsServer(served, AnswerConfig.defaults(identity()).withTsig(queryKeys), stats, transfers, options());
        server.start();
        if (local) {
            LOG.infof("serving serial %d from the local snapshot %d ms after start (the process started %d ms ago)",
                    served.servedSerial(), (System.nanoTime() - t0) / 1_000_000, processAgeMillis());
        }
        // The log first: what follows is not needed to serve, and making the reachability check's admin
        // client alone took ~120 ms of a start from Kafka.
        materializer.start();
        // Health from asking the log, not from the consumer, whose poll is silent while Kafka is away.
        // Started only now: its admin client is not needed to answer from the local snapshot.
        reach = rootzone.eventlog.KafkaReachability.start(kafka, rootzone.events.Topics.VERSIONS, Duration.ofSeconds(2),
                Clock.systemUTC(), this::freshness);
        // Off the start-up thread: with Kafka away the admin calls wait for minutes, and Quarkus holds a
        // SIGTERM until start-up is over. The node serves its local version meanwhile.
        LogThread.daemons("topic-check").newThread(this::checkTopics).start();
        metrics.bind(this);
        witness.ifPresent(w -> logFollower = LogFollower.start(kafka, logKey, w));
        LOG.infof("node %s serves %s on %s port %d (UDP I/O %s); following %s at %s", config.id(), zone,
                config.dns().address(), server.port(), server.udpIo(), zone, kafka);
    }

    /**
     * The node's witness of its zone's log when rootzone.node.log.key is set: its key (made at first
     * start), its state and a tree of the log's entries kept in memory, rebuilt from the topic at start.
     */
    private Optional<NodeWitness> openWitness(String zone) throws IOException {
        if (config.log().key().isEmpty()) {
            LOG.infof("no rootzone.node.log.key: node %s witnesses no transparency log", config.id());
            return Optional.empty();
        }
        logKey = WitnessFiles.logKey(config.log().key().get());
        Path data = Path.of(config.dataDir());
        NoteSigner signer = WitnessFiles.ensureKey(data, WitnessFiles.witnessName(config.log().originPrefix(), config.id()));
        Witness w = new Witness(WitnessFiles.stateFile(data, logKey.name()), signer, logKey, Clock.systemUTC());
        LOG.infof("node %s witnesses %s as %s", config.id(), logKey.name(), w.verifierKey().text());
        return Optional.of(new NodeWitness(w, TiledLog.open(new MemoryTileStore())));
    }

    private void checkTopics() {
        try {
            LogTopics.check(kafka, Role.node(config.id()));
        } catch (RuntimeException e) {
            // The node serves its local snapshot without Kafka; the materializer retries the log.
            LOG.warnf("cannot check topics at %s now: %s", kafka, e.getMessage());
        }
    }

    private NodePolicy policy() {
        NodeConfig.Policy p = config.policy();
        List<org.xbill.DNS.Record> anchors = List.of();
        if (p.trustAnchorFile().isPresent()) {
            try {
                anchors = TrustAnchors.read(Path.of(p.trustAnchorFile().get()));
            } catch (ZoneException e) {
                throw new IllegalStateException("rootzone.node.policy.trust-anchor-file: " + e.getMessage(), e);
            }
        }
        return new NodePolicy(new rootzone.zone.VersionPolicy(p.requireZonemd() ? rootzone.zone.VersionPolicy.Zonemd.REQUIRE
                : rootzone.zone.VersionPolicy.Zonemd.VERIFY_IF_PRESENT, p.requireDnssec() ? rootzone.zone.VersionPolicy.Dnssec.REQUIRE
                : rootzone.zone.VersionPolicy.Dnssec.IGNORE, anchors, java.util.Set.of()));
    }

    /** Time since the process began (what an operator waits for), not since Quarkus called start(). */
    private static long processAgeMillis() {
        return ProcessHandle.current().info().startInstant().map(i -> java.time.Duration.between(i, java.time.Instant.now()).toMillis())
                .orElse(-1L);
    }

    private NodeIdentity identity() {
        NodeConfig.Chaos c = config.chaos();
        return new NodeIdentity(c.idServer().orElse(null), c.hostname().orElse(null), c.version().orElse(null));
    }

    private DnsServer.Options options() {
        InetAddress address = AddressPrefix.parse(config.dns().address()).network();
        int threads = config.dns().udpThreads() > 0 ? config.dns().udpThreads() : Runtime.getRuntime().availableProcessors();
        return new DnsServer.Options(address, config.dns().port(), threads, config.dns().tcpConnections(), Duration.ofSeconds(10),
                config.dns().udpIo());
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (reach != null) {
            reach.close();
        }
        if (materializer != null) {
            materializer.close();
        }
        if (logFollower != null) {
            logFollower.close();
        }
        if (notifier != null) {
            notifier.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** How current the answers are (and, as a side effect, when the node was last known current). */
    public NodeFreshness freshness() {
        NodeStatus s = status();
        java.time.Instant now = java.time.Instant.now();
        boolean reachable = reach != null && reach.reachable();
        if (reachable && s.serving() && s.behind() == 0) {
            lastCurrent = now;
        }
        ServedZone zone = served;
        var index = zone == null ? null : zone.current();
        long expire = index == null || index.zone().soa() == null ? 0 : index.zone().soa().getExpire();
        return NodeFreshness.of(s, reachable, reach == null ? java.util.Optional.empty() : reach.lastContact(),
                java.util.Optional.ofNullable(lastCurrent), startedAt, expire, now);
    }

    public NodeStatus status() {
        return materializer == null ? NodeStatus.NOTHING : materializer.status();
    }

    public String nodeId() {
        return config.id();
    }

    public String zone() {
        return ZoneKeys.normalize(config.zone());
    }

    public QueryStats queryStats() {
        return stats;
    }

    public ZoneTransferHandler transfers() {
        return transfers;
    }

    public Notifier notifier() {
        return notifier;
    }

    /** The DNS port bound (differs from the configured one when 0 was asked). */
    public int dnsPort() {
        if (server == null) {
            throw new UncheckedIOException(new IOException("DNS server not started"));
        }
        return server.port();
    }

    public Path dataDir() {
        return Path.of(config.dataDir());
    }

    /** The node's witness of its zone's log, when it is one. */
    public Optional<NodeWitness> witness() {
        return witness;
    }

    public int pendingEvents() {
        return materializer == null ? 0 : materializer.pendingEvents();
    }
}
