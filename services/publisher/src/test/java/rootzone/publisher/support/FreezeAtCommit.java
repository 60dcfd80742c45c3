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
import rootzone.events.Topics;

/**
 * A Kafka client interceptor (interceptor.classes) that, once armed, runs an action (freezing the
 * broker) when the transparency log's checkpoint is acknowledged: the checkpoint is the last record of
 * a publication's transaction, so every record is acknowledged and the next request is the commit,
 * whose answer is then lost. On one broker, answers come in order on one connection, so nothing
 * sent before the checkpoint is still waiting. Consumers pass through (the same connection makes both).
 */
public final class FreezeAtCommit implements ProducerInterceptor<Object, Object>, ConsumerInterceptor<Object, Object> {

    private static final AtomicReference<Runnable> ARMED = new AtomicReference<>();

    /** Runs {@code action} once, at the next acknowledged checkpoint. */
    public static void arm(Runnable action) {
        ARMED.set(action);
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        if (exception == null && metadata != null && Topics.LOG_CHECKPOINTS.equals(metadata.topic())) {
            Runnable action = ARMED.getAndSet(null);
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
