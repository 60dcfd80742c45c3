package rootzone.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** The released schemas are parsed at the first value written with an older one, not at start. */
    @Test
    void readsTheReleasedSchemasOnlyWhenAValueNamesAnOlderOne() throws Exception {
        EventCodec codec = new EventCodec();
        NodeApplied applied = NodeApplied.newBuilder().setEnvelope(envelope("NodeApplied")).setNodeId("n1").setSerial(2025010100L)
                .setAppliedAt(Instant.ofEpochMilli(1_700_000_000_123L)).setVersionOffset(42).setContentDigest(ByteBuffer.wrap(new byte[3]))
                .build();
        assertEquals(applied, codec.decode(codec.encode(applied)));
        assertFalse(codec.releasedRead(), "a current value needs no released schema");

        org.apache.avro.Schema v1 = EventCodec.released("v1").stream().filter(s -> s.getName().equals("NoticeEvent")).findFirst().orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> codec.typeOf(new byte[] {(byte) 0xC3, 1, 1, 2, 3, 4, 5, 6, 7, 8, 0}));
        assertTrue(codec.releasedRead(), "an unknown fingerprint reads them once, then is refused");
        assertEquals(NoticeEvent.class, codec.typeOf(singleObjectHeader(v1)));
    }

    private static byte[] singleObjectHeader(org.apache.avro.Schema writer) {
        return ByteBuffer.allocate(10).order(java.nio.ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 1)
                .putLong(org.apache.avro.SchemaNormalization.parsingFingerprint64(writer)).array();
    }

    /** A step written before schema v2 (no issuedAt) still decodes, as the current class with issuedAt null. */
    @Test
    void decodesANoticeWrittenUnderTheV1Schema() throws Exception {
        org.apache.avro.Schema v1 = EventCodec.released("v1").stream()
                .filter(s -> s.getName().equals("NoticeEvent")).findFirst().orElseThrow();
        org.apache.avro.generic.GenericData.Record env = new org.apache.avro.generic.GenericData.Record(v1.getField("envelope").schema());
        env.put("eventId", UUID.randomUUID().toString());
        env.put("eventType", "NoticeEvent");
        env.put("zone", ".");
        env.put("producer", "coordination-1");
        env.put("producedAt", 1_700_000_000_000L);
        env.put("sequence", 3L);
        env.put("previousHash", ByteBuffer.wrap(new byte[32]));
        org.apache.avro.generic.GenericData.Record step = new org.apache.avro.generic.GenericData.Record(v1);
        step.put("envelope", env);
        step.put("noticeId", "ksk-2024");
        step.put("action", new org.apache.avro.generic.GenericData.EnumSymbol(v1.getField("action").schema(), "ACKNOWLEDGED"));
        step.put("issuer", "wide");
        step.put("changes", java.util.Map.of());
        step.put("parties", java.util.List.of());
        step.put("signature", ByteBuffer.wrap(new byte[64]));
        ByteBuffer encoded = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), v1).encode(step);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        NoticeEvent decoded = EventCodec.get().decode(bytes, NoticeEvent.class);
        assertEquals("ksk-2024", decoded.getNoticeId());
        assertEquals(NoticeAction.ACKNOWLEDGED, decoded.getAction());
        assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), decoded.getEnvelope().getProducedAt());
        assertEquals(null, decoded.getIssuedAt());
    }

    /**
     * A version commit written before contract v5 (no contentRoot) decodes with contentRoot null, and
     * one written under v5 keeps it: readers tell the two apart by that field alone.
     */
    @Test
    void decodesAVersionCommitWrittenUnderTheV4SchemaWithoutAContentRoot() throws Exception {
        org.apache.avro.Schema v4 = EventCodec.released("v4").stream()
                .filter(s -> s.getName().equals("ZoneVersionCommitted")).findFirst().orElseThrow();
        org.apache.avro.generic.GenericData.Record env = new org.apache.avro.generic.GenericData.Record(v4.getField("envelope").schema());
        env.put("eventId", UUID.randomUUID().toString());
        env.put("eventType", "ZoneVersionCommitted");
        env.put("zone", ".");
        env.put("producer", "publisher-1");
        env.put("producedAt", 1_700_000_000_000L);
        env.put("sequence", 3L);
        env.put("previousHash", ByteBuffer.wrap(new byte[32]));
        org.apache.avro.generic.GenericData.Record c = new org.apache.avro.generic.GenericData.Record(v4);
        c.put("envelope", env);
        c.put("serial", 2024010100L);
        c.put("previousSerial", 2023123100L);
        c.put("contentDigest", ByteBuffer.wrap(new byte[32]));
        c.put("recordCount", 22_000L);
        c.put("removedCount", 1L);
        c.put("addedCount", 1L);
        c.put("chunkCount", 1);
        c.put("publisher", "maintainer");
        c.put("source", "http");
        c.put("capturedAt", 1_700_000_000_000L);
        c.put("imported", false);
        c.put("snapshot", false);
        c.put("relaxations", java.util.List.of());
        ByteBuffer encoded = new org.apache.avro.message.BinaryMessageEncoder<org.apache.avro.generic.GenericRecord>(
                org.apache.avro.generic.GenericData.get(), v4).encode(c);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        ZoneVersionCommitted old = EventCodec.get().decode(bytes, ZoneVersionCommitted.class);
        assertEquals(2024010100L, old.getSerial());
        assertEquals(null, old.getContentRoot());

        old.setContentRoot(ByteBuffer.wrap(new byte[] {7, 7, 7}));
        ZoneVersionCommitted v5 = EventCodec.get().decode(EventCodec.get().encode(old), ZoneVersionCommitted.class);
        assertArrayEquals(new byte[] {7, 7, 7}, AvroBytes.toArray(v5.getContentRoot()));
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
