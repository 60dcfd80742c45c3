package rootzone.tlog.note;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;

/**
 * An Ed25519 signing key with its note name and signature type. Its text form is Go's note signer
 * key, {@code PRIVATE+KEY+<name>+<8 hex keyID>+<base64(type || 32-byte seed)>}; for cosigners
 * (type 0x04) the same layout with type byte 0x04. Keep that text secret (mode 0600).
 */
public final class NoteSigner {

    private static final String PREFIX = "PRIVATE+KEY+";

    private final String name;
    private final int type;
    private final KeyPair keys;
    private final VerifierKey verifier;

    private NoteSigner(String name, int type, KeyPair keys) {
        this.name = name;
        this.type = type;
        this.keys = keys;
        this.verifier = new VerifierKey(name, type, NoteKeys.raw(keys.getPublic()));
    }

    /** A fresh key: type {@link NoteKeys#ED25519} for a log, {@link NoteKeys#COSIGNATURE_V1} for a witness. */
    public static NoteSigner generate(String name, int type) {
        return new NoteSigner(name, type, NoteKeys.generate());
    }

    public static NoteSigner of(String name, int type, byte[] seed) {
        return new NoteSigner(name, type, NoteKeys.fromSeed(seed));
    }

    /** @throws IllegalArgumentException when the text is not a signer key or its key ID does not match */
    public static NoteSigner parse(String text) {
        String t = text.strip();
        if (!t.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a signer key starts with " + PREFIX);
        }
        KeyText k = KeyText.parse(t.substring(PREFIX.length()), "signer key");
        NoteSigner s = new NoteSigner(k.name(), k.type(), NoteKeys.fromSeed(k.key()));
        k.requireKeyId(s.verifier.keyId(), "signer key");
        return s;
    }

    public String name() {
        return name;
    }

    public int type() {
        return type;
    }

    public VerifierKey verifierKey() {
        return verifier;
    }

    /** The secret text form. */
    public String text() {
        return PREFIX + new KeyText(name, verifier.keyId(), type, NoteKeys.seed(keys.getPrivate())).text();
    }

    /** A note signature (type 0x01) over the body. */
    public NoteSignature sign(String body) {
        if (type != NoteKeys.ED25519) {
            throw new IllegalStateException(name + " is a cosigner key: use cosign");
        }
        return new NoteSignature(name, verifier.keyId(), NoteKeys.sign(keys.getPrivate(), body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A timestamped cosignature (tlog-cosignature, type 0x04) over a checkpoint body. */
    public NoteSignature cosign(String checkpointBody, long timestamp) {
        if (type != NoteKeys.COSIGNATURE_V1) {
            throw new IllegalStateException(name + " is a note signing key, not a cosigner key");
        }
        byte[] sig = NoteKeys.sign(keys.getPrivate(), Cosignature.message(timestamp, checkpointBody));
        return new Cosignature(name, verifier.keyId(), timestamp, sig).toNoteSignature();
    }
}
