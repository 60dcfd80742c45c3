package rootzone.eventlog;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition of a key: the same murmur2 hash as Kafka's default partitioner, computed here so the
 * writer can send to, and read its chain back from, exactly that partition.
 */
final class Partitions {

    static int forKey(String key, int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partition count must be positive: " + partitionCount);
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    private Partitions() {}
}
