package rootzone.auditor.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import rootzone.auditor.index.HistoryIndex;
import rootzone.auditor.index.IndexedVersion;

/**
 * Each serving node as the log shows it now: the serial it last applied (its NodeApplied events), how
 * many versions of the zone came after that one, and its last refusal (VersionRejected by NODE). Only
 * what nodes wrote to the log: a node that stopped writing keeps its last state here.
 */
public final class NodeStates {

    /** How long a node may stay behind a new version before it counts as lagging rather than catching up. */
    public static final Duration CATCH_UP_GRACE = Duration.ofSeconds(30);

    public enum Health {
        /** Serves the zone's latest version. */
        SERVING_LATEST,
        /** Behind, but the first version it misses was committed less than {@link #CATCH_UP_GRACE} ago. */
        CATCHING_UP,
        /** Behind for longer than the grace. */
        LAGGING,
        /** Its latest event is a refusal of a version newer than the one it serves, or it has refused every version it got. */
        REFUSING
    }

    /**
     * @param servedSerial null when the node never applied a version of this zone
     * @param versionsBehind versions of the zone after the one it serves (all of them when it serves none)
     */
    public record NodeState(String node, Long servedSerial, Instant appliedAt, int versionsBehind, Health health,
                            RejectionLog.Rejection lastRejection) {}

    /**
     * The nodes that applied or refused a version of the zone, by node id. A NODE rejection names its
     * producer; a node's producer is "node-" + its id (serving-node NodeEventWriter.producerName), so
     * both spellings name the same node.
     */
    public static List<NodeState> of(HistoryIndex index, String zone, NodeApplies applies, RejectionLog rejections, Instant now) {
        Map<String, NodeApplies.Applied> lastApplied = new TreeMap<>();
        Map<String, Long> lastSerial = new TreeMap<>();
        applies.all().forEach((serial, list) -> {
            if (index.position(serial).isEmpty()) {
                return; // a serial of another zone
            }
            for (NodeApplies.Applied a : list) {
                NodeApplies.Applied before = lastApplied.get(a.nodeId());
                if (before == null || a.versionOffset() > before.versionOffset()) {
                    lastApplied.put(a.nodeId(), a);
                    lastSerial.put(a.nodeId(), serial);
                }
            }
        });
        Map<String, RejectionLog.Rejection> lastRejection = new TreeMap<>();
        for (RejectionLog.Rejection r : rejections.all()) {
            if ("NODE".equals(r.role()) && zone.equals(r.zone())) {
                lastRejection.put(nodeId(r.by(), lastApplied), r);
            }
        }
        List<String> nodes = new ArrayList<>(lastApplied.keySet());
        lastRejection.keySet().stream().filter(n -> !lastApplied.containsKey(n)).forEach(nodes::add);
        nodes.sort(Comparator.naturalOrder());
        List<IndexedVersion> versions = index.versions();
        List<NodeState> out = new ArrayList<>();
        for (String node : nodes) {
            NodeApplies.Applied a = lastApplied.get(node);
            Long serial = lastSerial.get(node);
            RejectionLog.Rejection rejected = lastRejection.get(node);
            int position = serial == null ? -1 : index.position(serial).orElse(-1);
            int behind = versions.size() - 1 - position;
            Health health;
            boolean refusedLater = rejected != null && (a == null || rejected.at().isAfter(a.appliedAt()))
                    && (rejected.serial() == null || serial == null || rejected.serial() > serial);
            if (a == null || refusedLater && behind > 0) {
                health = Health.REFUSING;
            } else if (behind == 0) {
                health = Health.SERVING_LATEST;
            } else {
                Instant firstMissed = versions.get(position + 1).committedAt();
                health = Duration.between(firstMissed, now).compareTo(CATCH_UP_GRACE) <= 0 ? Health.CATCHING_UP : Health.LAGGING;
            }
            out.add(new NodeState(node, serial, a == null ? null : a.appliedAt(), behind, health, rejected));
        }
        return out;
    }

    private static String nodeId(String producer, Map<String, ?> known) {
        return known.containsKey(producer) || !producer.startsWith("node-") ? producer : producer.substring("node-".length());
    }

    private NodeStates() {}
}
