import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.xbill.DNS.Name;
import rootzone.archive.ZoneArchive;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionWriter;
import rootzone.eventlog.signing.KeyFiles;
import rootzone.eventlog.signing.PublisherSigner;
import rootzone.eventlog.tlog.LogEntries;
import rootzone.eventlog.tlog.LogNames;
import rootzone.eventlog.tlog.LogOperator;
import rootzone.eventlog.tlog.LogSettings;
import rootzone.kafka.EmbeddedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleAcls;
import rootzone.kafka.access.RoleCredentials;
import rootzone.zone.ContentDigest;
import rootzone.zone.SuccessiveParser;
import rootzone.zone.Zone;
import rootzone.zone.ZoneLimits;
import rootzone.zone.Zonemd;

/**
 * A restarted auditor's ready time over the real history (1,978 versions and their transparency log):
 * an embedded KRaft broker (SASL, ACLs) in WORK/kafka holding the history, written once (versions and
 * their log entries in the same transactions, as the publisher's import does: VersionWriter and
 * LogOperator) and kept for later runs; then the auditor (quarkus-run.jar) started on WORK/auditor: one
 * cold start (from offset 0), then RESTARTS restarts on its own checkpoint, index snapshot and tiles.
 * Prints, per start, the milliseconds from process start to the HTTP port answering and to
 * /q/health/ready UP (every index and the event audit caught up with the topics). Run by restart.sh.
 */
