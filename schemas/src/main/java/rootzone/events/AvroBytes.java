package rootzone.events;

import java.nio.ByteBuffer;

/** The events' {@code bytes} fields are ByteBuffers (Avro's Java mapping); every reader needs them as arrays. */
public final class AvroBytes {

    /** A copy of the buffer's remaining bytes; the buffer itself (shared by the event) is left untouched. */
    public static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer d = buffer.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private AvroBytes() {}
}
