package rootzone.eventlog.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import rootzone.eventlog.KafkaClients;
import rootzone.events.EventCodec;
import rootzone.events.LogCheckpoint;
import rootzone.kafka.access.KafkaConnection;

/** Test reader of the committed LogCheckpoint events of one log (by origin), in topic order. Shared through the test-jar. */
public final class LogCheckpoints {

    public static List<LogCheckpoint> read(KafkaConnection kafka, String topic, String origin) {
        List<LogCheckpoint> out = new ArrayList<>();
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, byte[]> c = KafkaClients.committedReader(kafka, "test-log-checkpoints")) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    LogCheckpoint cp = EventCodec.get().decode(r.value(), LogCheckpoint.class);
                    if (cp.getOrigin().equals(origin)) {
                        out.add(cp);
                    }
                }
            }
        }
        return out;
    }

    /** The raw bytes of a LogCheckpoint's entry. */
    public static byte[] entry(LogCheckpoint cp, int i) {
        java.nio.ByteBuffer b = cp.getEntries().get(i).duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private LogCheckpoints() {}
}