public class RestartBench {

    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]);
        Path work = Path.of(args[1]);
        Path app = Path.of(args[2]);
        int restarts = Integer.parseInt(args[3]);
        int port = Integer.parseInt(args[4]);
        Files.createDirectories(work);
        Path credentials = work.resolve("credentials");
        Path keys = work.resolve("keys");
        Path publisherKey = keys.resolve("publisher-signing.key");
        Path publisherPub = keys.resolve("publisher-signing.pub");
        Path imported = work.resolve("imported");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.persistent(work.resolve("kafka"), 0,
                credentials.resolve(Role.ADMIN.fileName())).start()) {
            RoleCredentials.provision(broker.adminConnection(), credentials, List.of(Role.PUBLISHER, Role.AUDITOR));
            LogSettings settings = new LogSettings(LogNames.DEFAULT_PREFIX, keys, Optional.empty());
            if (!Files.exists(imported)) {
                Files.createDirectories(keys);
                if (!Files.exists(publisherKey)) {
                    KeyFiles.generate(publisherKey, publisherPub);
                }
                int found = write(bundle, KafkaConnection.load(credentials.resolve(Role.PUBLISHER.fileName())), settings,
                        new PublisherSigner(KeyFiles.readPrivateKey(publisherKey)));
                Files.writeString(imported, found + "\n");
            }
            int versions = Integer.parseInt(Files.readString(imported).trim());
            Path vkey = keys.resolve("log-" + settings.zone(".").name() + ".vkey");
            List<String> command = new ArrayList<>(List.of("java"));
            // As ./rootzone up starts it (cli up/ServiceProcess): its jvm.options, and class data sharing, the
            // archive written when the first (cold) run exits and mapped by the restarts.
            Path options = app.resolveSibling("jvm.options");
            Path archive = work.resolve("auditor.jsa");
            boolean deployed = Files.isRegularFile(options) && !"0".equals(System.getenv("JVM_OPTIONS"));
            if (deployed) {
                command.add("@" + options);
                Files.deleteIfExists(archive);
            } else {
                command.add("-Xmx1g");
            }
            String opts = System.getenv("AUDITOR_JAVA_OPTS"); // e.g. -XX:StartFlightRecording=filename=/tmp/a.jfr
            if (opts != null && !opts.isBlank()) {
                command.addAll(List.of(opts.trim().split("\\s+")));
            }
            command.addAll(List.of("-Dquarkus.http.port=" + port,
                    "-Drootzone.kafka.config=" + credentials.resolve(Role.AUDITOR.fileName()),
                    "-Drootzone.auditor.trusted-publisher-keys=" + publisherPub,
                    "-Drootzone.auditor.log-keys=" + vkey,
                    "-Drootzone.auditor.data-dir=" + work.resolve("auditor"), "-jar", app.toString()));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
            for (int run = 0; run <= restarts; run++) {
                String what = "start " + (run + 1) + (Files.exists(work.resolve("auditor")) ? " (restart)" : " (cold, from offset 0)");
                Path out = work.resolve("auditor-" + run + ".log");
                long t0 = System.nanoTime();
                List<String> cmd = new ArrayList<>(command);
                if (deployed) {
                    cmd.add(2, (run == 0 ? "-XX:ArchiveClassesAtExit=" : "-XX:SharedArchiveFile=") + archive);
                }
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                try {
                    long http0 = -1;
                    long deadline = t0 + Duration.ofMinutes(3).toNanos();
                    while (System.nanoTime() < deadline && p.isAlive()) {
                        // The cheap readiness check while it is DOWN (the status is a large answer: asking it every
                        // 20 ms took the auditor's CPU); the status once it is UP.
                        String status = http0 < 0 || "UP".equals(health(http, port)) ? get(http, port, "/history/status") : null;
                        if (status != null && http0 < 0) {
                            http0 = System.nanoTime();
                        }
                        // Ready: every version indexed, the event audit caught up, and the auditor's readiness UP.
                        if (status != null && status.contains("\"caughtUp\":true") && status.contains("\"versions\":" + versions + ",")
                                && "UP".equals(health(http, port))) {
                            break;
                        }
                        Thread.sleep(20);
                    }
                    long ready = System.nanoTime();
                    if (!p.isAlive() || ready >= deadline) {
                        throw new IllegalStateException("auditor not ready, see " + out);
                    }
                    // CPU time too: on a shared machine the wall times depend on the load, the CPU spent much less.
                    long cpu = p.toHandle().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
                    System.out.printf("%s: HTTP answering after %d ms, ready (indexes and event audit caught up) after %d ms, "
                            + "%d ms CPU by then (load average %.1f)%n", what, (http0 - t0) / 1_000_000, (ready - t0) / 1_000_000, cpu,
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                    if ("1".equals(System.getenv("THREADS"))) {
                        System.out.println("    CPU by thread at ready (ms): " + threadCpu(p.pid()));
                    }
                    // Let it write its checkpoint and snapshot as a running auditor would (every 10 s / after catching up).
                    Thread.sleep(run == 0 ? 12_000 : 1_000);
                } finally {
                    p.destroy(); // SIGTERM: the auditor writes its checkpoint and index snapshot on the way out
                    if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
                Files.lines(out).filter(l -> l.contains("started in") || l.contains("index snapshot") || l.contains("resuming")
                        || l.contains("store") || l.contains("WARN") || l.contains("ERROR")).map(l -> "    " + l).forEach(System.out::println);
            }
        }
    }

    /** The process's threads by CPU (user + system, from /proc; HotSpot names its JIT and GC threads), the busiest first. */
    private static String threadCpu(long pid) throws IOException {
        java.util.Map<String, Long> byName = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "#");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                byName.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10, Long::sum); // ticks of 10 ms
            }
        }
        return byName.entrySet().stream().filter(e -> e.getValue() > 0).sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(12).map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
    }

    /** The body of a 200 answer, else null. */
    private static String get(HttpClient http, int port, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String health(HttpClient http, int port) {
        String body = get(http, port, "/q/health/ready");
        return body != null && body.contains("\"UP\"") ? "UP" : "DOWN";
    }

    /** The bundle's versions with their log entries, 50 per transaction (ZONEMD digests computed on every core). */
    private static int write(Path bundle, KafkaConnection kafka, LogSettings settings, PublisherSigner signer) throws Exception {
        long t0 = System.nanoTime();
        int found;
        LogNames names = settings.zone(".");
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try (ZoneArchive archive = ZoneArchive.open(bundle, null);
                EventWriter events = new EventWriter(kafka, RoleAcls.PUBLISHER_TRANSACTIONAL_ID_PREFIX + "-restart-bench", "restart-bench")) {
            LogOperator operator = settings.open(kafka, names);
            VersionWriter writer = new VersionWriter(events, signer);
            int total = archive.entries().size();
            found = total;
            SuccessiveParser parser = new SuccessiveParser(Name.root, ZoneLimits.defaults());
            List<VersionWriter.Next> batch = new ArrayList<>();
            List<Future<byte[]>> zonemds = new ArrayList<>();
            Zone[] before = {null};
            int[] n = {0};
            archive.read(archive.entries(), (entry, text) -> {
                SuccessiveParser.Parsed p = parser.next(text, entry.origin());
                boolean last = ++n[0] == total;
                Zone z = p.zone();
                zonemds.add(pool.submit(() -> Zonemd.digest(z, Zonemd.SHA384)));
                batch.add(new VersionWriter.Next(before[0], z, p.diff(), ContentDigest.of(z),
                        new VersionInfo("restart-bench", "import", entry.capturedAt(), true, null, last)
                                .withRelaxations(List.of("blast_radius", "dnssec", "zonemd")))); // as the publisher's import records them
                before[0] = z;
                if (batch.size() == 50 || last) {
                    List<VersionWriter.Next> now = List.copyOf(batch);
                    List<Future<byte[]>> digests = List.copyOf(zonemds);
                    operator.inTransaction(events, tx -> {
                        List<VersionWriter.Written> written = writer.writeAll(tx, now);
                        for (int i = 0; i < written.size(); i++) {
                            try {
                                tx.append(LogEntries.version(written.get(i).committed(), digests.get(i).get()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                        return null;
                    });
                    batch.clear();
                    zonemds.clear();
                    System.out.printf("  %d versions written, %.1f s%n", n[0], (System.nanoTime() - t0) / 1e9);
                }
            });
        } finally {
            pool.shutdownNow();
        }
        return found;
    }
}
