package rootzone.eventlog;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import rootzone.events.Envelope;
import rootzone.events.EventCodec;

/**
 * Checks hash chains over events fed in log order: every event must carry the sequence after, and
 * the SHA-256 of, the previous event of the same producer on the same (topic, key). A rewritten,
 * reordered, dropped or inserted event breaks the chain. Stops at the FIRST break, which it reports
 * precisely; later events are then not judged (one break makes everything after it suspect).
 *
 * <p>Feed it from offset 0: a chain whose first event seen is not sequence 0 is reported as broken.
 * Not for the compacted snapshot topic, where compaction removes events by design.
 */
public final class ChainVerifier {

    private record Stream(String topic, String key, String producer) {}

    /** One chain's verified tip, for a checkpoint: (topic, key, producer) and its last link. */
    public record Tip(String topic, String key, String producer, ChainLink link) {}

    private static final HexFormat HEX = HexFormat.of();

    private final Map<Stream, ChainLink> tips = new HashMap<>();
    private final EventCodec codec = EventCodec.get();
    private ChainBreak firstBreak;
    private long checked;

    /**
     * Checks one event.
     *
     * @return the first break so far (this event's, or an earlier one), or empty while the chains hold
     */
    public Optional<ChainBreak> accept(String topic, int partition, long offset, String key, byte[] value) {
        if (firstBreak != null) {
            return Optional.of(firstBreak);
        }
        Envelope envelope;
        try {
            SpecificRecord event = codec.decode(value);
            envelope = EventCodec.envelopeOf(event);
        } catch (RuntimeException e) {
            firstBreak = new ChainBreak(topic, partition, offset, key, null, -1, -1, "", "",
                    "not a decodable event: " + e.getMessage());
            return Optional.of(firstBreak);
        }
        Stream stream = new Stream(topic, key, envelope.getProducer());
        ChainLink previous = tips.getOrDefault(stream, ChainLink.START);
        byte[] found = bytes(envelope.getPreviousHash());
        long expectedSequence = previous.nextSequence();
        String reason = null;
        if (envelope.getSequence() != expectedSequence) {
            reason = envelope.getSequence() > expectedSequence ? "sequence gap: an event is missing"
                    : "sequence goes back: an event is repeated or reordered";
        } else if (!java.util.Arrays.equals(found, previous.hash())) {
            reason = "previousHash does not match the previous event: it was altered or replaced";
        }
        if (reason != null) {
            firstBreak = new ChainBreak(topic, partition, offset, key, envelope.getProducer(), expectedSequence,
                    envelope.getSequence(), HEX.formatHex(previous.hash()), HEX.formatHex(found), reason);
            return Optional.of(firstBreak);
        }
        tips.put(stream, new ChainLink(envelope.getSequence(), EventCodec.hash(value)));
        checked++;
        return Optional.empty();
    }

    public Optional<ChainBreak> firstBreak() {
        return Optional.ofNullable(firstBreak);
    }

    /** Events that passed. */
    public long checked() {
        return checked;
    }

    /** The tip of one chain as verified so far. */
    public Optional<ChainLink> tip(String topic, String key, String producer) {
        return Optional.ofNullable(tips.get(new Stream(topic, key, producer)));
    }

    /** Every chain's verified tip: with firstBreak() and checked(), the whole state (for a checkpoint). */
    public java.util.List<Tip> tips() {
        java.util.List<Tip> out = new java.util.ArrayList<>(tips.size());
        tips.forEach((s, link) -> out.add(new Tip(s.topic(), s.key(), s.producer(), link)));
        return out;
    }

    /**
     * A verifier that continues from a state exported by {@link #tips()}, {@link #firstBreak()} and
     * {@link #checked()}: fed the events after those already verified, it judges them as if it had
     * read everything from offset 0.
     */
    public static ChainVerifier restore(java.util.Collection<Tip> tips, ChainBreak firstBreak, long checked) {
        ChainVerifier v = new ChainVerifier();
        for (Tip t : tips) {
            v.tips.put(new Stream(t.topic(), t.key(), t.producer()), t.link());
        }
        v.firstBreak = firstBreak;
        v.checked = checked;
        return v;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
