package rootzone.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.KafkaUsers;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleCredentials;

/**
 * A local KRaft cluster of N brokers on loopback, each its own process, in combined mode: every
 * broker is also one of the N controller voters (a static quorum, {@code controller.quorum.voters}),
 * so a 3-broker cluster keeps both its metadata quorum and its data with any one process dead.
 *
 * <p>The layout, written once into {@code <dir>/cluster.properties} (0600) and kept, is what the
 * brokers must agree on across restarts: the cluster id, every broker's client, inter-broker and
 * controller ports, and the password of the brokers' own identity (SASL PLAIN on the inter-broker and
 * controller listeners, as for the single {@link EmbeddedKafkaBroker}). Broker {@code i} keeps its
 * data in {@code <dir>/broker-i}.
 *
 * <p>Optionally each broker also has a <em>proxied</em> client listener, advertised at
 * {@code proxyFirstPort + i} but bound to a port of its own ({@code broker.i.proxied.port}): a client
 * that bootstraps there reaches the brokers only through whatever forwards those ports to the bound
 * ones, e.g. the fault suite's TCP proxy, which can then cut that one client off from the cluster.
 */
public final class ClusterLayout {

    static final String HOST = "127.0.0.1";
    private static final String FILE = "cluster.properties";
    /** The broker process's main class: {@code ClusterBrokerMain DIR INDEX} runs broker INDEX of the layout in DIR. */
    public static final String BROKER_MAIN = ClusterBrokerMain.class.getName();

    private final Path dir;
    private final int brokers;
    private final String clusterId;
    private final String brokerPassword;
    private final int[] clientPorts;
    private final int[] internalPorts;
    private final int[] controllerPorts;
    /** First advertised port of the proxied listeners, 0 when there are none. */
    private final int proxyFirstPort;
    private final int[] proxiedPorts;

    private ClusterLayout(Path dir, int brokers, String clusterId, String brokerPassword, int[] client, int[] internal, int[] controller,
                          int proxyFirstPort, int[] proxied) {
        this.dir = dir;
        this.proxyFirstPort = proxyFirstPort;
        this.proxiedPorts = proxied;
        this.brokers = brokers;
        this.clusterId = clusterId;
        this.brokerPassword = brokerPassword;
        this.clientPorts = client;
        this.internalPorts = internal;
        this.controllerPorts = controller;
    }

    /**
     * The layout in {@code dir}, made on first use: {@code brokers} brokers whose client ports are
     * {@code firstClientPort + i} (free ports when 0); the other ports are chosen free once, below the
     * ephemeral range ({@link #keptPort}), as later starts bind them again.
     *
     * @throws IllegalArgumentException when {@code dir} holds a cluster of another size
     */
    public static ClusterLayout ensure(Path dir, int brokers, int firstClientPort) {
        return ensure(dir, brokers, firstClientPort, 0);
    }

