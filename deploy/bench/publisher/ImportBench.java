import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.xbill.DNS.Name;
import rootzone.eventlog.LastCommitted;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.signing.PublisherSigner;
import rootzone.kafka.EmbeddedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleCredentials;
import rootzone.kafka.access.TopicProvisioner;
import rootzone.publisher.gate.Gatekeeper;
import rootzone.publisher.gate.ZonePolicy;
import rootzone.publisher.importer.ArchiveImporter;
import rootzone.publisher.importer.ImportReport;
import rootzone.publisher.publish.PublishRequest;
import rootzone.publisher.publish.PublisherKeys;
import rootzone.publisher.publish.Requester;
import rootzone.publisher.publish.ZonePublisher;
import rootzone.zone.VersionPolicy;
import rootzone.zone.ZoneLimits;

/**
 * The publisher's import of a whole archive, as POST /imports runs it after the request is verified:
 * a real KRaft broker (SASL, ACLs, the publisher's role), ZonePublisher with the default policy and
 * the import relaxations, ArchiveImporter on the bundle. Prints the report and versions/s, then checks
 * the chain the log holds. Run by import.sh with the publisher's test classpath.
 */
public class ImportBench {
    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]);
        Path tmp = Files.createTempDirectory("import-bench-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.temporary().start()) {
            KafkaConnection kafka;
            try (Admin client = Admin.create(broker.adminConnection().clientProperties())) {
                TopicProvisioner.ensure(client);
                kafka = RoleCredentials.ensure(client, broker.adminConnection(), tmp.resolve("publisher.properties"), Role.PUBLISHER);
            }
            PublisherSigner signer = rootzone.eventlog.testing.TestPublisherKey.signer();
            try (ZonePublisher publisher = ZonePublisher.start(kafka, "rootzone-publisher-bench", "publisher-bench", Name.root,
                    ZonePolicy.defaults(), 100, Gatekeeper.standard(), PublisherKeys.of(signer), rootzone.eventlog.testing.TestPublisherKey.logSettings(), Clock.systemUTC())) {
                PublishRequest request = new PublishRequest("import", new Requester.SignedImport("bench-maintainer", "bench"), null,
                        Instant.now());
                ThreadCpu cpu = ThreadCpu.start();
                long t0 = System.nanoTime();
                int[] shown = {0};
                ImportReport report = new ArchiveImporter(publisher, ZoneLimits.defaults()).run(bundle, null, request,
                        Set.of(VersionPolicy.Relaxation.ZONEMD, VersionPolicy.Relaxation.DNSSEC, VersionPolicy.Relaxation.BLAST_RADIUS),
                        n -> {
                            if (n / 100 != shown[0] / 100) {
                                shown[0] = n;
                                System.out.printf("  %d versions imported, %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
                            }
                        });
                double s = (System.nanoTime() - t0) / 1e9;
                ThreadCpu.Split split = cpu.stop();
                System.out.println("report: " + report);
                System.out.printf("import: %d versions in %.1f s = %.1f versions/s (goal >= 50, < 40 s)%n", report.imported(), s,
                        report.imported() / s);
                split.print(report.imported(), s);
                LastCommitted last = new VersionLog(kafka, rootzone.eventlog.testing.TestPublisherKey.trusted()).lastCommitted(".").orElseThrow();
                System.out.printf("log: %d versions, last serial %d, chain intact: %s%n", last.versions(), last.serial(), last.intact());
            }
        }
    }
}

/**
 * CPU of every thread of this JVM (the broker runs in it) and of the git children, from /proc, sampled
 * every 250 ms so that threads that end are counted too: the split publisher / broker / JVM (GC, JIT).
 */
final class ThreadCpu {
    private static final double TICK_MS = 10.0; // USER_HZ is 100 on Linux
    private final java.util.Map<String, long[]> atStart;
    private final java.util.Map<String, long[]> seen = new java.util.concurrent.ConcurrentHashMap<>();
    private final long[] childrenAtStart;
    private final Thread sampler;
    private volatile boolean running = true;

