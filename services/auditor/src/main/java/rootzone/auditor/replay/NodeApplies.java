package rootzone.auditor.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each serving node applied each serial (NodeApplied events), kept per serial. A node that
 * reports the same serial again (a restart) keeps its first application: load time is about when the
 * serial first reached the node.
 */
public final class NodeApplies {

    /** One node's application of a serial, as its NodeApplied states it. */
    public record Applied(String nodeId, Instant appliedAt, long versionOffset, String contentDigest) {}

    private final Map<Long, Map<String, Applied>> bySerial = new ConcurrentHashMap<>();

    private final List<java.util.function.BiConsumer<Long, Applied>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void add(long serial, Applied applied) {
        if (bySerial.computeIfAbsent(serial, s -> new ConcurrentHashMap<>()).putIfAbsent(applied.nodeId(), applied) == null) {
            listeners.forEach(l -> l.accept(serial, applied));
        }
    }

    /** Told every first application of a serial by a node (the dashboard's live updates). */
    public void onAdd(java.util.function.BiConsumer<Long, Applied> listener) {
        listeners.add(listener);
    }

    /** The applications of a serial, by node id. */
    public List<Applied> of(long serial) {
        return List.copyOf(new TreeMap<>(bySerial.getOrDefault(serial, Map.of())).values());
    }

    /** Every application by serial (for the replay position); add() them back to restore. */
    public Map<Long, List<Applied>> all() {
        Map<Long, List<Applied>> out = new TreeMap<>();
        bySerial.forEach((serial, byNode) -> out.put(serial, List.copyOf(new TreeMap<>(byNode).values())));
        return out;
    }

    /**
     * The 95th percentile (nearest rank) of the given latencies: the RSSAC002 load-time measure across
     * nodes, computed from events rather than self-reported.
     */
    public static Duration p95(List<Duration> latencies) {
        return percentile(latencies, 0.95);
    }

    /** The q-quantile (0 < q <= 1) by nearest rank. */
    public static Duration percentile(List<Duration> latencies, double q) {
        if (latencies.isEmpty()) {
            throw new IllegalArgumentException("no latencies");
        }
        List<Duration> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        int rank = Math.max(1, (int) Math.ceil(q * sorted.size()));
        return sorted.get(rank - 1);
    }
}
