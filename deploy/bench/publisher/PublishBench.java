import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import rootzone.eventlog.signing.PublisherSigner;
import rootzone.eventlog.tlog.LogNames;
import rootzone.eventlog.tlog.LogSettings;
import rootzone.kafka.EmbeddedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleCredentials;
import rootzone.kafka.access.TopicProvisioner;
import rootzone.publisher.gate.Gatekeeper;
import rootzone.publisher.gate.ZonePolicy;
import rootzone.publisher.publish.PublishOutcome;
import rootzone.publisher.publish.PublishRequest;
import rootzone.publisher.publish.PublisherKeys;
import rootzone.publisher.publish.Requester;
import rootzone.publisher.publish.ZonePublisher;
import rootzone.zone.ContentDigest;
import rootzone.zone.SyntheticZone;
import rootzone.zone.VersionPolicy;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.ZoneFileWriter;
import rootzone.zone.ZoneLimits;
import rootzone.zone.ZoneParser;

/**
 * Receipt -> commit of whole zone files through the publisher's own path (ZonePublisher.publish of the
 * file's bytes, as POST /versions calls it once the signed request is verified): a real KRaft broker in
 * this JVM (SASL, ACLs, the publisher's role), the root zone's policy as ./rootzone up runs it (ZONEMD
 * verified when present, blast radius 5 %), the transparency log's tiles on disk. Per version: wall
 * time of the call, CPU of the calling (request) thread, CPU of the whole JVM (broker included); the
 * publisher's own log line (stderr) says which step took what.
 *
 *   PublishBench files FILE...           real versions, oldest first (the first is the whole zone)
 *   PublishBench scale DIR [RECORDS]     SyntheticZone of RECORDS (1,000,000) records: the first version, then a
 *                                        12-record change, both whole files (written to DIR for Knot)
 */