    private ThreadCpu() {
        atStart = snapshot();
        childrenAtStart = children();
        sampler = new Thread(() -> {
            while (running) {
                seen.putAll(snapshot());
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static ThreadCpu start() {
        return new ThreadCpu();
    }

    /** tid -> {ticks, name as a long-encoded index into names}; names kept apart. */
    private static final java.util.Map<String, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private static java.util.Map<String, long[]> snapshot() {
        java.util.Map<String, long[]> m = new java.util.HashMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) {
            return m;
        }
        for (java.io.File t : tasks) {
            try {
                String stat = Files.readString(t.toPath().resolve("stat"));
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close);
                String[] f = stat.substring(close + 2).split(" ");
                // fields after the name: state(0) ... utime(11) stime(12)
                m.put(t.getName(), new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])});
                NAMES.put(t.getName(), name);
            } catch (Exception gone) {
                // the thread ended between list and read
            }
        }
        return m;
    }

    private static long[] children() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[13]), Long.parseLong(f[14])}; // cutime, cstime
        } catch (Exception e) {
            return new long[] {0, 0};
        }
    }

    record Split(java.util.Map<String, Double> byGroup, java.util.List<java.util.Map.Entry<String, Double>> top) {
        void print(int versions, double seconds) {
            double total = byGroup.values().stream().mapToDouble(Double::doubleValue).sum();
            System.out.printf("cpu: %.1f s in all over %.1f s wall (%.2f cores), %.1f ms a version%n", total / 1000, seconds,
                    total / 1000 / seconds, total / Math.max(1, versions));
            byGroup.forEach((g, ms) -> System.out.printf("  %-10s %7.1f s  %5.1f ms/version  %4.1f %%%n", g, ms / 1000,
                    ms / Math.max(1, versions), 100 * ms / total));
            System.out.println("  busiest threads:");
            top.forEach(e -> System.out.printf("    %-28s %6.1f s%n", e.getKey(), e.getValue() / 1000));
        }
    }

    Split stop() {
        running = false;
        sampler.interrupt();
        seen.putAll(snapshot());
        java.util.Map<String, Double> byName = new java.util.TreeMap<>();
        java.util.Map<String, Double> groups = new java.util.LinkedHashMap<>();
        for (String g : java.util.List.of("publisher", "broker", "jvm", "git", "bench")) {
            groups.put(g, 0.0);
        }
        seen.forEach((tid, now) -> {
            long[] before = atStart.getOrDefault(tid, new long[] {0, 0});
            double ms = ((now[0] - before[0]) + (now[1] - before[1])) * TICK_MS;
            if (ms <= 0) {
                return;
            }
            String name = NAMES.getOrDefault(tid, "?");
            String key = name.replaceAll("[0-9]+", "#");
            byName.merge(key, ms, Double::sum);
            groups.merge(group(name), ms, Double::sum);
        });
        long[] c = children();
        groups.merge("git", ((c[0] - childrenAtStart[0]) + (c[1] - childrenAtStart[1])) * TICK_MS, Double::sum);
        java.util.List<java.util.Map.Entry<String, Double>> top = byName.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed()).limit(14).toList();
        return new Split(groups, top);
    }

    /** Linux keeps 15 characters of a thread's name. */
    private static String group(String name) {
        if (name.startsWith("bench-") || name.startsWith("JFR ")) {
            return "bench"; // this sampler (and a profiler's threads when one is attached)
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")
                || name.equals("VM Thread") || name.startsWith("VM Periodic") || name.startsWith("Sweeper")) {
            return "jvm";
        }
        if (name.equals("java") || name.startsWith("main") || name.startsWith("import-") || name.startsWith("kafka-producer")
                || name.startsWith("git-") || name.startsWith("ForkJoinPool") || name.startsWith("consumer_")) {
            return "publisher";
        }
        return "broker";
    }
}
