package rootzone.eventlog.signing;

import rootzone.events.AvroBytes;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import rootzone.events.ZoneSnapshotHead;
import rootzone.events.ZoneVersionCommitted;

/**
 * The publisher keys a reader trusts, several at once so a key can be rotated: versions signed by
 * the old key stay valid while the new one is introduced. What nodes, the auditor and the publisher's
 * own recovery use to tell the publisher's versions from anything else written to the topics.
 */
public final class TrustedPublishers {

    private final Map<String, PublicKey> keys;

    private TrustedPublishers(Map<String, PublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /** @throws IllegalArgumentException when no key is given: trusting nothing serves nothing, silently */
    public static TrustedPublishers of(Collection<PublicKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no trusted publisher key configured");
        }
        Map<String, PublicKey> byId = new LinkedHashMap<>();
        for (PublicKey k : keys) {
            byId.put(Ed25519Keys.keyId(k), k);
        }
        return new TrustedPublishers(byId);
    }

    /** A publisher's own key and any others it trusts (older keys of a rotation). */
    public static TrustedPublishers ownAnd(PublisherSigner own, Collection<PublicKey> others) {
        java.util.List<PublicKey> all = new java.util.ArrayList<>(others);
        all.add(own.publicKey());
        return of(all);
    }

    public Set<String> keyIds() {
        return keys.keySet();
    }

    public Verdict verify(String zone, ZoneVersionCommitted c) {
        String signedBy = c.getSignedBy();
        return verify(signedBy, c.getSignature(), signedBy == null ? null : CanonicalForm.of(zone, c));
    }

    public Verdict verify(String zone, ZoneSnapshotHead h) {
        String signedBy = h.getSignedBy();
        return verify(signedBy, h.getSignature(), signedBy == null ? null : CanonicalForm.of(zone, h));
    }

    private Verdict verify(String signedBy, ByteBuffer signature, byte[] canonical) {
        if (signedBy == null || signature == null) {
            return new Verdict.Untrusted("not signed by a trusted publisher: the event carries no publisher signature");
        }
        PublicKey key = keys.get(signedBy);
        if (key == null) {
            return new Verdict.Untrusted("not signed by a trusted publisher: signed by key " + signedBy
                    + ", which is not among the trusted publisher keys " + keys.keySet());
        }
        byte[] sig = AvroBytes.toArray(signature);
        try {
            Signature v = Signature.getInstance(Ed25519Keys.ALGORITHM);
            v.initVerify(key);
            v.update(canonical);
            if (v.verify(sig)) {
                return new Verdict.Trusted(signedBy);
            }
        } catch (GeneralSecurityException | RuntimeException malformed) {
            // a malformed signature is as bad as a wrong one
        }
        return new Verdict.Untrusted("not signed by a trusted publisher: the signature does not verify under trusted key "
                + signedBy + " (the event was altered, its content root added or removed, or signed with another key)");
    }

    @Override
    public String toString() {
        return "TrustedPublishers" + keys.keySet();
    }
}
