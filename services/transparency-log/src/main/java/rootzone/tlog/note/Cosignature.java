package rootzone.tlog.note;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A C2SP tlog-cosignature/v1 (Ed25519, type 0x04): the note signature bytes are the uint64
 * big-endian POSIX timestamp, then the Ed25519 signature over
 * {@code "cosignature/v1\ntime <timestamp>\n" + checkpoint body}.
 */
public record Cosignature(String name, int keyId, long timestamp, byte[] ed25519) {

    public Cosignature {
        if (timestamp < 0) {
            throw new IllegalArgumentException("cosignature timestamp " + timestamp + " exceeds 2^63-1 or is negative");
        }
        if (ed25519.length != 64) {
            throw new IllegalArgumentException("an Ed25519 signature is 64 bytes");
        }
        ed25519 = ed25519.clone();
    }

    @Override
    public byte[] ed25519() {
        return ed25519.clone();
    }

    /** The signed message. */
    public static byte[] message(long timestamp, String checkpointBody) {
        return ("cosignature/v1\ntime " + timestamp + "\n" + checkpointBody).getBytes(StandardCharsets.UTF_8);
    }

    /** The cosignature in a note signature line; empty when the bytes are not 8 + 64 long. */
    public static Optional<Cosignature> from(NoteSignature s) {
        byte[] b = s.signature();
        if (b.length != 72) {
            return Optional.empty();
        }
        long t = 0;
        for (int i = 0; i < 8; i++) {
            t = t << 8 | (b[i] & 0xFF);
        }
        if (t < 0) {
            return Optional.empty();
        }
        byte[] sig = new byte[64];
        System.arraycopy(b, 8, sig, 0, 64);
        return Optional.of(new Cosignature(s.name(), s.keyId(), t, sig));
    }

    public NoteSignature toNoteSignature() {
        byte[] b = new byte[72];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (timestamp >>> (56 - 8 * i));
        }
        System.arraycopy(ed25519, 0, b, 8, 64);
        return new NoteSignature(name, keyId, b);
    }
}
