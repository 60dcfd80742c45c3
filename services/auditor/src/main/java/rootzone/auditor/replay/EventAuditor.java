package rootzone.auditor.replay;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;
import rootzone.eventlog.ChainBreak;
import rootzone.eventlog.ChainVerifier;
import rootzone.eventlog.KafkaClients;
import rootzone.events.EventCodec;
import rootzone.events.NodeApplied;
import rootzone.events.Topics;
import rootzone.events.VersionRejected;

/**
 * Reads every chained topic from offset 0 with one consumer: checks every hash link (event-log's
 * ChainVerifier, which stops judging at the first break and reports it precisely) and collects node
 * applications and rejections. The compacted snapshot topic is not chained: compaction removes
 * events by design; snapshots are checked against the versions topic's digests instead.
 */
public final class EventAuditor implements Runnable {

    private static final Logger LOG = Logger.getLogger(EventAuditor.class);
    private static final List<String> CHAINED = List.of(Topics.VERSIONS, Topics.REJECTIONS, Topics.NODE_STATUS, Topics.COORDINATION);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final NodeApplies applies;
    private final RejectionLog rejections;
    private final ChainVerifier verifier = new ChainVerifier();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private volatile String error;

    public EventAuditor(String bootstrapServers, NodeApplies applies, RejectionLog rejections) {
        this.bootstrapServers = bootstrapServers;
        this.applies = applies;
        this.rejections = rejections;
    }

    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        while (!stopped) {
            try (KafkaConsumer<String, byte[]> consumer = KafkaClients.committedReader(bootstrapServers, "auditor-chains")) {
                List<TopicPartition> tps = new ArrayList<>();
                for (String topic : CHAINED) {
                    List<PartitionInfo> infos = consumer.partitionsFor(topic);
                    if (infos == null || infos.isEmpty()) {
                        throw new IllegalStateException("topic " + topic + " does not exist");
                    }
                    infos.forEach(p -> tps.add(new TopicPartition(p.topic(), p.partition())));
                }
                consumer.assign(tps);
                // Resume where this thread was (after a lost connection), else from the beginning.
                for (TopicPartition tp : tps) {
                    consumer.seek(tp, positions.getOrDefault(tp, 0L));
                }
                long nextEndCheck = 0;
                error = null;
                while (!stopped) {
                    if (System.nanoTime() >= nextEndCheck) {
                        ends.putAll(consumer.endOffsets(tps));
                        nextEndCheck = System.nanoTime() + 1_000_000_000L;
                    }
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                        accept(r);
                    }
                    for (TopicPartition tp : tps) {
                        positions.put(tp, consumer.position(tp));
                    }
                }
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                error = e.toString();
                LOG.warnf("event audit interrupted, retrying in 2 s: %s", e);
                sleep(2_000);
            }
        }
    }

    private void accept(ConsumerRecord<String, byte[]> r) {
        synchronized (verifier) {
            if (r.value() != null) {
                Optional<ChainBreak> before = verifier.firstBreak();
                Optional<ChainBreak> now = verifier.accept(r.topic(), r.partition(), r.offset(), r.key(), r.value());
                if (before.isEmpty() && now.isPresent()) {
                    LOG.errorf("hash chain broken: %s", now.get());
                }
            }
        }
        if (r.value() == null) {
            return;
        }
        SpecificRecord event;
        try {
            event = EventCodec.get().decode(r.value());
        } catch (IllegalArgumentException e) {
            return; // the chain verifier has reported it
        }
        if (event instanceof NodeApplied a) {
            applies.add(a.getSerial(), new NodeApplies.Applied(a.getNodeId(), a.getAppliedAt(), a.getVersionOffset(),
                    hex(a.getContentDigest())));
        } else if (event instanceof VersionRejected v) {
            rejections.add(new RejectionLog.Rejection(v.getEnvelope().getProducedAt(), v.getEnvelope().getProducer(),
                    v.getRejectedBy().name(), v.getSerial(), v.getReason(), v.getDetail(), v.getSource(),
                    v.getRequestedBy(), v.getEnvelope().getZone(), r.partition(), r.offset()));
        }
    }

    /** The first hash-chain break, if any. */
    public Optional<ChainBreak> firstBreak() {
        synchronized (verifier) {
            return verifier.firstBreak();
        }
    }

    /** Events whose link was checked and held. */
    public long checked() {
        synchronized (verifier) {
            return verifier.checked();
        }
    }

    /** True once every chained partition has been read up to its end as last seen. */
    public boolean caughtUp() {
        return !ends.isEmpty() && ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    public Map<String, Long> positions() {
        Map<String, Long> out = new java.util.TreeMap<>();
        positions.forEach((tp, o) -> out.put(tp.toString(), o));
        return out;
    }

    public String error() {
        return error;
    }

    static String hex(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return HexFormat.of().formatHex(out);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
