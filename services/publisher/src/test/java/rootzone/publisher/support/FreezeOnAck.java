package rootzone.publisher.support;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka client interceptor (interceptor.classes) that, once armed, runs an action (freezing the
 * broker) when a record of a topic is acknowledged. Armed on the transparency log's checkpoints, the
 * last record of a publication's transaction, every record is then acknowledged and the next request
 * is the commit, whose answer is lost (on one broker, answers come in order on one connection, so
 * nothing sent before the checkpoint is still waiting). Armed on the versions topic, the records sent
 * after the version (its log entry and checkpoint) are never acknowledged. Consumers pass through (the
 * same connection makes both).
 */
public final class FreezeOnAck implements ProducerInterceptor<Object, Object>, ConsumerInterceptor<Object, Object> {

    private record Armed(String topic, Runnable action) {}

    private static final AtomicReference<Armed> ARMED = new AtomicReference<>();

    /** Runs {@code action} once, when the next record of {@code topic} is acknowledged. */
    public static void arm(String topic, Runnable action) {
        ARMED.set(new Armed(topic, action));
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        Armed armed = ARMED.get();
        if (exception == null && metadata != null && armed != null && armed.topic().equals(metadata.topic())) {
            Runnable action = ARMED.getAndSet(null) == armed ? armed.action() : null;
            if (action != null) {
                action.run();
            }
        }
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        return record;
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {}

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
}
