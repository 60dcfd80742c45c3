import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import rootzone.node.dns.ServedZone;
import rootzone.node.materialize.LocalStore;
import rootzone.node.materialize.NodePolicy;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.ZoneParser;
import rootzone.zone.Zonemd;

/**
 * Bench helper (java single-file program): where a serving node's time per version goes, without
 * Kafka. For each consecutive pair of real root zone files it runs the steps the Materializer runs
 * between reading a version and serving it, in the same order, and times each:
 * apply the delta (merge + canonical check), content digest, policy (ZONEMD), index build and switch,
 * local snapshot save (write + fsync). The diffs are computed ahead, as the publisher does. The
 * 2023 root zone files carry a private-algorithm ZONEMD the policy skips, so the SHA-384 ZONEMD digest
 * a current root zone needs is timed on its own ("zonemd"), not counted in the total.
 *
 * <pre>java -cp NODE_TEST_CLASSPATH MaterializeSteps.java ROUNDS WARMUP ZONEFILE...</pre>
 *
 * Applies the sequence of versions ROUNDS times (each round from the first file again, for a profiler
 * to sample enough) and prints p50/max per step over the versions after the first WARMUP.
 */
public final class MaterializeSteps {

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        int warmup = Integer.parseInt(args[1]);
        List<Zone> zones = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            zones.add(ZoneParser.parse(Path.of(args[i]), Name.root));
        }
        List<ZoneDiff> diffs = new ArrayList<>();
        for (int i = 1; i < zones.size(); i++) {
            diffs.add(ZoneDiff.between(zones.get(i - 1), zones.get(i)));
        }
        Path dir = Files.createTempDirectory("materialize-steps");
        LocalStore store = new LocalStore(dir, ".");
        ServedZone served = new ServedZone();
        NodePolicy policy = NodePolicy.digestOnly();
        served.switchTo(zones.get(0));
        Map<String, List<Long>> times = new LinkedHashMap<>();
        for (String step : List.of("apply", "digest", "policy", "index+switch", "save", "total", "zonemd")) {
            times.put(step, new ArrayList<>());
        }
        int applied = 0;
        for (int round = 0; round < rounds; round++) {
            Zone head = zones.get(0);
            for (int i = 0; i < diffs.size(); i++, applied++) {
                ZoneDiff d = diffs.get(i);
                long t0 = System.nanoTime();
                Zone next = d.applyTo(head);
                long t1 = System.nanoTime();
                byte[] digest = ContentDigest.of(next);
                long t2 = System.nanoTime();
                if (policy.check(next, Instant.now()).isPresent()) {
                    throw new IllegalStateException("serial " + next.serial() + " fails the policy");
                }
                long t3 = System.nanoTime();
                served.switchTo(next);
                long t4 = System.nanoTime();
                store.save(next, i, digest, i + 1);
                long t5 = System.nanoTime();
                Zonemd.digest(next, Zonemd.SHA384);
                long t6 = System.nanoTime();
                long[] step = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t5 - t0, t6 - t5};
                if (applied >= warmup) {
                    int k = 0;
                    for (List<Long> l : times.values()) {
                        l.add(step[k++]);
                    }
                }
                head = next;
            }
        }
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            long[] xs = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
            if (xs.length > 0) {
                System.out.printf("%14s: p50 %6.1f ms  max %6.1f ms  (%d versions)%n", e.getKey(), ms(xs[(xs.length - 1) / 2]),
                        ms(xs[xs.length - 1]), xs.length);
            }
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
