package rootzone.eventlog.signing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys with the JDK's own provider (Java 15+): public keys travel as X.509
 * SubjectPublicKeyInfo (what OperatorChanged.signingKey holds), private keys as PKCS#8, both base64
 * in text files so an operator can keep them with ordinary tools.
 */
public final class Ed25519Keys {

    public static final String ALGORITHM = "Ed25519";

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519", e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not an Ed25519 public key */
    public static PublicKey publicKey(byte[] x509) {
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
            return key;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (X.509 SubjectPublicKeyInfo): " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not an Ed25519 private key */
    public static PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an Ed25519 private key (PKCS#8): " + e.getMessage(), e);
        }
    }

    /**
     * The key id of a public key: lowercase hex SHA-256 of its raw 32-byte Ed25519 form (RFC 8032
     * §5.1.5, the last 32 bytes of the X.509 encoding), as ZoneVersionCommitted.signedBy carries it.
     */
    public static String keyId(PublicKey key) {
        byte[] x509 = key.getEncoded();
        if (x509.length != X509_LENGTH) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + x509.length + "-byte encoding");
        }
        try {
            byte[] raw = java.util.Arrays.copyOfRange(x509, X509_LENGTH - 32, X509_LENGTH);
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** The public half of a private key (RFC 8032 §5.1.5), so a key file need hold only the private key. */
    public static PublicKey publicKeyOf(PrivateKey key) {
        if (!(key instanceof java.security.interfaces.EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new IllegalArgumentException("not an Ed25519 private key");
        }
        try {
            // The JDK derives the public key only while generating a pair: feed it the private seed back.
            byte[] seed = ed.getBytes().get();
            KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
            g.initialize(new java.security.spec.NamedParameterSpec(ALGORITHM), new FixedRandom(seed));
            return g.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519", e);
        }
    }

    /** Hands out the given seed once: how the JDK's Ed25519 generator is made to derive a given key. */
    private static final class FixedRandom extends java.security.SecureRandom {
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }

    /** Length of an Ed25519 SubjectPublicKeyInfo: 12 bytes of algorithm header, then the 32-byte key. */
    private static final int X509_LENGTH = 44;

    public static String toBase64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static String toBase64(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PublicKey publicKeyFromBase64(String text) {
        return publicKey(decode(text, "public key"));
    }

    public static PrivateKey privateKeyFromBase64(String text) {
        return privateKey(decode(text, "private key"));
    }

    private static byte[] decode(String text, String what) {
        try {
            return Base64.getMimeDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64: " + e.getMessage(), e);
        }
    }

    private Ed25519Keys() {}
}
