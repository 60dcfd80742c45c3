package rootzone.node.materialize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import rootzone.eventlog.KafkaClients;
import rootzone.events.EventCodec;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;

/** Reads every committed event of a type from a topic (all partitions), optionally one key only. */
public final class NodeEvents {

    /** Read as the auditor, who may read every topic. */
    public static <T extends SpecificRecord> List<T> read(String topic, String key, Class<T> type) {
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = KafkaClients.committedReader(SharedKafkaBroker.connection(Role.AUDITOR), "test-read")) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            var end = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if ((key == null || key.equals(r.key())) && type.equals(EventCodec.get().typeOf(r.value()))) {
                        out.add(EventCodec.get().decode(r.value(), type));
                    }
                }
            }
        }
        return out;
    }

    private NodeEvents() {}
}
