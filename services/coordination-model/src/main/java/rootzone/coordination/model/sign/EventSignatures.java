package rootzone.coordination.model.sign;

import rootzone.events.AvroBytes;
import rootzone.eventlog.signing.Ed25519Keys;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.TreeMap;
import rootzone.events.Envelope;
import rootzone.events.EventCodec;
import rootzone.events.NoticeEvent;
import rootzone.events.OperatorChanged;

/**
 * Ed25519 signatures over coordination events.
 *
 * <p>What is signed: the Avro single-object encoding of the event with its signature field empty and
 * its envelope replaced by a fixed one ({@link #unsignedEnvelope}). The envelope belongs to the log:
 * the event-log writer fills all of it (eventId, producedAt, sequence, previousHash) when the service
 * appends the event, after the issuer signed it. So the time of a step is the log's, which an issuer
 * cannot backdate; replay of a signed step is refused by the lifecycle and by the service (a
 * signature already in the log). What the issuer does sign is when it signed (issuedAt, schema v2):
 * IssueTimes holds it against the log time, so an old signed step re-sent later is refused. Map entries (NoticeEvent.changes) are put in key order first,
 * because Avro encodes a map in iteration order and a JSON round trip may reorder it.
 */
public final class EventSignatures {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    public static byte[] payload(NoticeEvent event) {
        return EventCodec.get().encode(withSignature(event, unsignedEnvelope("NoticeEvent"), EMPTY));
    }

    public static byte[] payload(OperatorChanged event) {
        return EventCodec.get().encode(withSignature(event, unsignedEnvelope("OperatorChanged"), EMPTY));
    }

    public static NoticeEvent sign(NoticeEvent event, PrivateKey key) {
        return withSignature(event, event.getEnvelope(), ByteBuffer.wrap(sign(payload(event), key)));
    }

    public static OperatorChanged sign(OperatorChanged event, PrivateKey key) {
        return withSignature(event, event.getEnvelope(), ByteBuffer.wrap(sign(payload(event), key)));
    }

    // Copies through the all-fields constructor: the generated newBuilder(other) deep-copies with
    // SpecificData.get(), which fails when avro.jar and the events sit in different class loaders
    // (Quarkus test and dev mode).
    private static NoticeEvent withSignature(NoticeEvent e, Envelope envelope, ByteBuffer signature) {
        return new NoticeEvent(envelope, e.getNoticeId(), e.getAction(), e.getIssuer(), e.getKind(), e.getTitle(),
                e.getDescription(), e.getEffectiveAt(), new TreeMap<>(e.getChanges()), e.getParties(), e.getSerial(), signature, e.getIssuedAt());
    }

    private static OperatorChanged withSignature(OperatorChanged e, Envelope envelope, ByteBuffer signature) {
        return new OperatorChanged(envelope, e.getOperatorId(), e.getName(), e.getRole(), e.getServers(), e.getContacts(),
                e.getSigningKey(), e.getRemoved(), e.getSignerId(), signature, e.getIssuedAt());
    }

    /** @throws SignatureException naming the notice and issuer when the signature does not verify */
    public static void verify(NoticeEvent event, PublicKey issuerKey) {
        verify(payload(event), event.getSignature(), issuerKey,
                "notice " + event.getNoticeId() + " " + event.getAction() + " by " + event.getIssuer());
    }

    /** @throws SignatureException naming the entry and signer when the signature does not verify */
    public static void verify(OperatorChanged event, PublicKey signerKey) {
        verify(payload(event), event.getSignature(), signerKey,
                "directory entry " + event.getOperatorId() + " signed by " + event.getSignerId());
    }

    /** The envelope an event carries while it is signed and before the log fills it in. */
    public static Envelope unsignedEnvelope(String eventType) {
        return new Envelope(new java.util.UUID(0, 0), eventType, ".", "", java.time.Instant.EPOCH, 0L, EMPTY);
    }

    static byte[] sign(byte[] payload, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance(Ed25519Keys.ALGORITHM);
            signer.initSign(key);
            signer.update(payload);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (must be Ed25519): " + e.getMessage(), e);
        }
    }

    static void verify(byte[] payload, ByteBuffer signature, PublicKey key, String what) {
        byte[] sig = signature == null ? new byte[0] : AvroBytes.toArray(signature);
        if (sig.length == 0) {
            throw new SignatureException(what + " is not signed");
        }
        if (sig.length != 64) {
            throw new SignatureException(what + ": an Ed25519 signature has 64 bytes, this one " + sig.length);
        }
        boolean ok;
        try {
            Signature verifier = Signature.getInstance(Ed25519Keys.ALGORITHM);
            verifier.initVerify(key);
            verifier.update(payload);
            ok = verifier.verify(sig);
        } catch (GeneralSecurityException e) {
            throw new SignatureException(what + ": signature unverifiable: " + e.getMessage());
        }
        if (!ok) {
            throw new SignatureException(what + ": bad signature (not made by the party's registered key, or the event was altered)");
        }
    }

    private EventSignatures() {}
}
