package rootzone.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.utils.Time;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.KafkaUsers;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleCredentials;
import rootzone.events.Topics;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one process) running inside
 * this JVM: the same server code as a production broker, with settings for one node.
 *
 * <p>Two flavours: {@link #temporary()} (fresh data directory, deleted on close: tests) and
 * {@link #persistent(Path, int)} (data kept across restarts: local runs; the directory is formatted
 * only when it has no meta.properties, so its cluster id survives restarts).
 *
 * <p>Listens on 127.0.0.1 only. Topics are not auto-created: they must be created with their declared
 * configuration (kafka-access TopicProvisioner), so a typo in a topic name fails instead of silently
 * creating a topic with the wrong retention.
 *
 * <p>Secured as a production cluster should be: clients authenticate with SASL SCRAM-SHA-512 on the
 * client listener, and Kafka's own StandardAuthorizer denies whatever no ACL allows
 * ({@code allow.everyone.if.no.acl.found=false}). The broker's own identity ({@value #SUPER_USER}, the
 * only super user) authenticates with SASL PLAIN on two loopback listeners of its own, inter-broker
 * and controller, with a password made at random on every start and known only to this process: SCRAM
 * credentials live in the metadata log, which the controller listener must work without. At start
 * the broker creates the admin role's user and ACLs (kafka-access RoleAcls) and writes the admin's
 * client properties to the admin file (0600); everything else is the admin's job. TLS is not used on
 * loopback; for a cluster across machines use SASL_SSL (docs/security.md).
 */
public final class EmbeddedKafkaBroker implements LocalKafka {

