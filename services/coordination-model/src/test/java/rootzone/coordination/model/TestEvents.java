package rootzone.coordination.model;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import rootzone.coordination.model.sign.EventSignatures;
import rootzone.events.Contact;
import rootzone.events.ContactKind;
import rootzone.events.Envelope;
import rootzone.events.NoticeAction;
import rootzone.events.NoticeEvent;
import rootzone.events.NoticeKind;
import rootzone.events.OperatorChanged;
import rootzone.events.PartyRole;

/** Builds signed notice steps for tests, as an issuer's client would. */
public final class TestEvents {

    public static Envelope envelope(String type, String producer, Instant at) {
        return Envelope.newBuilder().setEventId(UUID.randomUUID()).setEventType(type).setZone(".")
                .setProducer(producer).setProducedAt(at).setSequence(0).setPreviousHash(ByteBuffer.allocate(0)).build();
    }

    public static NoticeEvent.Builder step(String noticeId, NoticeAction action, String issuer, Instant at) {
        return NoticeEvent.newBuilder().setEnvelope(envelope("NoticeEvent", issuer, at)).setNoticeId(noticeId)
                .setAction(action).setIssuer(issuer).setIssuedAt(at).setSignature(ByteBuffer.allocate(0));
    }

    public static NoticeEvent announce(String id, String issuer, Instant at, NoticeKind kind, Instant effectiveAt,
            Map<String, String> changes, List<String> parties, KeyPair key) {
        return EventSignatures.sign(step(id, NoticeAction.ANNOUNCED, issuer, at).setKind(kind).setTitle(kind + " " + id)
                .setEffectiveAt(effectiveAt).setChanges(changes).setParties(parties).build(), key.getPrivate());
    }

    /** A directory entry signed by {@code signer}, issued and logged at {@code at}. */
    public static OperatorChanged entry(String id, PartyRole role, KeyPair own, String signer, KeyPair signerKey, Instant at,
            String email, boolean removed) {
        OperatorChanged e = OperatorChanged.newBuilder()
                .setEnvelope(envelope("OperatorChanged", signer, at)).setOperatorId(id).setName(id.toUpperCase())
                .setRole(role).setServers(role == PartyRole.ROOT_SERVER_OPERATOR ? List.of("m.root-servers.net.") : List.of())
                .setContacts(List.of(new Contact(ContactKind.OPERATIONAL, "NOC", "noc", email, "+81 3 0000 0000", null)))
                .setSigningKey(ByteBuffer.wrap(own.getPublic().getEncoded())).setRemoved(removed).setSignerId(signer)
                .setIssuedAt(at).setSignature(ByteBuffer.allocate(0)).build();
        return EventSignatures.sign(e, signerKey.getPrivate());
    }

    /** A trust anchor naming {@code identity} as maintainer of the root with {@code key}. */
    public static rootzone.coordination.model.directory.TrustAnchor anchor(String identity, KeyPair key) {
        return rootzone.coordination.model.directory.TrustAnchor.parse(
                rootzone.coordination.model.directory.TrustAnchor.line(".", identity, key.getPublic()), "test anchor");
    }

    public static NoticeEvent signed(NoticeEvent.Builder b, KeyPair key) {
        return EventSignatures.sign(b.build(), key.getPrivate());
    }

    private TestEvents() {}
}
