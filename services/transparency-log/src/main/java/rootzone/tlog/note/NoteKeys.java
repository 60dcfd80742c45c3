package rootzone.tlog.note;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * Ed25519 with the JDK's provider, on the raw forms the note formats carry: the 32-byte public key
 * (RFC 8032 §5.1.5) and the 32-byte private seed. (compliance's Ed25519Keys speaks X.509/PKCS#8 and
 * sits above this module; the two encodings differ only by the fixed DER prefixes used here.)
 */
public final class NoteKeys {

    /** Signature types of C2SP signed-note: 0x01 Ed25519 note signatures, 0x04 timestamped Ed25519 cosignatures. */
    public static final int ED25519 = 0x01;
    public static final int COSIGNATURE_V1 = 0x04;

    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    /** keyID = SHA-256(name || "\n" || type || public key)[:4] as a big-endian uint32 (signed-note, tlog-cosignature). */
    public static int keyId(String name, int type, byte[] publicKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update((byte) type);
            sha.update(publicKey);
            byte[] h = sha.digest();
            return (h[0] & 0xFF) << 24 | (h[1] & 0xFF) << 16 | (h[2] & 0xFF) << 8 | h[3] & 0xFF;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key name of signed-note: non-empty, no Unicode space, no '+'. */
    public static boolean validName(String name) {
        return name != null && !name.isEmpty() && name.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '+')
                && name.codePoints().noneMatch(c -> c < 0x20);
    }

    public static PublicKey publicKey(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, not " + raw.length);
        }
        byte[] der = new byte[X509_PREFIX.length + 32];
        System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public static byte[] raw(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der.length != X509_PREFIX.length + 32) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        byte[] raw = new byte[32];
        System.arraycopy(der, X509_PREFIX.length, raw, 0, 32);
        return raw;
    }

    public static byte[] seed(PrivateKey key) {
        if (key instanceof EdECPrivateKey ed) {
            return ed.getBytes().orElseThrow(() -> new IllegalArgumentException("the private key's bytes are not extractable"));
        }
        throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
    }

    /** The key pair of a 32-byte seed (RFC 8032 §5.1.5), the public half derived by the JDK. */
    public static KeyPair fromSeed(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 private key seed is 32 bytes, not " + seed.length);
        }
        try {
            // The JDK derives the public key only in key generation: feed it the seed as its randomness.
            KeyPairGenerator gen = KeyPairGenerator.getInstance("Ed25519");
            gen.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
            PublicKey pub = gen.generateKeyPair().getPublic();
            PrivateKey priv = KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            return new KeyPair(pub, priv);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519", e);
        }
    }

    public static KeyPair generate() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return fromSeed(seed);
    }

    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != 64) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static final class FixedRandom extends SecureRandom {
        private final byte[] bytes;

        FixedRandom(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("unexpected request for " + out.length + " random bytes");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }

    private NoteKeys() {}
}
