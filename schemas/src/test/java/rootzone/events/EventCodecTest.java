package rootzone.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    static Envelope envelope(String type) {
        return Envelope.newBuilder().setEventId(UUID.randomUUID()).setEventType(type).setZone(".")
                .setProducer("publisher-1").setProducedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setSequence(7).setPreviousHash(ByteBuffer.wrap(new byte[32])).build();
    }

    @Test
    void roundTripsEveryEventTypeBySchemaFingerprint() {
        EventCodec codec = EventCodec.get();
        NodeApplied applied = NodeApplied.newBuilder().setEnvelope(envelope("NodeApplied")).setNodeId("n1")
                .setSerial(2025010100L).setAppliedAt(Instant.ofEpochMilli(1_700_000_000_123L))
                .setVersionOffset(42).setContentDigest(ByteBuffer.wrap(new byte[] {1, 2, 3})).build();
        byte[] bytes = codec.encode(applied);
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals(NodeApplied.class, codec.typeOf(bytes));
        assertEquals(applied, codec.decode(bytes));
        assertEquals(applied, codec.decode(bytes, NodeApplied.class));
        assertEquals("n1", ((NodeApplied) codec.decode(bytes)).getNodeId());
        assertEquals(applied.getEnvelope(), EventCodec.envelopeOf(applied));
        assertArrayEquals(EventCodec.hash(bytes), EventCodec.hash(codec.encode(applied)));
    }

    @Test
    void refusesGarbageWithAClearError() {
        EventCodec codec = EventCodec.get();
        var e = assertThrows(IllegalArgumentException.class, () -> codec.decode(new byte[] {1, 2, 3}));
        assertEquals("not an Avro single-object encoded event", e.getMessage());
        byte[] unknown = {(byte) 0xC3, 1, 9, 9, 9, 9, 9, 9, 9, 9, 0};
        assertThrows(IllegalArgumentException.class, () -> codec.decode(unknown));
        assertThrows(IllegalArgumentException.class,
                () -> codec.decode(codec.encode(VersionRejected.newBuilder().setEnvelope(envelope("VersionRejected"))
                        .setRejectedBy(RejectorRole.NODE).setReason("X").setDetail("d").setSource("s")
                        .setRequestedBy("r").build()), NodeApplied.class));
    }
}
