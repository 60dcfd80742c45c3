package rootzone.eventlog;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.avro.specific.SpecificRecord;
import rootzone.events.Envelope;
import rootzone.events.EventCodec;

/**
 * Finds the tips of a producer's chains on one topic partition by reading the log back with
 * read_committed: the writer never trusts its own memory across a restart or an abort.
 *
 * <p>Only events {@link OwnEvents} accepts count: another writer may claim our producer name.
 *
 * <p>Scans backwards from the end in growing windows, so the cost is that of the recent history, not
 * of the whole topic. Reads up to the high watermark as it was when recovery began, so a transaction of
 * another producer still open at that moment is waited for rather than read past: an event of ours
 * committed after it would otherwise be invisible (it lies beyond the last stable offset).
 */
final class ChainRecovery {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final long FIRST_WINDOW = 256;

    private final Admin admin;
    private final KafkaConsumer<String, byte[]> consumer;
    private final EventCodec codec = EventCodec.get();
    private final OwnEvents own;

    ChainRecovery(Admin admin, KafkaConsumer<String, byte[]> consumer, OwnEvents own) {
        this.admin = admin;
        this.consumer = consumer;
        this.own = own;
    }

    /**
     * What a backward scan learned: the tips of every key of the producer it met (each is the key's
     * true tip, as windows are read newest first), and whether it reached the start of the partition,
     * in which case every key not met has no event of this producer at all.
     */
    record Scan(Map<String, ChainLink> tips, boolean complete) {}

    /**
     * Scans back from the end until {@code key}'s tip is found or the partition's start is reached.
     *
     * @param limit where the caller's own open transaction starts on this partition (Long.MAX_VALUE if
     *     none): its records stay invisible until it commits, so waiting for them would never end, and
     *     every earlier event of ours lies before them
     */
    Scan scan(String producer, TopicPartition tp, String key, long limit) {
        long begin = offset(tp, OffsetSpec.earliest());
        long end = Math.min(limit, offset(tp, OffsetSpec.latest())); // high watermark: includes open transactions
        consumer.assign(List.of(tp));
        Map<String, ChainLink> tips = new HashMap<>();
        long windowEnd = end;
        long window = FIRST_WINDOW;
        while (windowEnd > begin) {
            long from = Math.max(begin, windowEnd - window);
            lastInRange(producer, tp, from, windowEnd).forEach(tips::putIfAbsent);
            if (tips.containsKey(key)) {
                return new Scan(tips, false);
            }
            windowEnd = from;
            window *= 4;
        }
        return new Scan(tips, true);
    }

    /** The last event of the producer per key in [from, to). */
    private Map<String, ChainLink> lastInRange(String producer, TopicPartition tp, long from, long to) {
        consumer.seek(tp, from);
        Map<String, ChainLink> last = new HashMap<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (consumer.position(tp) < to) {
            if (System.nanoTime() > deadline) {
                throw new EventLogException("recovering the chains of " + producer + " on " + tp + ": offset " + to
                        + " not readable within " + TIMEOUT.toMinutes() + " min (a transaction of another producer stays open?)");
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500)).records(tp)) {
                if (r.offset() >= to) {
                    break;
                }
                if (r.key() == null || r.value() == null) {
                    continue;
                }
                SpecificRecord event = eventOrNull(r.value());
                Envelope envelope = event == null ? null : EventCodec.envelopeOf(event);
                if (envelope != null && producer.equals(envelope.getProducer()) && own.isOurs(tp.topic(), r.key(), event)) {
                    last.put(r.key(), new ChainLink(envelope.getSequence(), EventCodec.hash(r.value())));
                }
            }
        }
        return last;
    }

    private SpecificRecord eventOrNull(byte[] value) {
        try {
            SpecificRecord event = codec.decode(value);
            return EventCodec.envelopeOf(event) == null ? null : event;
        } catch (RuntimeException notAnEvent) {
            // Not ours to judge here: ChainVerifier reports undecodable values.
            return null;
        }
    }

    private long offset(TopicPartition tp, OffsetSpec spec) {
        try {
            return admin.listOffsets(Map.of(tp, spec), new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .partitionResult(tp).get().offset();
        } catch (ExecutionException e) {
            throw new EventLogException("cannot read offsets of " + tp + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventLogException("interrupted reading offsets of " + tp, e);
        }
    }
}
