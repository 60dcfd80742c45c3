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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import rootzone.kafka.access.KafkaSetupException;
import rootzone.kafka.access.Role;

/**
 * Runs the whole system locally in the foreground: the embedded Kafka broker (unless --bootstrap
 * names a cluster), the publisher, N serving nodes and the auditor, each a child JVM with its log in
 * .rootzone/logs, plus the coordination service. Each service connects to Kafka as its own role
 * (KafkaCredentials). Ctrl-C stops them all, services first, the broker last.
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
    @Option(names = "--kafka-port", defaultValue = "9092") int kafkaPort;
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
    @Option(names = "--zone", description = "Publish this zone file once the system is up.")
    Path zone;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 20) {
            throw new IllegalArgumentException("--nodes must be between 1 and 20");
        }
        Path repo = Path.of("").toAbsolutePath();
        Path logs = data.resolve("logs").toAbsolutePath();
        Files.createDirectories(logs);
        var out = spec.commandLine().getOut();
        List<ServiceProcess> started = new ArrayList<>();
        ServiceProcess broker = null;
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Thread shutdown = new Thread(() -> {
            stopping.set(true);
            out.println("rootzone: stopping ...");
            out.flush();
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).stop();
            }
            stopped.countDown();
        }, "rootzone-up-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            KafkaCredentials kafka;
            if (bootstrap == null && kafkaConfig == null) {
                broker = ServiceProcess.startJava(repo, "kafka", "rootzone.kafka.EmbeddedKafkaMain",
                        List.of(data.resolve("kafka").toAbsolutePath().toString(), Integer.toString(kafkaPort),
                                KafkaCredentials.directory(data).toString()), logs);
                started.add(broker);
                kafka = KafkaCredentials.embedded(data);
                kafka.await(broker, Duration.ofSeconds(60));
            } else {
                kafka = KafkaCredentials.external(data, bootstrap, kafkaConfig);
                kafka.await(null, Duration.ofSeconds(30));
            }
            List<String> nodeIds = java.util.stream.IntStream.rangeClosed(1, nodes).mapToObj(i -> "node-" + i).toList();
            kafka.provision(nodeIds);
            out.printf("kafka       %s%s%n", kafka.describe(), broker != null ? ", embedded KRaft broker, data in " + data.resolve("kafka") : "");
            out.flush();

            // The local maintainer's key and the trust anchor naming it (docs/security.md).
            String anchor = rootzone.cli.keys.LocalMaintainer.ensure(data).toAbsolutePath().toString();
            out.printf("maintainer  %s (key %s, trust anchor %s)%n", rootzone.cli.keys.LocalMaintainer.DEFAULT_IDENTITY,
                    rootzone.cli.keys.LocalMaintainer.keyFile(data), anchor);
            PublisherKeyPair keys = PublisherKeyPair.ensure(data);
            out.printf("signing key %s (publisher key %s)%n", keys.privateKey(), keys.keyId());
            Map<String, String> publisherProps = new LinkedHashMap<>(kafka.serviceProperties(Role.PUBLISHER));
            publisherProps.put("rootzone.publisher.trust-anchor", anchor);
            publisherProps.putAll(keys.publisherProperties(data));
            ServiceProcess publisher = ServiceProcess.start(repo, "publisher", "publisher", publisherPort,
                    "http://127.0.0.1:" + publisherPort, publisherProps, logs);
            started.add(publisher);
            for (int i = 0; i < nodes; i++) {
                String id = nodeIds.get(i);
                Map<String, String> props = new LinkedHashMap<>(kafka.serviceProperties(Role.node(id)));
                props.putAll(keys.nodeProperties());
                props.put("rootzone.node.id", id);
                props.put("rootzone.node.dns.address", dnsAddress);
                props.put("rootzone.node.dns.port", Integer.toString(dnsPort + i));
                props.put("rootzone.node.data-dir", data.resolve("nodes").resolve(id).toAbsolutePath().toString());
                int http = nodeHttpPort + 100 * i;
                started.add(ServiceProcess.start(repo, "serving-node", id, http,
                        "dns " + dnsAddress + ":" + (dnsPort + i) + " (udp+tcp), http://127.0.0.1:" + http, props, logs));
            }
            Map<String, String> auditorProps = new LinkedHashMap<>(kafka.serviceProperties(Role.AUDITOR));
            auditorProps.putAll(keys.auditorProperties());
            auditorProps.put("rootzone.auditor.data-dir", data.resolve("auditor").toAbsolutePath().toString());
            auditorProps.put("rootzone.auditor.trust-anchor", anchor);
            started.add(ServiceProcess.start(repo, "auditor", "auditor", auditorPort,
                    "http://127.0.0.1:" + auditorPort, auditorProps, logs));
            Map<String, String> coordinationProps = new LinkedHashMap<>(kafka.serviceProperties(Role.COORDINATION));
            coordinationProps.put("rootzone.coordination.trust-anchor", anchor);
            started.add(ServiceProcess.start(repo, "coordination", "coordination", coordinationPort,
                    "http://127.0.0.1:" + coordinationPort, coordinationProps, logs));

            for (ServiceProcess s : started) {
                if (s != broker) {
                    s.awaitLive(Duration.ofSeconds(90));
                    out.printf("%-11s %s%n", s.name, s.listens);
                    out.flush();
                }
            }
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
                }
            }
            out.println("rootzone is up; Ctrl-C stops it.");
            out.flush();
            // Stay in the foreground until a service dies or Ctrl-C runs the shutdown hook.
            while (stopped.getCount() > 0) {
                for (ServiceProcess s : started) {
                    // Services exit one by one while Ctrl-C stops them: that is not a failure.
                    if (!s.isAlive() && !stopping.get()) {
                        out.println("rootzone: " + s.name + " exited; see " + s.log);
                        out.flush();
                        return 1;
                    }
                }
                Thread.sleep(1000);
            }
            return 0;
        } catch (IOException | KafkaSetupException e) {
            spec.commandLine().getErr().println("rootzone: " + e.getMessage());
            return 1;
        }
        // The shutdown hook stops whatever was started, on return as on Ctrl-C.
    }
}
