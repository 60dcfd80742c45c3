package rootzone.eventlog.testing;
import rootzone.eventlog.LogSource;
import rootzone.eventlog.LogReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import rootzone.events.EventCodec;
import rootzone.events.LogCheckpoint;
import rootzone.kafka.access.KafkaConnection;

/** Test reader of the committed LogCheckpoint events of one log (by origin), in topic order. Shared through the test-jar. */
public final class LogCheckpoints {

    public static List<LogCheckpoint> read(KafkaConnection kafka, String topic, String origin) {
        return LogReader.all(kafka, "test-log-checkpoints", LogSource.first(topic)).stream()
                .map(e -> e.require(LogCheckpoint.class)).filter(cp -> cp.getOrigin().equals(origin)).toList();
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
