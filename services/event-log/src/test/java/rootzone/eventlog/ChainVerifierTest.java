package rootzone.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import rootzone.events.Envelope;
import rootzone.events.EventCodec;
import rootzone.events.NodeApplied;

/** ChainVerifier on hand-built chains: intact, tampered, dropped, and chains told apart by key. */
class ChainVerifierTest {

    private static final String TOPIC = "rootzone.node.status";

    /** A correct chain of {@code n} events by one producer on one key, encoded. */
    static List<byte[]> chain(String producer, String key, int n) {
        List<byte[]> values = new ArrayList<>();
        byte[] previous = new byte[0];
        for (int i = 0; i < n; i++) {
            NodeApplied e = EventWriterTest.applied(key, i);
            e.setEnvelope(Envelope.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setEventType("NodeApplied")
                    .setZone(".")
                    .setProducer(producer)
                    .setProducedAt(Instant.ofEpochSecond(i))
                    .setSequence(i)
                    .setPreviousHash(ByteBuffer.wrap(previous))
                    .build());
            byte[] value = EventCodec.get().encode(e);
            values.add(value);
            previous = EventCodec.hash(value);
        }
        return values;
    }

    static Optional<ChainBreak> verify(List<String> keys, List<byte[]> values) {
        ChainVerifier v = new ChainVerifier(rootzone.eventlog.testing.TestPublisherKey.trusted());
        for (int i = 0; i < values.size(); i++) {
            v.accept(TOPIC, 0, 100 + i, keys.get(i), values.get(i));
        }
        return v.firstBreak();
    }

    static List<String> same(String key, int n) {
        return java.util.Collections.nCopies(n, key);
    }

    @Test
    void aRestoredVerifierContinuesTheChainsItWasCheckingAndCatchesATamperedNext() {
        List<byte[]> values = chain("p", "n1", 6);
        ChainVerifier first = new ChainVerifier(rootzone.eventlog.testing.TestPublisherKey.trusted());
        for (int i = 0; i < 3; i++) {
            first.accept(TOPIC, 0, i, "n1", values.get(i));
        }
        ChainVerifier resumed = ChainVerifier.restore(rootzone.eventlog.testing.TestPublisherKey.trusted(), first.tips(), java.util.List.of(), java.util.List.of(), null, first.checked());
        assertEquals(3, resumed.checked());
        assertTrue(resumed.accept(TOPIC, 0, 3, "n1", values.get(3)).isEmpty());
        // Skipping event 4 after a restore is still a gap: the restored tip is the real one.
        ChainBreak gap = resumed.accept(TOPIC, 0, 5, "n1", values.get(5)).orElseThrow();
        assertEquals(5, gap.offset());
        assertEquals(4, gap.expectedSequence());
        // A restored first break stays the first break.
        assertEquals(Optional.of(gap), ChainVerifier.restore(rootzone.eventlog.testing.TestPublisherKey.trusted(), resumed.tips(), java.util.List.of(), java.util.List.of(), gap, 4).accept(TOPIC, 0, 6, "n1", values.get(4)));
    }

    @Test
    void anIntactChainPasses() {
        assertTrue(verify(same("n1", 5), chain("p", "n1", 5)).isEmpty());
    }

    @Test
    void aTamperedEventBreaksTheLinkAfterIt() {
        List<byte[]> values = chain("p", "n1", 5);
        NodeApplied changed = EventCodec.get().decode(values.get(2), NodeApplied.class);
        changed.setSerial(999); // rewritten content, envelope untouched
        values.set(2, EventCodec.get().encode(changed));
        ChainBreak b = verify(same("n1", 5), values).orElseThrow();
        assertEquals(103, b.offset(), "the event after the tampered one no longer links");
        assertEquals(3, b.expectedSequence());
        assertEquals(3, b.foundSequence());
        assertEquals("p", b.producer());
        assertEquals("n1", b.key());
        assertEquals(HexFormat.of().formatHex(EventCodec.hash(values.get(2))), b.expectedHash());
        assertTrue(b.reason().contains("previousHash"), b.toString());
    }

    @Test
    void aDroppedEventIsASequenceGap() {
        List<byte[]> values = chain("p", "n1", 5);
        values.remove(2);
        ChainBreak b = verify(same("n1", 4), values).orElseThrow();
        assertEquals(102, b.offset());
        assertEquals(2, b.expectedSequence());
        assertEquals(3, b.foundSequence());
        assertTrue(b.reason().contains("gap"), b.toString());
    }

    @Test
    void theKeyIsPartOfTheChainIdentity() {
        List<byte[]> a = chain("p", "n1", 2);
        List<byte[]> b = chain("p", "n2", 2);
        // Interleaved keys of the same producer: two independent chains, both intact.
        assertTrue(verify(List.of("n1", "n2", "n1", "n2"), List.of(a.get(0), b.get(0), a.get(1), b.get(1))).isEmpty());
        // The same event filed under another key starts that key's chain at sequence 1: a break.
        ChainBreak moved = verify(List.of("n1", "n2"), List.of(a.get(0), a.get(1))).orElseThrow();
        assertEquals(101, moved.offset());
        assertEquals("n2", moved.key());
        assertEquals(0, moved.expectedSequence());
    }

    @Test
    void anUndecodableValueIsABreakAndTheFirstBreakStays() {
        List<byte[]> values = chain("p", "n1", 3);
        values.set(1, new byte[] {1, 2, 3});
        ChainVerifier v = new ChainVerifier(rootzone.eventlog.testing.TestPublisherKey.trusted());
        for (int i = 0; i < values.size(); i++) {
            v.accept(TOPIC, 0, i, "n1", values.get(i));
        }
        assertEquals(1, v.firstBreak().orElseThrow().offset());
        assertTrue(v.firstBreak().get().reason().contains("not a decodable event"));
        assertEquals(1, v.checked());
    }
}
