package rootzone.eventlog;

import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import rootzone.events.EventCodec;

/**
 * One record read from the log: where it sits, its raw value (what hash chains and transparency-log
 * leaves are computed over) and the event it holds, decoded by the contract's EventCodec on first use
 * (a reader that only needs the type, or only some events, decodes nothing else).
 */
public final class LogEvent {

    /** What the record's value holds. */
    public sealed interface Decoded {}

    /** An event of the contract. */
    public record Event(SpecificRecord event) implements Decoded {}

    /** No value: a tombstone (compacted topics). */
    public record Tombstone() implements Decoded {}

    /** A value that is no event of the contract (unknown fingerprint, corrupt bytes): why. */
    public record Undecodable(String why) implements Decoded {}

    private final String topic;
    private final int partition;
    private final long offset;
    private final String key;
    private final byte[] value;
    private Decoded decoded;

    LogEvent(String topic, int partition, long offset, String key, byte[] value) {
        this.topic = Objects.requireNonNull(topic);
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    /** The record key, null when it has none. */
    public String key() {
        return key;
    }

    /** The encoded value as read (not a copy), null for a tombstone. */
    public byte[] value() {
        return value;
    }

    /** SHA-256 of the value, as the next event's envelope.previousHash states it. */
    public byte[] hash() {
        return value == null ? new byte[0] : EventCodec.hash(value);
    }

    /** The event, decoded once. */
    public Decoded decoded() {
        if (decoded == null) {
            if (value == null) {
                decoded = new Tombstone();
            } else {
                try {
                    decoded = new Event(EventCodec.get().decode(value));
                } catch (RuntimeException e) {
                    decoded = new Undecodable(e.getMessage() != null ? e.getMessage() : e.toString());
                }
            }
        }
        return decoded;
    }

    /** The event when it is one of the contract's, else empty. */
    public Optional<SpecificRecord> event() {
        return decoded() instanceof Event e ? Optional.of(e.event()) : Optional.empty();
    }

    /**
     * The event, of {@code type}.
     *
     * @throws IllegalArgumentException saying why it is not one (no value, undecodable, another type)
     */
    public <T extends SpecificRecord> T require(Class<T> type) {
        Decoded d = decoded();
        if (d instanceof Undecodable u) {
            throw new IllegalArgumentException("undecodable event: " + u.why());
        }
        if (!(d instanceof Event e)) {
            throw new IllegalArgumentException("no event: a tombstone");
        }
        if (!type.isInstance(e.event())) {
            throw new IllegalArgumentException("expected " + type.getSimpleName() + " but found " + e.event().getClass().getSimpleName());
        }
        return type.cast(e.event());
    }

    /** The event type's simple name, or "undecodable". */
    public String typeName() {
        Class<?> t = type();
        return t == null ? "undecodable" : t.getSimpleName();
    }

    /** The event when it is a {@code type}, else empty. */
    public <T extends SpecificRecord> Optional<T> as(Class<T> type) {
        return event().filter(type::isInstance).map(type::cast);
    }

    /**
     * The event type from the value's schema fingerprint, without decoding it (a reader counting
     * commits need not decode the chunks); null for a tombstone or a value that is no event.
     */
    public Class<? extends SpecificRecord> type() {
        if (decoded instanceof Event e) {
            return e.event().getClass();
        }
        if (value == null) {
            return null;
        }
        try {
            return EventCodec.get().typeOf(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
