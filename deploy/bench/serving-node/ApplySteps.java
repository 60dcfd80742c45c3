import java.io.BufferedWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import rootzone.node.dns.ServedZone;
import rootzone.zone.ContentDigest;
import rootzone.zone.ContentRoot;
import rootzone.zone.SyntheticZone;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;
import rootzone.zone.ZoneFileWriter;

/**
 * Bench helper for apply.sh (java single-file program, on the node's test classpath): what a serving
 * node's apply steps cost per version of a synthetic root-like zone of SIZE records
 * (zone-core SyntheticZone), each version a 10-record delta (new SOA serial, new DS at 4 delegations,
 * SyntheticZone.routineDelta). Steps, in the Materializer's order, timed apart: apply the delta,
 * content root (ContentRoot, O(change)), index and switch (ServedZone.switchTo: ZoneIndex.next); and
 * apart, after them, the full content digest (ContentDigest, what a version without a content root is
 * checked against) of 8 of the versions.
 *
 * <pre>java -cp NODE_TEST_CLASSPATH ApplySteps.java OUTDIR SIZE VERSIONS WARMUP</pre>
 *
 * Writes OUTDIR/zone.0 (the first version, for Knot and NSD) and OUTDIR/update.N (version N's delta
 * as an nsupdate script body, for the reference servers to take the same change), then prints a line
 * per step: "step SIZE p50_ms max_ms" of the thread's CPU time over the versions after the first WARMUP.
 */
public final class ApplySteps {

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * The apply thread's CPU time: on a machine shared with other work, wall time mostly says how long
     * the thread waited for a core.
     */
    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int size = Integer.parseInt(args[1]);
        int versions = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        Files.createDirectories(out);
        Zone zone = SyntheticZone.of(Name.root, size, 2026010100L);
        try (Writer w = Files.newBufferedWriter(out.resolve("zone.0"))) {
            ZoneFileWriter.write(zone, w);
        }
        List<ZoneDiff> deltas = new ArrayList<>();
        Zone z = zone;
        for (int v = 1; v <= versions; v++) {
            ZoneDiff d = SyntheticZone.routineDelta(z, v);
            deltas.add(d);
            try (BufferedWriter w = Files.newBufferedWriter(out.resolve("update." + v))) {
                for (Record r : d.removed()) {
                    if (r.getType() != org.xbill.DNS.Type.SOA) { // the new SOA replaces it (RFC 2136 §3.4.2.2)
                        w.write("update delete " + r + "\n");
                    }
                }
                for (Record r : d.added()) {
                    w.write("update add " + r + "\n");
                }
            }
            z = d.applyTo(z); // a chain of its own: the timed one below starts again from zone
        }
        ServedZone served = new ServedZone();
        served.switchTo(zone);
        ContentRoot.of(zone);
        Map<String, List<Long>> times = new LinkedHashMap<>();
        for (String step : List.of("apply", "content-root", "index+switch", "total", "full-digest")) {
            times.put(step, new ArrayList<>());
        }
        Zone head = zone;
        List<Zone> applied = new ArrayList<>();
        for (int v = 0; v < deltas.size(); v++) {
            long t0 = cpu();
            Zone next = deltas.get(v).applyTo(head);
            long t1 = cpu();
            ContentRoot.of(next);
            long t2 = cpu();
            served.switchTo(next);
            long t3 = cpu();
            long[] step = {t1 - t0, t2 - t1, t3 - t2, t3 - t0};
            if (v >= warmup) {
                for (int k = 0; k < step.length; k++) {
                    times.get(List.of("apply", "content-root", "index+switch", "total").get(k)).add(step[k]);
                }
                applied.add(next);
            }
            head = next;
        }
        // The full digest apart, afterwards: it allocates per owner, and the collections it causes
        // would land in the steps above (a version stating no content root takes it on top).
        for (Zone z2 : applied.subList(0, Math.min(applied.size(), 8))) {
            long t0 = cpu();
            ContentDigest.of(z2);
            times.get("full-digest").add(cpu() - t0);
        }
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            long[] xs = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("%s %d %.2f %.2f%n", e.getKey(), head.size(), xs[(xs.length - 1) / 2] / 1e6, xs[xs.length - 1] / 1e6);
        }
    }
}
