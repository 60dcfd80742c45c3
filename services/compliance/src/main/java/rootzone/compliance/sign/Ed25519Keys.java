package rootzone.compliance.sign;

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

    /**
     * The key id of events and requests (ZoneVersionCommitted.requestKey, signedBy): lowercase hex
     * SHA-256 of the raw 32-byte public key (RFC 8032 §5.1.5), i.e. of the X.509 encoding without its
     * fixed 12-byte algorithm prefix.
     */
    public static String keyId(PublicKey key) {
        byte[] x509 = key.getEncoded();
        if (x509.length != 44) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + x509.length + "-byte encoding");
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(java.util.Arrays.copyOfRange(x509, 12, 44)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
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
