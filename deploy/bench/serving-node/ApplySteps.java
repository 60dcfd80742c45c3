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
import rootzone.eventlog.VersionApplier;
import rootzone.node.dns.ServedZone;
import rootzone.zone.ContentDigest;
import rootzone.zone.ContentRoot;
import rootzone.zone.StatedContent;
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
 * checked against) of 8 of the versions. "verify" is the node's own check of the same version as a v5
 * commit states it (event-log VersionApplier.apply with the stated content root: delta, serial, count,
 * content root), on a second chain of the same versions; "verify-v4" the same for a commit without a
 * content root (VersionApplier.apply against the flat digest), on a third chain, for 8 versions.
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

    /** Whether version {@code n} (1-based) is one of the 8 after warm-up timed as a v4 commit. */
    private static boolean v4(int n, int versions, int warmup) {
        return n > warmup && n <= warmup + 8;
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
        // What each version's commit states, from a chain of its own (untimed).
        List<byte[]> roots = new ArrayList<>();
        List<byte[]> digests = new ArrayList<>();
        Zone s = zone;
        for (ZoneDiff d : deltas) {
            s = d.applyTo(s);
            roots.add(ContentRoot.of(s));
            digests.add(v4(roots.size(), versions, warmup) ? ContentDigest.of(s) : null);
        }
        ServedZone served = new ServedZone();
        served.switchTo(zone);
        ContentRoot.of(zone);
        Map<String, List<Long>> times = new LinkedHashMap<>();
        for (String step : List.of("apply", "content-root", "index+switch", "total", "full-digest", "verify", "verify-v4")) {
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
        // The node's check, VersionApplier, on fresh chains (their blocks digested as a node's would be).
        Name origin = zone.origin();
        Zone v5 = zone;
        Zone v4 = zone;
        ContentRoot.of(v5);
        for (int v = 0; v < deltas.size(); v++) {
            ZoneDiff d = deltas.get(v);
            long t0 = cpu();
            v5 = VersionApplier.apply(v5, origin, new VersionApplier.Stated(d.toSerial(), d.fromSerial(), v5.size()
                    - d.removed().size() + d.added().size(), new StatedContent.Root(roots.get(v))), d);
            long t1 = cpu();
            if (v >= warmup) {
                times.get("verify").add(t1 - t0);
            }
            if (digests.get(v) != null) {
                long t2 = cpu();
                v4 = VersionApplier.apply(v4, origin, new VersionApplier.Stated(d.toSerial(), d.fromSerial(), v4.size()
                        - d.removed().size() + d.added().size(), new StatedContent.Digest(digests.get(v))), d);
                times.get("verify-v4").add(cpu() - t2);
            } else {
                v4 = d.applyTo(v4);
            }
        }
        for (Map.Entry<String, List<Long>> e : times.entrySet()) {
            long[] xs = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("%s %d %.2f %.2f%n", e.getKey(), head.size(), xs[(xs.length - 1) / 2] / 1e6, xs[xs.length - 1] / 1e6);
        }
    }
}
