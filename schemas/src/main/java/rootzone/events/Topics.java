package rootzone.events;

import java.util.List;
import java.util.Map;

/**
 * Every topic of the event contract, with its partitions and configuration, in one place. Topics are
 * created with exactly this configuration at start-up when missing (event-log TopicProvisioner).
 *
 * <p>History topics keep everything forever (retention.ms=-1, cleanup delete): they are the audit
 * record. Only the snapshot topic is compacted; it is a bootstrap cache that can always be rebuilt from
 * the versions topic.
 */
public final class Topics {

    /** Zone version deltas (ZoneVersionChunk ... ZoneVersionCommitted), keyed by zone. */
    public static final String VERSIONS = "rootzone.zone.versions";
    /** Full snapshots for bootstrap (ZoneSnapshotChunk, ZoneSnapshotHead), compacted. */
    public static final String SNAPSHOTS = "rootzone.zone.snapshots";
    /** Versions refused by the publisher or a node (VersionRejected), keyed by zone. */
    public static final String REJECTIONS = "rootzone.zone.rejections";
    /** What each serving node serves (NodeApplied), keyed by node id. */
    public static final String NODE_STATUS = "rootzone.node.status";
    /** Operator directory and operational change notices (OperatorChanged, NoticeEvent). */
    public static final String COORDINATION = "rootzone.coordination";

    /**
     * v4: the signed checkpoints of each zone's transparency log (LogCheckpoint), keyed by zone,
     * written by the publisher in the same transaction as the version or rejection they log.
     */
    public static final String LOG_CHECKPOINTS = "rootzone.log.checkpoints";
    /**
     * v4: the coordination log's checkpoints (LogCheckpoint), key "coordination", written by the
     * coordination service in the same transaction as the coordination event. A topic of its own so
     * that each log operator can write only its own log (ACLs cannot tell keys apart).
     */
    public static final String COORDINATION_LOG_CHECKPOINTS = "rootzone.coordination.checkpoints";

    /** Largest value a producer may write; brokers and topics accept it by default (1 MiB). */
    public static final int MAX_RECORD_BYTES = 1_000_000;

    public record TopicSpec(String name, int partitions, Map<String, String> config) {}

    private static final Map<String, String> FOREVER = Map.of(
            "retention.ms", "-1",
            "retention.bytes", "-1",
            "cleanup.policy", "delete",
            "max.message.bytes", "1048588");

    private static final Map<String, String> COMPACTED = Map.of(
            "cleanup.policy", "compact",
            "min.compaction.lag.ms", "3600000",
            "max.message.bytes", "1048588");

    /**
     * One partition for zone-keyed topics: versions of a zone must be totally ordered and the root
     * system has few zones and a version every few hours, so more partitions buy nothing. Node status
     * is keyed by node and grows with the number of nodes.
     */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(VERSIONS, 1, FOREVER),
            new TopicSpec(SNAPSHOTS, 1, COMPACTED),
            new TopicSpec(REJECTIONS, 1, FOREVER),
            new TopicSpec(NODE_STATUS, 3, FOREVER),
            new TopicSpec(COORDINATION, 1, FOREVER),
            new TopicSpec(LOG_CHECKPOINTS, 1, FOREVER),
            new TopicSpec(COORDINATION_LOG_CHECKPOINTS, 1, FOREVER));

    /**
     * Replicas per partition on a cluster of {@code brokers}: three where there are three or more
     * (one broker may fail and one be down for maintenance), else every broker.
     */
    public static short replicationFactor(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a Kafka cluster has at least one broker, not " + brokers);
        }
        return (short) Math.min(3, brokers);
    }

    /**
     * The durability settings of every topic with {@code replicas} replicas per partition: a write
     * (acks=all) is acknowledged only once two replicas have it where there are three, so losing the
     * leader loses nothing; and a replica that was not in sync never becomes leader (unclean leader
     * election would drop acknowledged writes: committed versions could vanish).
     */
    public static Map<String, String> durability(int replicas) {
        return Map.of(
                "min.insync.replicas", replicas >= 3 ? "2" : "1",
                "unclean.leader.election.enable", "false");
    }

    /** The topic's whole configuration on a cluster of {@code brokers}: its own settings plus durability. */
    public static Map<String, String> config(TopicSpec spec, int brokers) {
        Map<String, String> c = new java.util.TreeMap<>(spec.config());
        c.putAll(durability(replicationFactor(brokers)));
        return Map.copyOf(c);
    }

    /** Snapshot chunk key: compaction keeps the latest chunk per (zone, index). */
    public static String snapshotChunkKey(String zone, int chunkIndex) {
        return zone + "#" + chunkIndex;
    }

    private Topics() {}
}
