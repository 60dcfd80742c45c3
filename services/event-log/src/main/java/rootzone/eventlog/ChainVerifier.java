package rootzone.eventlog;

import rootzone.events.AvroBytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import rootzone.events.Envelope;
import rootzone.eventlog.signing.TrustedPublishers;
import rootzone.eventlog.signing.Verdict;
import rootzone.events.EventCodec;
import rootzone.events.Topics;
import rootzone.events.ZoneVersionChunk;
import rootzone.events.ZoneVersionCommitted;

/**
 * Checks hash chains over events fed in log order: every event must carry the sequence after, and
 * the SHA-256 of, the previous event of the same producer on the same (topic, key). A rewritten,
 * reordered, dropped or inserted event breaks the chain. Stops at the FIRST break, which it reports
 * precisely; later events are then not judged (one break makes everything after it suspect).
 *
 * <p>On the versions topic a producer name is only a claim, so a version is judged by its signature
 * first: the chunks of a version stay tentative until its ZoneVersionCommitted arrives. A commit that
 * a trusted publisher key did not sign, and the chunks it closes, are {@link Forgery forgeries}:
 * reported, and the chain goes on from the last trusted event, so the publisher's next event (linked
 * to its own previous one, not to the forgery) holds. Chunks that link to neither the chain nor its
 * tentative tip, or that a later chunk or commit passes over, are forgeries too.
 *
 * <p>Feed it from offset 0: a chain whose first event seen is not sequence 0 is reported as broken.
 * Not for the compacted snapshot topic, where compaction removes events by design.
 */
public final class ChainVerifier {

    private record Stream(String topic, String key, String producer) {}

    /** One chain's verified tip, for a checkpoint: (topic, key, producer) and its last link. */
    public record Tip(String topic, String key, String producer, ChainLink link) {}

    /**
     * Chunks of a version not yet closed, for a checkpoint: they extend {@code tip}'s chain to
     * {@code link}, and become verified (trusted commit) or forgeries (anything else).
     */
    public record Tentative(Tip tip, List<Forgery> chunks) {
        public Tentative {
            chunks = List.copyOf(chunks);
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    private final TrustedPublishers trusted;
    private final Map<Stream, ChainLink> tips = new HashMap<>();
    private final Map<Stream, Tentative> tentative = new HashMap<>();
    private final List<Forgery> forgeries = new ArrayList<>();
    private final EventCodec codec = EventCodec.get();
    private ChainBreak firstBreak;
    private long checked;

    /** @param trusted the publisher keys that sign versions on the versions topic */
    public ChainVerifier(TrustedPublishers trusted) {
        this.trusted = Objects.requireNonNull(trusted);
    }

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
        SpecificRecord event;
        try {
            event = codec.decode(value);
            envelope = EventCodec.envelopeOf(event);
        } catch (RuntimeException e) {
            firstBreak = new ChainBreak(topic, partition, offset, key, null, -1, -1, "", "",
                    "not a decodable event: " + e.getMessage());
            return Optional.of(firstBreak);
        }
        Stream stream = new Stream(topic, key, envelope.getProducer());
        ChainLink previous = tips.getOrDefault(stream, ChainLink.START);
        if (Topics.VERSIONS.equals(topic)) {
            ChainLink link = new ChainLink(envelope.getSequence(), EventCodec.hash(value));
            if (event instanceof ZoneVersionChunk chunk) {
                chunk(stream, previous, envelope, link, new Forgery(topic, partition, offset, key, envelope.getProducer(),
                        "ZoneVersionChunk", chunk.getSerial(), ""));
                return Optional.empty();
            }
            if (event instanceof ZoneVersionCommitted c) {
                Verdict verdict = trusted.verify(key, c);
                Forgery self = new Forgery(topic, partition, offset, key, envelope.getProducer(), "ZoneVersionCommitted",
                        c.getSerial(), verdict instanceof Verdict.Untrusted u ? u.why() : "");
                if (verdict instanceof Verdict.Untrusted) {
                    forgedCommit(stream, envelope, self);
                    return Optional.empty();
                }
                Tentative t = tentative.remove(stream);
                if (t != null) {
                    if (links(envelope, t.tip().link())) {
                        tips.put(stream, t.tip().link());
                        checked += t.chunks().size();
                        previous = t.tip().link();
                    } else {
                        forged(t.chunks(), "chunk under this producer's name that the signed version at offset " + offset
                                + " does not include");
                    }
                }
            }
        }
        byte[] found = AvroBytes.toArray(envelope.getPreviousHash());
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

    private static boolean links(Envelope envelope, ChainLink previous) {
        return envelope.getSequence() == previous.nextSequence()
                && java.util.Arrays.equals(AvroBytes.toArray(envelope.getPreviousHash()), previous.hash());
    }

    /** A chunk: extends the tentative chain, starts a new one from the verified tip, or is a forgery. */
    private void chunk(Stream stream, ChainLink verified, Envelope envelope, ChainLink link, Forgery self) {
        Tentative t = tentative.get(stream);
        Tip tip = new Tip(stream.topic(), stream.key(), stream.producer(), link);
        if (t != null && links(envelope, t.tip().link())) {
            List<Forgery> chunks = new ArrayList<>(t.chunks());
            chunks.add(self);
            tentative.put(stream, new Tentative(tip, chunks));
        } else if (links(envelope, verified)) {
            if (t != null) {
                forged(t.chunks(), "chunk under this producer's name that a later event passes over (never committed)");
            }
            tentative.put(stream, new Tentative(tip, List.of(self)));
        } else {
            forged(List.of(self), "chunk under this producer's name that links to none of its events");
        }
    }

    /** An unsigned or untrusted commit: it, and the tentative chunks it closes, are forgeries. */
    private void forgedCommit(Stream stream, Envelope envelope, Forgery self) {
        Tentative t = tentative.get(stream);
        if (t != null && links(envelope, t.tip().link())) {
            tentative.remove(stream);
            forged(t.chunks(), "chunk of the forged version at offset " + self.offset());
        }
        forgeries.add(self);
    }

    private void forged(List<Forgery> chunks, String why) {
        for (Forgery f : chunks) {
            forgeries.add(new Forgery(f.topic(), f.partition(), f.offset(), f.key(), f.producer(), f.eventType(), f.serial(), why));
        }
    }

    /** Every forged event found so far on the versions topic, in the order they were judged. */
    public List<Forgery> forgeries() {
        return List.copyOf(forgeries);
    }

    public int forgeryCount() {
        return forgeries.size();
    }

    /** Chunks still waiting for their commit (for a checkpoint). */
    public List<Tentative> tentative() {
        return List.copyOf(tentative.values());
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
     * A verifier that continues from a state exported by {@link #tips()}, {@link #tentative()},
     * {@link #forgeries()}, {@link #firstBreak()} and {@link #checked()}: fed the events after those already verified, it judges them as if it had
     * read everything from offset 0.
     */
    public static ChainVerifier restore(TrustedPublishers trusted, java.util.Collection<Tip> tips,
                                        java.util.Collection<Tentative> tentative, java.util.Collection<Forgery> forgeries,
                                        ChainBreak firstBreak, long checked) {
        ChainVerifier v = new ChainVerifier(trusted);
        for (Tip t : tips) {
            v.tips.put(new Stream(t.topic(), t.key(), t.producer()), t.link());
        }
        for (Tentative t : tentative) {
            v.tentative.put(new Stream(t.tip().topic(), t.tip().key(), t.tip().producer()), t);
        }
        v.forgeries.addAll(forgeries);
        v.firstBreak = firstBreak;
        v.checked = checked;
        return v;
    }

}