    static {
        // Quiet by default when the caller's binding is slf4j-simple; an explicit setting wins.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    static final String HOST = "127.0.0.1";
    /** The broker's own principal name: inter-broker and controller connections, the only super user. */
    static final String SUPER_USER = "broker";
    private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    /** A broker process exits within this of SIGTERM: inside the 10 s a supervisor allows before SIGKILL. */
    static final Duration PROCESS_SHUTDOWN_BOUND = Duration.ofSeconds(8);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path dataDir;
    private final boolean temporary;
    private final int requestedPort;
    private final Path adminFile;
    /** The cluster this broker is one member of, or null for a single-node broker. */
    private final ClusterLayout layout;
    private final int index;
    private volatile KafkaRaftServer server;
    private volatile int port;
    private volatile String clusterId;
    private volatile KafkaConnection superUser;
    private volatile KafkaConnection admin;

    private EmbeddedKafkaBroker(Path dataDir, boolean temporary, int port, Path adminFile) {
        this(dataDir, temporary, port, adminFile, null, 0);
    }

    private EmbeddedKafkaBroker(Path dataDir, boolean temporary, int port, Path adminFile, ClusterLayout layout, int index) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("not a TCP port: " + port);
        }
        this.dataDir = dataDir.toAbsolutePath();
        this.temporary = temporary;
        this.requestedPort = port;
        this.adminFile = adminFile == null ? null : adminFile.toAbsolutePath();
        this.layout = layout;
        this.index = index;
    }

    /**
     * Broker {@code index} of a multi-broker cluster (node id = index, a controller voter too): its
     * ports, identity and cluster id come from the layout, its data is kept in the layout's
     * {@code broker-<index>}. It creates no users: the cluster's starter does, once every broker has
     * joined ({@link ClusterLayout#awaitAndEnsureAdmin}).
     */
    public static EmbeddedKafkaBroker member(ClusterLayout layout, int index) {
        if (index < 0 || index >= layout.brokers()) {
            throw new IllegalArgumentException("broker " + index + " is not in the " + layout.brokers() + "-broker cluster");
        }
        return new EmbeddedKafkaBroker(layout.brokerDir(index), false, layout.clientPort(index), null, layout, index);
    }

    /** A broker on a free port with a fresh data directory that {@link #close()} deletes. */
    public static EmbeddedKafkaBroker temporary() {
        try {
            Path dir = Files.createTempDirectory("rootzone-kafka-");
            return new EmbeddedKafkaBroker(dir, true, 0, dir.resolve("admin.properties"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary Kafka data directory", e);
        }
    }

    /**
     * A broker whose data lives in {@code dataDir} and survives restarts.
     *
     * @param port the client port, 0 for a free one
     * @param adminFile where the admin role's client properties are written; when it exists, its
     *     password is kept, so the admin's credential survives restarts
     */
    public static EmbeddedKafkaBroker persistent(Path dataDir, int port, Path adminFile) {
        return new EmbeddedKafkaBroker(dataDir, false, port, adminFile);
    }

    /**
     * Formats the data directory if needed, starts the broker and waits until it answers
     * (Admin.describeCluster lists a node).
     *
     * @throws IllegalStateException when already started, or when the broker does not come up
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            throw new IllegalStateException("broker already started at " + bootstrapServers());
        }
        try {
            Files.createDirectories(dataDir);
            int clientPort = requestedPort != 0 ? requestedPort : freePort();
            // Single node: the controller port is internal to this process and not recorded in the
            // metadata log (static quorum), so a fresh one on every start is fine. A cluster's members
            // must find each other: their ports and identity are the layout's.
            int controllerPort = layout != null ? layout.controllerPort(index) : freePort();
            int internalPort = layout != null ? layout.internalPort(index) : freePort();
            String brokerPassword = layout != null ? layout.brokerPassword() : KafkaUsers.randomPassword();
            Properties props = serverProperties(clientPort, internalPort, controllerPort, brokerPassword);
            Path configFile = dataDir.resolve("server.properties");
            // It holds this start's broker password: owner only, like every credential file.
            Files.deleteIfExists(configFile);
            Files.createFile(configFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(configFile)) {
                props.store(out, "written by rootzone EmbeddedKafkaBroker on every start");
            }
            format(configFile);
            KafkaConfig config = new KafkaConfig(props, false);
            KafkaRaftServer raft = new KafkaRaftServer(config, Time.SYSTEM);
            this.port = clientPort;
            this.clusterId = readClusterId();
            this.superUser = KafkaConnection.of(Map.of(
                    CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + internalPort,
                    CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                    SaslConfigs.SASL_MECHANISM, "PLAIN",
                    SaslConfigs.SASL_JAAS_CONFIG, plainJaas(brokerPassword, false)));
            this.server = raft; // before startup(), so a failed start is still shut down
            raft.startup();
            awaitReady();
            if (layout == null) {
                try (Admin client = Admin.create(superUser.clientProperties())) {
                    this.admin = RoleCredentials.ensure(client, KafkaConnection.plaintext(bootstrapServers()), adminFile, Role.ADMIN);
                }
            }
            return this;
        } catch (IOException e) {
            stopQuietly();
            throw new UncheckedIOException("cannot start the embedded Kafka broker in " + dataDir, e);
        } catch (RuntimeException e) {
            stopQuietly();
            throw e;
        }
    }

    /** A client listener's JAAS line: SCRAM users come from the metadata log. */
    private static final String SCRAM_SERVER_JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required;";

    /** The broker's own JAAS line: as a server it accepts only itself, as a client it logs in as itself. */
    static String plainJaas(String password, boolean server) {
        return PLAIN_LOGIN + " required username=\"" + SUPER_USER + "\" password=\"" + password + "\""
                + (server ? " user_" + SUPER_USER + "=\"" + password + "\"" : "") + ";";
    }

    private Properties serverProperties(int clientPort, int internalPort, int controllerPort, String brokerPassword) {
        Properties p = new Properties();
        int brokers = layout != null ? layout.brokers() : 1;
        // Internal topics (transactions, offsets) as durable as the contract's topics (Topics).
        String replicas = Short.toString(Topics.replicationFactor(brokers));
        String minInsync = Topics.durability(Topics.replicationFactor(brokers)).get("min.insync.replicas");
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", layout != null ? Integer.toString(index) : "1"),
                Map.entry("controller.quorum.voters", layout != null ? layout.voters() : "1@" + HOST + ":" + controllerPort),
                Map.entry("listeners", "CLIENT://" + HOST + ":" + clientPort + ",INTERNAL://" + HOST + ":" + internalPort
                        + ",CONTROLLER://" + HOST + ":" + controllerPort),
                Map.entry("advertised.listeners", "CLIENT://" + HOST + ":" + clientPort + ",INTERNAL://" + HOST + ":" + internalPort),
                Map.entry("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "INTERNAL"),
                // Clients: SCRAM-SHA-512 only (the users and their credentials are in the metadata log).
                Map.entry("listener.name.client.sasl.enabled.mechanisms", KafkaConnection.SCRAM_SHA_512),
                Map.entry("listener.name.client.scram-sha-512.sasl.jaas.config",
                        SCRAM_SERVER_JAAS),
                // The broker itself: PLAIN with a static JAAS user, no metadata needed to log in.
                Map.entry("sasl.mechanism.inter.broker.protocol", "PLAIN"),
                Map.entry("sasl.mechanism.controller.protocol", "PLAIN"),
                Map.entry("listener.name.internal.sasl.enabled.mechanisms", "PLAIN"),
                Map.entry("listener.name.internal.plain.sasl.jaas.config", plainJaas(brokerPassword, true)),
                Map.entry("listener.name.controller.sasl.enabled.mechanisms", "PLAIN"),
                Map.entry("listener.name.controller.plain.sasl.jaas.config", plainJaas(brokerPassword, true)),
                // Deny by default: only the role ACLs allow anything, and the broker itself is the super user.
                Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
                Map.entry("allow.everyone.if.no.acl.found", "false"),
                Map.entry("super.users", "User:" + SUPER_USER),
                Map.entry("log.dirs", dataDir.resolve("logs").toString()),
                Map.entry("metadata.log.dir", dataDir.resolve("metadata").toString()),
                Map.entry("offsets.topic.replication.factor", replicas),
                Map.entry("transaction.state.log.replication.factor", replicas),
                Map.entry("transaction.state.log.min.isr", minInsync),
                Map.entry("share.coordinator.state.topic.replication.factor", replicas),
                Map.entry("share.coordinator.state.topic.min.isr", minInsync),
                Map.entry("default.replication.factor", replicas),
                Map.entry("min.insync.replicas", minInsync),
                Map.entry("unclean.leader.election.enable", "false"),
                // A killed broker is fenced, and its partitions led elsewhere, within seconds.
                Map.entry("broker.session.timeout.ms", "6000"),
                Map.entry("broker.heartbeat.interval.ms", "1000"),
                // Few partitions for internal topics: creating 50 + 50 of them costs seconds on 2 cores.
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("share.coordinator.state.topic.num.partitions", "3"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // The default dedupe buffer takes 128 MiB of heap.
                Map.entry("log.cleaner.dedupe.buffer.size", "2097152"),
                Map.entry("log.cleaner.threads", "1"),
                // Transactions: a crashed writer's open transaction is aborted within seconds, not minutes.
                Map.entry("transaction.max.timeout.ms", "900000"),
                Map.entry("transaction.abort.timed.out.transaction.cleanup.interval.ms", "5000"),
                Map.entry("transaction.remove.expired.transaction.cleanup.interval.ms", "60000"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "1"),
                Map.entry("num.network.threads", "2"),
                Map.entry("num.io.threads", "4"),
                Map.entry("background.threads", "2")));
        if (layout != null) {
            // A second client listener, reached only through a proxy at its advertised port (ClusterLayout).
            layout.proxied(index).ifPresent(ports -> {
                p.setProperty("listeners", p.getProperty("listeners") + ",PROXIED://" + HOST + ":" + ports[0]);
                p.setProperty("advertised.listeners", p.getProperty("advertised.listeners") + ",PROXIED://" + HOST + ":" + ports[1]);
                p.setProperty("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + ",PROXIED:SASL_PLAINTEXT");
                p.setProperty("listener.name.proxied.sasl.enabled.mechanisms", KafkaConnection.SCRAM_SHA_512);
                p.setProperty("listener.name.proxied.scram-sha-512.sasl.jaas.config", SCRAM_SERVER_JAAS);
            });
        }
        return p;
    }

    /** Formats the directories unless meta.properties shows they already are (re-format would fail). */
    private void format(Path configFile) {
        if (Files.exists(dataDir.resolve("metadata").resolve("meta.properties"))) {
            return;
        }
        String id;
        if (layout != null) {
            id = layout.clusterId(); // every member formatted with the one cluster id
        } else {
            do {
                id = Uuid.randomUuid().toString();
            } while (id.startsWith("-")); // the tool's argument parser takes it for an option
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "-t", id, "-c", configFile.toString(), "--ignore-formatted"}, out);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting " + dataDir + " failed (" + rc + "): "
                    + captured.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private String readClusterId() throws IOException {
        Properties meta = new Properties();
        try (var in = Files.newInputStream(dataDir.resolve("metadata").resolve("meta.properties"))) {
            meta.load(in);
        }
        return meta.getProperty("cluster.id");
    }

    private void awaitReady() {
        Map<String, Object> p = superUser.clientProperties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // not answering yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("embedded Kafka broker at " + bootstrapServers()
                            + " did not become ready within " + READY_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded Kafka broker", e);
        }
    }

    /**
     * Installs the shutdown hook of a broker process: the broker is closed on SIGTERM, but the process
     * exits within {@link #PROCESS_SHUTDOWN_BOUND} even when the close hangs (a controlled shutdown
     * waits for a controller quorum that may be gone), so a supervisor's stop is bounded.
     */
    void closeOnExit(Runnable after) {
        Duration bound = PROCESS_SHUTDOWN_BOUND;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Thread closer = new Thread(() -> {
                close();
                after.run();
            }, "kafka-close");
            closer.setDaemon(true);
            closer.start();
            try {
                closer.join(bound.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (closer.isAlive()) {
                System.err.println(this + " did not shut down within " + bound.toSeconds() + " s: halting");
                Runtime.getRuntime().halt(1);
            }
        }, "kafka-shutdown"));
    }

    /**
     * The admin role's connection (created at start): it creates topics and the other roles' users
     * and ACLs (kafka-access RoleCredentials).
     */
    @Override
    public KafkaConnection adminConnection() {
        KafkaConnection a = admin;
        if (a == null) {
            throw new IllegalStateException("broker not started");
        }
        return a;
    }

    /** host:port of the client listener (SASL SCRAM-SHA-512), for the bootstrap.servers setting of clients. */
    @Override
    public String bootstrapServers() {
        if (port == 0) {
            throw new IllegalStateException("broker not started");
        }
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The cluster id stored in the data directory's meta.properties (stable across restarts). */
    public String clusterId() {
        return clusterId;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Blocks until the broker has shut down (e.g. from another thread's {@link #close()}). */
    public void awaitShutdown() {
        KafkaRaftServer s = server;
        if (s != null) {
            s.awaitShutdown();
        }
    }

    /** Stops the broker (controlled shutdown) and, for a temporary broker, deletes its data. */
    @Override
    public synchronized void close() {
        stopQuietly();
        if (temporary) {
            deleteRecursively(dataDir);
        }
    }

    private void stopQuietly() {
        KafkaRaftServer s = server;
        server = null;
        admin = null;
        if (s != null) {
            s.shutdown();
            s.awaitShutdown();
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a leftover temp directory is not worth failing a test run for.
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + (port == 0 ? "not started" : bootstrapServers()) + ", " + dataDir + "]";
    }
}