    /**
     * As {@link #ensure(Path, int, int)}, with proxied listeners advertised at {@code proxyFirstPort + i}
     * (none when 0). Listeners are not part of the data, so an existing layout takes the new setting.
     */
    public static synchronized ClusterLayout ensure(Path dir, int brokers, int firstClientPort, int proxyFirstPort) {
        if (brokers < 1 || brokers > 9) {
            throw new IllegalArgumentException("a local cluster has 1 to 9 brokers, not " + brokers);
        }
        Path file = dir.resolve(FILE);
        try {
            if (Files.isRegularFile(file)) {
                ClusterLayout existing = load(dir);
                if (existing.brokers != brokers) {
                    throw new IllegalArgumentException(dir + " holds a " + existing.brokers + "-broker cluster, not " + brokers
                            + " (its data would not match; use another data directory)");
                }
                if (existing.proxyFirstPort == proxyFirstPort) {
                    return existing;
                }
                ClusterLayout changed = new ClusterLayout(dir, brokers, existing.clusterId, existing.brokerPassword, existing.clientPorts,
                        existing.internalPorts, existing.controllerPorts, proxyFirstPort, proxiedPorts(brokers, proxyFirstPort));
                changed.store(file);
                return changed;
            }
            int[] client = new int[brokers];
            int[] internal = new int[brokers];
            int[] controller = new int[brokers];
            java.util.Set<Integer> taken = new java.util.HashSet<>();
            for (int i = 0; i < brokers; i++) {
                client[i] = firstClientPort != 0 ? firstClientPort + i : EmbeddedKafkaBroker.freePort();
                taken.add(client[i]);
            }
            for (int i = 0; i < brokers; i++) {
                internal[i] = keptPort(taken);
                controller[i] = keptPort(taken);
            }
            String id;
            do {
                id = Uuid.randomUuid().toString();
            } while (id.startsWith("-")); // the storage tool's parser takes it for an option
            ClusterLayout layout = new ClusterLayout(dir, brokers, id, KafkaUsers.randomPassword(), client, internal, controller,
                    proxyFirstPort, proxiedPorts(brokers, proxyFirstPort));
            layout.store(file);
            return layout;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cluster layout in " + dir, e);
        }
    }

    private static int[] proxiedPorts(int brokers, int proxyFirstPort) throws IOException {
        int[] ports = new int[proxyFirstPort == 0 ? 0 : brokers];
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        for (int i = 0; i < ports.length; i++) {
            ports[i] = keptPort(taken);
        }
        return ports;
    }

    /** Where the ports a layout keeps are chosen: below the ephemeral range and the benches' and chaos suite's ports. */
    static final int KEPT_FIRST = 10_000;
    static final int KEPT_END = 15_000;

