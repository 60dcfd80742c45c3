package rootzone.cli.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rootzone.kafka.ClusterLayout;
import rootzone.kafka.access.KafkaSetupException;
import rootzone.kafka.access.Role;

/**
 * Runs the whole system locally in the foreground: the embedded Kafka broker, or with --brokers N a
 * cluster of N broker processes (KRaft combined mode, kafka-embedded ClusterLayout), unless
 * --bootstrap names a cluster; the publisher, N serving nodes, the auditor and the coordination
 * service, each a child JVM with its log in .rootzone/logs and its pid in .rootzone/run/NAME.pid.
 * Each service connects to Kafka as its own role (KafkaCredentials). A process that dies is reported
 * and restarted, nothing else stopped (Supervisor). Ctrl-C stops them all, services first, the
 * brokers last, each within 10 s.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the embedded Kafka broker and every service in the foreground; Ctrl-C stops all.")
public final class UpCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--data", defaultValue = ".rootzone", description = "Local state: Kafka data, node snapshots, logs (default: ${DEFAULT-VALUE}).")
    Path data;
    @Option(names = "--bootstrap", description = "Use this Kafka cluster instead of starting the embedded broker.")
    String bootstrap;
    @Option(names = "--kafka-config", description = "Standard Kafka client properties (SASL, TLS) of a principal that may create "
            + "topics, users and ACLs on the --bootstrap cluster; each service then gets a user of its own.")
    Path kafkaConfig;
    @Option(names = "--kafka-port", defaultValue = "9092", description = "Client port of the (first) embedded broker; broker i uses port + i.")
    int kafkaPort;
    @Option(names = "--brokers", defaultValue = "1", description = "Embedded brokers: 1 (in one process), or a KRaft cluster of N "
            + "processes, each a broker and a controller voter (default: ${DEFAULT-VALUE}).")
    int brokers;
    @Option(names = "--publisher-port", defaultValue = "8081") int publisherPort;
    @Option(names = "--dns-address", defaultValue = "127.0.0.1") String dnsAddress;
    @Option(names = "--dns-port", defaultValue = "5353", description = "DNS port (UDP and TCP) of the first node; node i uses port + i.")
    int dnsPort;
    @Option(names = "--node-http-port", defaultValue = "8082", description = "HTTP port of the first node; node i uses port + 100 * i.")
    int nodeHttpPort;
    @Option(names = "--auditor-port", defaultValue = "8083") int auditorPort;
    @Option(names = "--coordination-port", defaultValue = "8084") int coordinationPort;
    @Option(names = "--nodes", defaultValue = "1", description = "Number of serving nodes (default: ${DEFAULT-VALUE}).")
    int nodes;
    @Option(names = "--proxied-node", description = "With --brokers N > 1 and --kafka-proxy-port: this node reaches the brokers "
            + "only through a TCP proxy (which can cut it off from the cluster: deploy/chaos/run.sh node-cut).")
    String proxiedNode;
    @Option(names = "--kafka-proxy-port", defaultValue = "0", description = "Broker i also advertises a client listener at 127.0.0.1:PORT+i, "
            + "bound to broker.i.proxied.port of <data>/kafka-cluster/cluster.properties; a proxy forwards the one to the other.")
    int kafkaProxyPort;
    @Option(names = "--zone", description = "Publish this zone file once the system is up.")
    Path zone;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 20) {
            throw new IllegalArgumentException("--nodes must be between 1 and 20");
        }
        if (brokers < 1 || brokers > 9) {
            throw new IllegalArgumentException("--brokers must be between 1 and 9");
        }
        if ((proxiedNode != null) != (kafkaProxyPort != 0) || (kafkaProxyPort != 0 && brokers == 1)) {
            throw new IllegalArgumentException("--proxied-node and --kafka-proxy-port go together, with --brokers N > 1");
        }
        if (proxiedNode != null && java.util.stream.IntStream.rangeClosed(1, nodes).noneMatch(i -> proxiedNode.equals("node-" + i))) {
            throw new IllegalArgumentException("--proxied-node " + proxiedNode + " is none of node-1..node-" + nodes);
        }
        if (brokers > 1 && (bootstrap != null || kafkaConfig != null)) {
            throw new IllegalArgumentException("--brokers starts embedded brokers; --bootstrap/--kafka-config use an existing cluster instead");
        }
        Path repo = Path.of("").toAbsolutePath();
        Path logs = data.resolve("logs").toAbsolutePath();
        Path run = data.resolve("run").toAbsolutePath();
        Files.createDirectories(logs);
        var out = spec.commandLine().getOut();
        Supervisor supervisor = new Supervisor(out);
        List<ServiceProcess> started = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            out.println("rootzone: stopping ...");
            out.flush();
            long t0 = System.nanoTime();
            supervisor.stopAll();
            out.printf("rootzone: stopped in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            out.flush();
            stopped.countDown();
        }, "rootzone-up-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            KafkaCredentials kafka;
            String embedded = "";
            String proxiedBootstrap = null;
            if (bootstrap == null && kafkaConfig == null && brokers == 1) {
                ServiceProcess broker = ServiceProcess.startJava(repo, ClusterLayout.brokerName(0), "rootzone.kafka.EmbeddedKafkaMain",
                        Stream.concat(Stream.of("-Xmx1g"), ServiceProcess.BROKER_JIT.stream()).toList(),
                        List.of(data.resolve("kafka").toAbsolutePath().toString(), Integer.toString(kafkaPort),
                                KafkaCredentials.directory(data).toString()), logs, run);
                supervisor.addBroker(broker);
                kafka = KafkaCredentials.embedded(data);
                kafka.await(broker, Duration.ofSeconds(60));
                embedded = ", embedded KRaft broker, data in " + data.resolve("kafka");
            } else if (bootstrap == null && kafkaConfig == null) {
                ClusterLayout layout = ClusterLayout.ensure(data.resolve("kafka-cluster").toAbsolutePath(), brokers, kafkaPort,
                        kafkaProxyPort);
                proxiedBootstrap = kafkaProxyPort != 0 ? layout.proxiedBootstrapServers() : null;
                List<ServiceProcess> members = new ArrayList<>();
                for (int i = 0; i < brokers; i++) {
                    ServiceProcess b = ServiceProcess.startCommand(repo, ClusterLayout.brokerName(i), layout.brokerCommand(i,
                            System.getProperty("java.class.path"),
                            Stream.concat(Stream.of("-Xmx512m", "-XX:+UseSerialGC"), ServiceProcess.BROKER_JIT.stream()).toList()),
                            logs, run);
                    members.add(b);
                    supervisor.addBroker(b);
                }
                // A restarted cluster can take minutes to elect its controller on a loaded host (the fault
                // suite's whole-cluster restart): wait while every broker runs, and give up only if one exits
                // or after QUORUM_TIMEOUT.
                out.printf("kafka       waiting for the %d brokers to form the KRaft quorum (logs in %s)%n", brokers, logs);
                out.flush();
                layout.awaitAndEnsureAdmin(KafkaCredentials.directory(data).resolve(Role.ADMIN.fileName()), QUORUM_TIMEOUT,
                        () -> members.stream().allMatch(ServiceProcess::isAlive));
                kafka = KafkaCredentials.embedded(data);
                kafka.await(null, Duration.ofSeconds(60));
                embedded = ", " + brokers + "-broker KRaft cluster (combined mode, one process each), data in " + layout.dir();
            } else {
                kafka = KafkaCredentials.external(data, bootstrap, kafkaConfig);
                kafka.await(null, Duration.ofSeconds(30));
            }
            List<String> nodeIds = java.util.stream.IntStream.rangeClosed(1, nodes).mapToObj(i -> "node-" + i).toList();
            kafka.provision(nodeIds);
            out.printf("kafka       %s%s%n", kafka.describe(), embedded);
            out.flush();

            // The local maintainer's key and the trust anchor naming it (docs/security.md).
            String anchor = rootzone.cli.keys.LocalMaintainer.ensure(data).toAbsolutePath().toString();
            out.printf("maintainer  %s (key %s, trust anchor %s)%n", rootzone.cli.keys.LocalMaintainer.DEFAULT_IDENTITY,
                    rootzone.cli.keys.LocalMaintainer.keyFile(data), anchor);
            PublisherKeyPair keys = PublisherKeyPair.ensure(data);
            out.printf("signing key %s (publisher key %s)%n", keys.privateKey(), keys.keyId());
            TransparencyKeys logKeys = TransparencyKeys.ensure(data, nodeIds);
            out.printf("log keys    %s (root zone), %s (coordination), witnesses %s%n", logKeys.rootLog(),
                    logKeys.coordinationLog(), logKeys.auditorWitnessKeys());
            Map<String, String> publisherProps = new LinkedHashMap<>(kafka.serviceProperties(Role.PUBLISHER));
            publisherProps.put("rootzone.publisher.trust-anchor", anchor);
            publisherProps.putAll(keys.publisherProperties(data));
            ServiceProcess publisher = ServiceProcess.start(repo, "publisher", "publisher", publisherPort,
                    "http://127.0.0.1:" + publisherPort, publisherProps, logs, run);
            started.add(publisher);
            for (int i = 0; i < nodes; i++) {
                String id = nodeIds.get(i);
                Map<String, String> props = new LinkedHashMap<>(id.equals(proxiedNode)
                        ? kafka.serviceProperties(Role.node(id), proxiedBootstrap) : kafka.serviceProperties(Role.node(id)));
                props.putAll(keys.nodeProperties());
                props.put("rootzone.node.id", id);
                props.put("rootzone.node.dns.address", dnsAddress);
                props.put("rootzone.node.dns.port", Integer.toString(dnsPort + i));
                props.put("rootzone.node.data-dir", TransparencyKeys.nodeDataDir(data, id).toString());
                props.put("rootzone.node.log.key", logKeys.rootLog().toString());
                int http = nodeHttpPort + 100 * i;
                started.add(ServiceProcess.start(repo, "serving-node", id, http,
                        "dns " + dnsAddress + ":" + (dnsPort + i) + " (udp+tcp), http://127.0.0.1:" + http, props, logs, run));
            }
            Map<String, String> auditorProps = new LinkedHashMap<>(kafka.serviceProperties(Role.AUDITOR));
            auditorProps.putAll(keys.auditorProperties());
            auditorProps.put("rootzone.auditor.data-dir", data.resolve("auditor").toAbsolutePath().toString());
            auditorProps.put("rootzone.auditor.trust-anchor", anchor);
            auditorProps.put("rootzone.auditor.log-keys", logKeys.auditorLogKeys());
            auditorProps.put("rootzone.auditor.witness-keys", logKeys.auditorWitnessKeys());
            // The auditor yields the cores to the serving path (ServiceProcess.Scheduling.BACKGROUND).
            started.add(ServiceProcess.start(repo, "auditor", "auditor", auditorPort,
                    "http://127.0.0.1:" + auditorPort, auditorProps, ServiceProcess.Scheduling.BACKGROUND, logs, run));
            Map<String, String> coordinationProps = new LinkedHashMap<>(kafka.serviceProperties(Role.COORDINATION));
            coordinationProps.put("rootzone.coordination.trust-anchor", anchor);
            coordinationProps.put("rootzone.coordination.log.key-dir", data.resolve("keys").toAbsolutePath().toString());
            coordinationProps.put("rootzone.coordination.log.tile-dir", data.resolve("coordination").resolve("log").toAbsolutePath().toString());
            started.add(ServiceProcess.start(repo, "coordination", "coordination", coordinationPort,
                    "http://127.0.0.1:" + coordinationPort, coordinationProps, logs, run));
            started.forEach(supervisor::addService);

            // Each service is reported once its readiness check says UP. A serving node is ready only
            // once it serves a version: on an empty log it is reported live, and ready after --zone.
            boolean published = publisher.awaitReady(READY_TIMEOUT) && hasVersion(publisherPort);
            List<ServiceProcess> notReady = new ArrayList<>();
            for (ServiceProcess s : started) {
                if (!s.awaitLive(LIVE_TIMEOUT)) {
                    // Still running: the Supervisor keeps it; stopping everything would take DNS down with it.
                    notReady.add(s);
                    out.printf("%-11s %s (pid %d; NOT LIVE after %d s, still supervised: see %s)%n", s.name, s.listens, s.pid(),
                            LIVE_TIMEOUT.toSeconds(), s.log);
                    out.flush();
                    continue;
                }
                if (nodeIds.contains(s.name) && !published) {
                    notReady.add(s);
                    out.printf("%-11s %s (pid %d; live, ready once a version is published)%n", s.name, s.listens, s.pid());
                } else if (s.awaitReady(READY_TIMEOUT)) {
                    out.printf("%-11s %s (pid %d)%n", s.name, s.listens, s.pid());
                } else {
                    notReady.add(s);
                    out.printf("%-11s %s (pid %d; live, NOT READY after %d s: see %s)%n", s.name, s.listens, s.pid(),
                            READY_TIMEOUT.toSeconds(), s.log);
                }
                out.flush();
            }
            out.printf("pids        %s/<name>.pid%n", run);
            out.printf("logs        %s%n", logs);
            out.printf("dashboard   http://127.0.0.1:%d/ (if the log is empty: ./rootzone publish FILE, or ./rootzone history import "
                    + "../shared/data/rootzone-history/rootzone-history-2023-2025.bundle)%n", auditorPort);
            if (zone != null) {
                out.printf("publishing  %s%n", zone);
                out.flush();
                int exit = new picocli.CommandLine(new rootzone.cli.RootzoneCommand())
                        .execute("publish", zone.toString(), "--publisher", "http://127.0.0.1:" + publisherPort,
                                "--data", data.toString());
                if (exit != 0) {
                    out.println("rootzone: publishing " + zone + " failed (exit " + exit + "); the system stays up");
                } else {
                    for (ServiceProcess s : List.copyOf(notReady)) {
                        if (s.awaitReady(Duration.ofSeconds(60))) {
                            notReady.remove(s);
                            out.printf("%-11s ready%n", s.name);
                        }
                    }
                }
            }
            out.println("rootzone is up" + (notReady.isEmpty() ? "" : " (not ready yet: "
                    + notReady.stream().map(p -> p.name).toList() + ")") + "; a process that dies is restarted; Ctrl-C stops it.");
            out.flush();
            // Stay in the foreground, restarting what dies, until Ctrl-C runs the shutdown hook.
            while (stopped.getCount() > 0) {
                supervisor.check();
                Thread.sleep(500);
            }
            return 0;
        } catch (IOException | KafkaSetupException e) {
            spec.commandLine().getErr().println("rootzone: " + e.getMessage());
            return 1;
        }
        // The shutdown hook stops whatever was started, on return as on Ctrl-C.
    }

    /** How long `up` waits for a service's readiness check before it reports it as not ready. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration QUORUM_TIMEOUT = Duration.ofSeconds(600);

    /** Whether the log holds a version of a zone yet, as the (ready) publisher says on /zones. */
    private static boolean hasVersion(int publisherPort) {
        try {
            com.fasterxml.jackson.databind.JsonNode zones = new rootzone.cli.http.ServiceClient("publisher",
                    "http://127.0.0.1:" + publisherPort, Duration.ofSeconds(10)).getJson("/zones");
            for (com.fasterxml.jackson.databind.JsonNode z : zones) {
                if (z.has("serial")) {
                    return true;
                }
            }
            return false;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
