package rootzone.eventlog.signing;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;
import rootzone.events.ZoneSnapshotHead;
import rootzone.events.ZoneVersionCommitted;

/**
 * The publisher's signing key: signs the {@link CanonicalForm} of every version and snapshot head it
 * writes (Ed25519, RFC 8032; about 0.1 ms each, once per version, never per record).
 */
public final class PublisherSigner {

    private final PrivateKey key;
    private final PublicKey publicKey;
    private final String keyId;

    public PublisherSigner(PrivateKey key) {
        this.key = Objects.requireNonNull(key);
        this.publicKey = Ed25519Keys.publicKeyOf(key);
        this.keyId = Ed25519Keys.keyId(publicKey);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The key id the signatures carry (signedBy). */
    public String keyId() {
        return keyId;
    }

    /**
     * Sets signedBy and signature of a version of {@code zone}, in place, under canonical form v2.
     *
     * @throws IllegalArgumentException when the commit carries no content root: a publisher of
     *     contract v5 makes no new v1 signature, so a v1-signed commit is always one written before v5
     */
    public ZoneVersionCommitted sign(String zone, ZoneVersionCommitted c) {
        if (c.getContentRoot() == null) {
            throw new IllegalArgumentException("serial " + c.getSerial() + " carries no content root: a version is signed"
                    + " under canonical form v2 only (contract v5)");
        }
        c.setSignedBy(keyId);
        c.setSignature(ByteBuffer.wrap(signature(CanonicalForm.of(zone, c))));
        return c;
    }

    /** Sets signedBy and signature of a snapshot head of {@code zone}, in place. */
    public ZoneSnapshotHead sign(String zone, ZoneSnapshotHead h) {
        h.setSignedBy(keyId);
        h.setSignature(ByteBuffer.wrap(signature(CanonicalForm.of(zone, h))));
        return h;
    }

    private byte[] signature(byte[] canonical) {
        try {
            Signature s = Signature.getInstance(Ed25519Keys.ALGORITHM);
            s.initSign(key);
            s.update(canonical);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the publisher key " + keyId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "PublisherSigner[" + keyId + "]";
    }
}