    /**
     * A port free now that later starts bind again: outside the kernel's ephemeral range (Linux 32768-60999),
     * where any outgoing connection may hold it by then, and outside the fixed ports of the benches
     * (15000-19999) and of the chaos suite (20000-32220). Random in the range, so that clusters made at the same
     * time differ; added to {@code taken}.
     */
    static int keptPort(java.util.Set<Integer> taken) throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(KEPT_FIRST, KEPT_END);
            if (taken.contains(port)) {
                continue;
            }
            try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getByName(EmbeddedKafkaBroker.HOST))) {
                taken.add(port);
                return port;
            } catch (IOException inUse) {
                // try another
            }
        }
        throw new IOException("no free port in " + KEPT_FIRST + "-" + (KEPT_END - 1) + " for the cluster layout");
    }

    /** The layout written in {@code dir}. */
    public static ClusterLayout load(Path dir) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(FILE))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster layout " + dir.resolve(FILE), e);
        }
        int n = Integer.parseInt(p.getProperty("brokers"));
        int proxy = Integer.parseInt(p.getProperty("proxy.first.port", "0"));
        return new ClusterLayout(dir, n, p.getProperty("cluster.id"), p.getProperty("broker.password"),
                ports(p, "client", n), ports(p, "internal", n), ports(p, "controller", n), proxy, proxy == 0 ? new int[0] : ports(p, "proxied", n));
    }

    private static int[] ports(Properties p, String kind, int n) {
        return IntStream.range(0, n).map(i -> Integer.parseInt(p.getProperty("broker." + i + "." + kind + ".port"))).toArray();
    }

    private void store(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("brokers", Integer.toString(brokers));
        p.setProperty("cluster.id", clusterId);
        p.setProperty("broker.password", brokerPassword);
        for (int i = 0; i < brokers; i++) {
            p.setProperty("broker." + i + ".client.port", Integer.toString(clientPorts[i]));
            p.setProperty("broker." + i + ".internal.port", Integer.toString(internalPorts[i]));
            p.setProperty("broker." + i + ".controller.port", Integer.toString(controllerPorts[i]));
        }
        if (proxyFirstPort != 0) {
            p.setProperty("proxy.first.port", Integer.toString(proxyFirstPort));
            for (int i = 0; i < brokers; i++) {
                p.setProperty("broker." + i + ".proxied.port", Integer.toString(proxiedPorts[i]));
            }
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "rootzone local Kafka cluster layout: the brokers' shared identity, keep private");
        }
    }

    public Path dir() {
        return dir;
    }

    public int brokers() {
        return brokers;
    }

    public String clusterId() {
        return clusterId;
    }

    /** The name of broker {@code i}'s process: its log and pid file. */
    public static String brokerName(int i) {
        return "broker-" + i;
    }

    Path brokerDir(int i) {
        return dir.resolve(brokerName(i));
    }

    int clientPort(int i) {
        return clientPorts[i];
    }

    int internalPort(int i) {
        return internalPorts[i];
    }

    int controllerPort(int i) {
        return controllerPorts[i];
    }

    /** Broker {@code i}'s proxied listener: bound port and advertised port, if the layout has them. */
    java.util.Optional<int[]> proxied(int i) {
        return proxyFirstPort == 0 ? java.util.Optional.empty() : java.util.Optional.of(new int[] {proxiedPorts[i], proxyFirstPort + i});
    }

    /** The proxied listeners' advertised addresses, for the bootstrap.servers of a client that must go through the proxy. */
    public String proxiedBootstrapServers() {
        if (proxyFirstPort == 0) {
            throw new IllegalStateException("the cluster in " + dir + " has no proxied listeners");
        }
        return String.join(",", IntStream.range(0, brokers).mapToObj(i -> HOST + ":" + (proxyFirstPort + i)).toList());
    }

    String brokerPassword() {
        return brokerPassword;
    }

    /** controller.quorum.voters: every broker is a voter (combined mode). */
    String voters() {
        List<String> v = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            v.add(i + "@" + HOST + ":" + controllerPorts[i]);
        }
        return String.join(",", v);
    }

    /** Every broker's client listener (SASL SCRAM-SHA-512), for clients' bootstrap.servers. */
    public String bootstrapServers() {
        List<String> v = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            v.add(HOST + ":" + clientPorts[i]);
        }
        return String.join(",", v);
    }

    /** The brokers' own identity, on their inter-broker listeners: creates the admin role. */
    KafkaConnection superUser() {
        List<String> v = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            v.add(HOST + ":" + internalPorts[i]);
        }
        return KafkaConnection.of(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",", v),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, EmbeddedKafkaBroker.plainJaas(brokerPassword, false)));
    }

    /**
     * The command that runs broker {@code i} as a process of its own, from {@code classPath}.
     *
     * @param jvmOptions e.g. the heap size
     */
    public List<String> brokerCommand(int i, String classPath, List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath, BROKER_MAIN, dir.toAbsolutePath().toString(), Integer.toString(i)));
        return cmd;
    }

    /**
     * Waits until all brokers have joined, then creates the admin role's user and ACLs and writes
     * its client properties to {@code adminFile} (its password kept when the file exists).
     *
     * @param alive checked while waiting: false when a broker process has died
     * @return the admin's connection
     */
    public KafkaConnection awaitAndEnsureAdmin(Path adminFile, Duration timeout, java.util.function.BooleanSupplier alive) {
        Map<String, Object> p = superUser().clientProperties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + timeout.toNanos();
        int joined = 0;
        try (Admin admin = Admin.create(p)) {
            while (true) {
                if (!alive.getAsBoolean()) {
                    throw new IllegalStateException("a broker of the cluster in " + dir + " exited while starting");
                }
                try {
                    joined = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    if (joined == brokers) {
                        return RoleCredentials.ensure(admin, KafkaConnection.plaintext(bootstrapServers()), adminFile, Role.ADMIN);
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // quorum not formed yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Kafka cluster in " + dir + " has " + joined + " of " + brokers
                            + " brokers after " + timeout.toSeconds() + " s; see the brokers' logs");
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka cluster", e);
        }
    }
}
