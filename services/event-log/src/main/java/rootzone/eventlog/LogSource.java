package rootzone.eventlog;

import java.util.List;
import java.util.Objects;

/** Which partitions a reader of the log reads. */
public sealed interface LogSource {

    /** Every partition of these topics. */
    record AllPartitions(List<String> topics) implements LogSource {
        public AllPartitions {
            topics = List.copyOf(topics);
        }
    }

    /** One partition of a topic. */
    record Partition(String topic, int partition) implements LogSource {
        public Partition {
            Objects.requireNonNull(topic);
        }
    }

    /** The partition a key's events go to (the writer's partitioner), e.g. one zone's versions. */
    record OfKey(String topic, String key) implements LogSource {
        public OfKey {
            Objects.requireNonNull(topic);
            Objects.requireNonNull(key);
        }
    }

    static LogSource all(String... topics) {
        return new AllPartitions(List.of(topics));
    }

    /** Partition 0: the single-partition topics (coordination, log checkpoints). */
    static LogSource first(String topic) {
        return new Partition(topic, 0);
    }

    static LogSource ofKey(String topic, String key) {
        return new OfKey(topic, key);
    }
}
