package rootzone.tlog.note;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

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
        String[] parts = t.substring(PREFIX.length()).split("\\+", 3);
        if (parts.length != 3 || parts[1].length() != 8) {
            throw new IllegalArgumentException("a signer key is PRIVATE+KEY+<name>+<8 hex digits>+<base64>");
        }
        byte[] material;
        int id;
        try {
            material = Base64.getDecoder().decode(parts[2]);
            id = (int) Long.parseLong(parts[1], 16);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signer key with bad hex or base64", e);
        }
        if (material.length != 33) {
            throw new IllegalArgumentException("signer key material is type byte + 32-byte seed, not " + material.length + " bytes");
        }
        NoteSigner s = new NoteSigner(parts[0], material[0] & 0xFF, NoteKeys.fromSeed(Arrays.copyOfRange(material, 1, 33)));
        if (s.verifier.keyId() != id) {
            throw new IllegalArgumentException("signer key " + parts[0] + ": key ID " + parts[1] + " does not match its key");
        }
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
        byte[] material = new byte[33];
        material[0] = (byte) type;
        System.arraycopy(NoteKeys.seed(keys.getPrivate()), 0, material, 1, 32);
        return PREFIX + name + "+" + HexFormat.of().toHexDigits(verifier.keyId()) + "+" + Base64.getEncoder().encodeToString(material);
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
