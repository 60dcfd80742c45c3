package rootzone.eventlog;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The tip of one hash chain (producer, topic, key): the sequence of the last event written and the
 * SHA-256 of its encoded value. The next event carries sequence + 1 and this hash.
 */
public record ChainLink(long sequence, byte[] hash) {

    /** Before the first event: the first one gets sequence 0 and an empty previousHash. */
    public static final ChainLink START = new ChainLink(-1, new byte[0]);

    public ChainLink {
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    public long nextSequence() {
        return sequence + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainLink other && sequence == other.sequence && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence) * 31 + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "ChainLink[sequence " + sequence + ", hash " + (hash.length == 0 ? "(empty)" : HexFormat.of().formatHex(hash)) + "]";
    }
}
