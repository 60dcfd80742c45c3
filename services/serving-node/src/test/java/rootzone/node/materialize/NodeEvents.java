package rootzone.node.materialize;
import rootzone.eventlog.LogSource;
import rootzone.eventlog.LogReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import rootzone.events.EventCodec;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;

/** Reads every committed event of a type from a topic (all partitions), optionally one key only. */
public final class NodeEvents {

    /** Read as the auditor, who may read every topic. */
    public static <T extends SpecificRecord> List<T> read(String topic, String key, Class<T> type) {
        return LogReader.all(SharedKafkaBroker.connection(Role.AUDITOR), "test-read", LogSource.all(topic)).stream()
                .filter(e -> key == null || key.equals(e.key())).flatMap(e -> e.as(type).stream()).toList();
    }

    private NodeEvents() {}
}