public class PublishBench {
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        List<byte[]> versions = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (args[0].equals("scale")) {
            Path dir = Path.of(args[1]);
            int records = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
            // SyntheticZone's apex name server is in the zone: give it the address the structure gate asks for.
            Zone synthetic = SyntheticZone.of(Name.root, records, 2026120300L);
            List<Record> rs = new ArrayList<>(synthetic.records());
            rs.add(new ARecord(Name.fromString("a.synthetic-servers.net."), org.xbill.DNS.DClass.IN, 518400,
                    java.net.InetAddress.getByAddress(new byte[] {10, 0, 0, 1})));
            synthetic = null;
            Zone first = Zone.of(Name.root, rs);
            Zone second = twelveRecordChange(first).applyTo(first);
            for (Zone z : List.of(first, second)) {
                byte[] text = ZoneFileWriter.toText(z).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                Path f = dir.resolve("synthetic.zone." + z.serial());
                Files.write(f, text);
                versions.add(text);
                names.add(f.toString());
            }
            System.out.printf("synthetic zone: %d records, %.1f MB of text; change: %d records%n", first.size(),
                    versions.get(0).length / 1e6, ZoneDiff.between(first, second).removed().size()
                            + ZoneDiff.between(first, second).added().size());
        } else {
            for (int i = 1; i < args.length; i++) {
                versions.add(Files.readAllBytes(Path.of(args[i])));
                names.add(args[i]);
            }
        }
        Path tmp = Files.createTempDirectory("publish-bench-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.temporary().start()) {
            KafkaConnection kafka;
            try (Admin client = Admin.create(broker.adminConnection().clientProperties())) {
                TopicProvisioner.ensure(client);
                kafka = RoleCredentials.ensure(client, broker.adminConnection(), tmp.resolve("publisher.properties"), Role.PUBLISHER);
            }
            PublisherSigner signer = rootzone.eventlog.testing.TestPublisherKey.signer();
            LogSettings logs = new LogSettings(LogNames.DEFAULT_PREFIX, tmp.resolve("keys"), Optional.of(tmp.resolve("tiles")));
            ZonePolicy policy = new ZonePolicy(new VersionPolicy(VersionPolicy.Zonemd.VERIFY_IF_PRESENT, VersionPolicy.Dnssec.IGNORE,
                    List.of(), Set.of()), ZonePolicy.DEFAULT_BLAST_RADIUS);
            ZoneLimits limits = ZoneLimits.defaults();
            try (ZonePublisher publisher = ZonePublisher.start(kafka, "rootzone-publisher-bench", "publisher-bench", Name.root,
                    policy, limits, 100, Gatekeeper.standard(), PublisherKeys.of(signer), logs, Clock.systemUTC())) {
                Thread.sleep(Long.getLong("warm.wait.ms", 8000)); // the publisher's warm-up runs in the background at start
                System.out.printf("%-12s %-10s %10s %10s %12s %12s %14s %10s%n", "serial", "status", "delta", "wall_ms", "thread_cpu_ms", "jvm_cpu_ms",
                        "gc_pauses_ms", "alloc_mb");
                for (int i = 0; i < versions.size(); i++) {
                    byte[] text = versions.get(i);
                    // What the client signs (the CLI parses the file for it): not part of the publisher's time.
                    Zone client = ZoneParser.parse(text, Name.root, names.get(i), limits);
                    Requester.Signed requester = new Requester.Signed("bench", "bench-key", new byte[64], client.serial(),
                            ContentDigest.of(client));
                    client = null;
                    System.gc();
                    java.util.Map<String, Long> threads0 = threadTicks();
                    long gc0 = gcMillis();
                    long alloc0 = allocatedBytes();
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    long jvm0 = OS.getProcessCpuTime();
                    Instant received = Instant.now();
                    long t0 = System.nanoTime();
                    PublishOutcome out = publisher.publish(text, new PublishRequest("http", requester, null, received));
                    long wall = System.nanoTime() - t0;
                    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
                    long jvm = OS.getProcessCpuTime() - jvm0;
                    long gc = gcMillis() - gc0;
                    long alloc = allocatedBytes() - alloc0;
                    String delta = out instanceof PublishOutcome.Published p ? "-" + p.removed() + "+" + p.added() : "";
                    System.out.printf("%-12s %-10s %10s %10.1f %12.1f %12.1f %14d %10.0f%n", out instanceof PublishOutcome.Published p ? p.serial() : "?",
                            out.status(), delta, wall / 1e6, cpu / 1e6, jvm / 1e6, gc, alloc / 1e6);
                    System.out.println("  CPU by thread (ms, /proc): " + cpuByThread(threads0, threadTicks()));
                    if (out instanceof PublishOutcome.Refused r) {
                        System.out.println("  refused: " + r.reason() + ": " + r.detail());
                    }
                    System.out.flush();
                }
            }
        }
    }

    /** CPU ticks of this process's threads (JIT compilers and GC workers included) by name, digits left out: /proc/self/task. */
    static java.util.Map<String, Long> threadTicks() {
        java.util.Map<String, Long> ticks = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (java.io.IOException | RuntimeException ended) {
                    // a thread that ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return ticks;
        }
        return ticks;
    }

    /** The threads that took at least 50 ms between two readings, most first (a tick is 10 ms). */
    static String cpuByThread(java.util.Map<String, Long> before, java.util.Map<String, Long> after) {
        return after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L)) * 10))
                .filter(e -> e.getValue() >= 50)
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Time the JVM's collectors spent in their collections so far (stop-the-world pauses for Serial, Parallel and G1's young and full). */
    static long gcMillis() {
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /** Bytes allocated so far by all live threads (the request thread, the parser's helpers, the broker, the producer). */
    static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) THREADS;
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, b);
        }
        return sum;
    }

    /** The routine 10-record delta (SOA serial, 4 DS) and one glue address changed: 12 records. */
    static ZoneDiff twelveRecordChange(Zone zone) throws Exception {
        ZoneDiff routine = SyntheticZone.routineDelta(zone, 7);
        List<Record> removed = new ArrayList<>(routine.removed());
        List<Record> added = new ArrayList<>(routine.added());
        Name ns = Name.fromString("ns0.nic.d3.");
        ARecord old = (ARecord) zone.rrset(ns, Type.A).first();
        removed.add(old);
        added.add(new ARecord(ns, old.getDClass(), old.getTTL(), java.net.InetAddress.getByAddress(new byte[] {10, 99, 99, 99})));
        removed.sort(rootzone.zone.CanonicalOrder.RECORDS);
        added.sort(rootzone.zone.CanonicalOrder.RECORDS);
        return new ZoneDiff(zone.serial(), zone.serial() + 1, removed, added);
    }
}
