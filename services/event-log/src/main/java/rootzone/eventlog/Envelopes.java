package rootzone.eventlog;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import rootzone.events.Envelope;

/** Envelope helpers for callers that build events. */
public final class Envelopes {

    private static final UUID NIL = new UUID(0, 0);

    /**
     * An envelope to put in an event under construction: Avro builders refuse a missing envelope, and
     * {@link EventWriter} replaces every field of it when it writes the event.
     */
    public static Envelope placeholder() {
        return Envelope.newBuilder()
                .setEventId(NIL)
                .setEventType("")
                .setZone("")
                .setProducer("")
                .setProducedAt(Instant.EPOCH)
                .setSequence(-1)
                .setPreviousHash(ByteBuffer.allocate(0))
                .build();
    }

    private Envelopes() {}
}
