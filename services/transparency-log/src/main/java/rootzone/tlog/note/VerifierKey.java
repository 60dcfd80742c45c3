package rootzone.tlog.note;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * A verifier key of C2SP signed-note: {@code <name>+<8 hex keyID>+<base64(type || public key)>}.
 * Type 0x01 verifies note signatures (a log's checkpoints), type 0x04 timestamped cosignatures
 * (tlog-cosignature, a witness).
 */
public final class VerifierKey {

    private final String name;
    private final int type;
    private final byte[] publicKey;
    private final PublicKey key;
    private final int keyId;

    public VerifierKey(String name, int type, byte[] publicKey) {
        if (!NoteKeys.validName(name)) {
            throw new IllegalArgumentException("not a valid key name: '" + name + "'");
        }
        if (type != NoteKeys.ED25519 && type != NoteKeys.COSIGNATURE_V1) {
            throw new IllegalArgumentException("unsupported signature type 0x" + Integer.toHexString(type) + " (0x01 Ed25519, 0x04 cosignature/v1)");
        }
        this.name = name;
        this.type = type;
        this.publicKey = publicKey.clone();
        this.key = NoteKeys.publicKey(publicKey);
        this.keyId = NoteKeys.keyId(name, type, publicKey);
    }

    /** @throws IllegalArgumentException when the text is not a vkey of a supported type, or its key ID does not match */
    public static VerifierKey parse(String text) {
        KeyText t = KeyText.parse(text.strip(), "verifier key");
        VerifierKey k = new VerifierKey(t.name(), t.type(), t.key());
        t.requireKeyId(k.keyId, "verifier key");
        return k;
    }

    public String name() {
        return name;
    }

    public int type() {
        return type;
    }

    public int keyId() {
        return keyId;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The vkey text. */
    public String text() {
        return new KeyText(name, keyId, type, publicKey).text();
    }

    @Override
    public String toString() {
        return text();
    }

    /** Whether the signature line is this key's (name and key ID) and verifies over the note body. */
    public boolean verifies(String body, NoteSignature signature) {
        if (!signature.name().equals(name) || signature.keyId() != keyId) {
            return false;
        }
        byte[] sig = signature.signature();
        if (type == NoteKeys.ED25519) {
            return NoteKeys.verify(key, body.getBytes(StandardCharsets.UTF_8), sig);
        }
        return Cosignature.from(signature).map(c -> NoteKeys.verify(key, Cosignature.message(c.timestamp(), body), c.ed25519())).orElse(false);
    }

    /** Whether both wrap the same public key (tlog-policy's notion of duplicate keys). */
    public boolean sameKey(VerifierKey other) {
        return Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifierKey k && k.text().equals(text());
    }

    @Override
    public int hashCode() {
        return text().hashCode();
    }
}
