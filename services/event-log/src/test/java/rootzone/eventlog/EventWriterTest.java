package rootzone.eventlog;

import rootzone.events.AvroBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import rootzone.events.Envelope;
import rootzone.events.EventCodec;
import rootzone.events.NodeApplied;
import rootzone.events.Topics;
import rootzone.kafka.KafkaBrokerExtension;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleAcls;

/** The chained transactional writer against a real broker. */
@ExtendWith(KafkaBrokerExtension.class)
class EventWriterTest {

    private static final EventCodec CODEC = EventCodec.get();

    static NodeApplied applied(String node, long serial) {
        return NodeApplied.newBuilder()
                .setEnvelope(Envelopes.placeholder())
                .setNodeId(node)
                .setSerial(serial)
                .setAppliedAt(Instant.ofEpochMilli(1_700_000_000_000L + serial))
                .setVersionOffset(serial)
                .setContentDigest(ByteBuffer.wrap(new byte[32]))
                .build();
    }

    /** A writer as the serving node {@code node}: its own principal and transactional id. */
    static EventWriter nodeWriter(String node) {
        return new EventWriter(SharedKafkaBroker.connection(Role.node(node)), RoleAcls.nodeTransactionalId(node), node);
    }

    /** Every record of the topic (all partitions) with this key, read with read_committed by the auditor. */
    static List<ConsumerRecord<String, byte[]>> committed(String topic, String key) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = KafkaClients.committedReader(SharedKafkaBroker.connection(Role.AUDITOR), "test")) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            var end = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void oneTransactionIsReadBackWholeWithLinkedHashesAndAnAbortIsNeverSeen() {
        String node = "node-rt-" + UUID.randomUUID();
        try (EventWriter writer = nodeWriter(node)) {
            List<Long> offsets = writer.inTransaction(tx -> {
                List<EventWriter.Sent> sent = List.of(
                        tx.send(Topics.NODE_STATUS, node, ".", applied(node, 1)),
                        tx.send(Topics.NODE_STATUS, node, ".", applied(node, 2)),
                        tx.send(Topics.NODE_STATUS, node, ".", applied(node, 3)));
                tx.flush();
                return sent.stream().map(EventWriter.Sent::offset).toList();
            });
            assertThrows(IllegalStateException.class, () -> writer.inTransaction(tx -> {
                tx.send(Topics.NODE_STATUS, node, ".", applied(node, 666));
                tx.flush(); // really on the broker, then aborted
                throw new IllegalStateException("caller gives up");
            }));
            // After the abort the chain continues from the log, not from the aborted event.
            writer.writeOne(Topics.NODE_STATUS, node, ".", applied(node, 4));

            List<ConsumerRecord<String, byte[]>> records = committed(Topics.NODE_STATUS, node);
            List<NodeApplied> events = records.stream().map(r -> CODEC.decode(r.value(), NodeApplied.class)).toList();
            assertEquals(List.of(1L, 2L, 3L, 4L), events.stream().map(NodeApplied::getSerial).toList(), "aborted event never seen");
            assertEquals(offsets, records.subList(0, 3).stream().map(ConsumerRecord::offset).toList());

            byte[] previous = new byte[0];
            for (int i = 0; i < events.size(); i++) {
                Envelope e = events.get(i).getEnvelope();
                assertEquals(i, e.getSequence());
                assertEquals(node, e.getProducer());
                assertEquals("NodeApplied", e.getEventType());
                assertEquals(".", e.getZone());
                assertTrue(Arrays.equals(previous, AvroBytes.toArray(e.getPreviousHash())), "link " + i);
                previous = EventCodec.hash(records.get(i).value());
            }
            ChainVerifier verifier = new ChainVerifier(rootzone.eventlog.testing.TestPublisherKey.trusted());
            records.forEach(r -> verifier.accept(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
            assertTrue(verifier.firstBreak().isEmpty(), () -> verifier.firstBreak().get().toString());
            assertEquals(4, verifier.checked());
        }
    }

    @Test
    void aSecondWriterWithTheSameTransactionalIdFencesTheFirst() {
        String node = "node-fence-" + UUID.randomUUID();
        String txId = RoleAcls.nodeTransactionalId(node);
        try (EventWriter first = nodeWriter(node)) {
            first.writeOne(Topics.NODE_STATUS, node, ".", applied(node, 1));
            try (EventWriter second = nodeWriter(node)) {
                WriterFencedException fenced = assertThrows(WriterFencedException.class,
                        () -> first.writeOne(Topics.NODE_STATUS, node, ".", applied(node, 2)));
                assertTrue(fenced.getMessage().contains(txId), fenced.getMessage());
                // Stopped for good, with the same clear error.
                assertThrows(WriterFencedException.class, () -> first.writeOne(Topics.NODE_STATUS, node, ".", applied(node, 3)));
                second.writeOne(Topics.NODE_STATUS, node, ".", applied(node, 4));
            }
        }
        List<NodeApplied> events = committed(Topics.NODE_STATUS, node).stream()
                .map(r -> CODEC.decode(r.value(), NodeApplied.class)).toList();
        assertEquals(List.of(1L, 4L), events.stream().map(NodeApplied::getSerial).toList());
        assertEquals(List.of(0L, 1L), events.stream().map(e -> e.getEnvelope().getSequence()).toList(),
                "the new instance continued the chain it recovered from the log");
    }

    @Test
    void aRestartedWriterContinuesTheChainFromTheLog() {
        String node = "node-restart-" + UUID.randomUUID();
        ChainLink tipBefore;
        try (EventWriter writer = nodeWriter(node)) {
            for (int i = 0; i < 3; i++) {
                writer.writeOne(Topics.NODE_STATUS, node, ".", applied(node, i));
            }
            tipBefore = writer.tip(Topics.NODE_STATUS, node);
        }
        // Unrelated traffic by another producer on the same partition after our last event.
        String other = "other-" + UUID.randomUUID();
        try (EventWriter writer = nodeWriter(other)) {
            for (int i = 0; i < 300; i++) {
                writer.writeOne(Topics.NODE_STATUS, node, ".", applied(node, 1000 + i));
            }
        }
        List<ConsumerRecord<String, byte[]>> mine;
        try (EventWriter restarted = nodeWriter(node)) {
            assertEquals(tipBefore, restarted.tip(Topics.NODE_STATUS, node), "recovered tip");
            assertEquals(2, tipBefore.sequence());
            restarted.writeOne(Topics.NODE_STATUS, node, ".", applied(node, 3));
        }
        mine = committed(Topics.NODE_STATUS, node).stream()
                .filter(r -> node.equals(EventCodec.envelopeOf(CODEC.decode(r.value())).getProducer())).toList();
        assertEquals(4, mine.size());
        Envelope last = EventCodec.envelopeOf(CODEC.decode(mine.get(3).value()));
        assertEquals(3, last.getSequence());
        assertTrue(Arrays.equals(EventCodec.hash(mine.get(2).value()), AvroBytes.toArray(last.getPreviousHash())));
        ChainVerifier verifier = new ChainVerifier(rootzone.eventlog.testing.TestPublisherKey.trusted());
        committed(Topics.NODE_STATUS, node)
                .forEach(r -> verifier.accept(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
        assertFalse(verifier.firstBreak().isPresent(), () -> verifier.firstBreak().get().toString());
    }

    @Test
    void anOversizedEventAbortsTheTransactionAndWritesNothing() {
        String node = "node-big-" + UUID.randomUUID();
        try (EventWriter writer = nodeWriter(node)) {
            NodeApplied big = applied(node, 1);
            big.setContentDigest(ByteBuffer.wrap(new byte[Topics.MAX_RECORD_BYTES]));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer.inTransaction(tx -> {
                tx.send(Topics.NODE_STATUS, node, ".", applied(node, 0));
                return tx.send(Topics.NODE_STATUS, node, ".", big);
            }));
            assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
            writer.writeOne(Topics.NODE_STATUS, node, ".", applied(node, 2));
        }
        List<NodeApplied> events = committed(Topics.NODE_STATUS, node).stream()
                .map(r -> CODEC.decode(r.value(), NodeApplied.class)).toList();
        assertEquals(List.of(2L), events.stream().map(NodeApplied::getSerial).toList());
        assertEquals(0, events.get(0).getEnvelope().getSequence());
    }
}
