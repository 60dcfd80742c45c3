package rootzone.auditor.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import rootzone.auditor.index.IndexedVersion;
import rootzone.auditor.replay.NodeApplies;

/**
 * Publication latency: for a serial, each node's apply time minus the version's commit time (its
 * NodeApplied against the ZoneVersionCommitted), the p95 across nodes (RSSAC002 load-time, computed
 * from events rather than self-reported) and the slowest node; over the history, the distribution.
 */
final class Latencies {

    /** Upper bounds of the distribution's buckets, in ms: load times from sub-second to minutes. */
    private static final long[] BOUNDS = {50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 300_000};

    static Views.Latency of(IndexedVersion v, NodeApplies applies) {
        List<Views.NodeLatency> nodes = new ArrayList<>();
        List<Duration> latencies = new ArrayList<>();
        for (NodeApplies.Applied a : applies.of(v.serial())) {
            Duration d = Duration.between(v.committedAt(), a.appliedAt());
            latencies.add(d);
            nodes.add(new Views.NodeLatency(a.nodeId(), a.appliedAt(), d.toMillis(),
                    v.contentDigestHex().equals(a.contentDigest()) && v.offset() == a.versionOffset()));
        }
        Views.NodeLatency slowest = nodes.stream().max(Comparator.comparingLong(Views.NodeLatency::latencyMillis)).orElse(null);
        return new Views.Latency(v.serial(), v.committedAt(), nodes.size(),
                latencies.isEmpty() ? null : NodeApplies.p95(latencies).toMillis(), slowest, nodes);
    }

    static Views.LatencySummary summary(String zone, List<IndexedVersion> versions, NodeApplies applies) {
        List<Views.LatencyPoint> points = new ArrayList<>();
        List<Duration> all = new ArrayList<>();
        Map<String, List<Duration>> byNode = new TreeMap<>();
        int[] counts = new int[BOUNDS.length + 1];
        for (IndexedVersion v : versions) {
            Views.Latency l = of(v, applies);
            if (l.nodes() == 0) {
                continue;
            }
            points.add(new Views.LatencyPoint(l.serial(), l.committedAt(), l.nodes(), l.p95Millis(), l.slowest().node(),
                    l.slowest().latencyMillis()));
            for (Views.NodeLatency n : l.applied()) {
                Duration d = Duration.ofMillis(n.latencyMillis());
                all.add(d);
                byNode.computeIfAbsent(n.node(), k -> new ArrayList<>()).add(d);
                int b = 0;
                while (b < BOUNDS.length && n.latencyMillis() >= BOUNDS[b]) {
                    b++;
                }
                counts[b]++;
            }
        }
        List<Views.LatencyBucket> buckets = new ArrayList<>();
        for (int b = 0; b <= BOUNDS.length; b++) {
            buckets.add(new Views.LatencyBucket(b == 0 ? 0 : BOUNDS[b - 1], b < BOUNDS.length ? BOUNDS[b] : null, counts[b]));
        }
        List<Views.NodeLatencies> nodes = new ArrayList<>();
        byNode.forEach((node, list) -> nodes.add(new Views.NodeLatencies(node, list.size(),
                NodeApplies.percentile(list, 0.5).toMillis(), NodeApplies.p95(list).toMillis(),
                list.stream().max(Comparator.naturalOrder()).orElseThrow().toMillis())));
        boolean none = all.isEmpty();
        return new Views.LatencySummary(zone, all.size(), none ? null : NodeApplies.percentile(all, 0.5).toMillis(),
                none ? null : NodeApplies.p95(all).toMillis(),
                none ? null : all.stream().max(Comparator.naturalOrder()).orElseThrow().toMillis(), buckets, nodes, points);
    }

    private Latencies() {}
}
