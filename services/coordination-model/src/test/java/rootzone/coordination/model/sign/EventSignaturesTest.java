package rootzone.coordination.model.sign;

import rootzone.eventlog.signing.Ed25519Keys;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rootzone.coordination.model.TestEvents;
import rootzone.events.Envelope;
import rootzone.events.EventCodec;
import rootzone.events.NoticeEvent;
import rootzone.events.NoticeKind;

class EventSignaturesTest {

    private final KeyPair issuer = Ed25519Keys.generate();
    private final Instant t0 = Instant.parse("2024-10-01T00:00:00Z");

    private NoticeEvent announcement() {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("keyTags", "38696");
        changes.put("algorithm", "8");
        return TestEvents.announce("ksk-2024", "icann", t0, NoticeKind.KEY_ROLLOVER, t0.plusSeconds(86400 * 100),
                changes, List.of("verisign", "wide"), issuer);
    }

    @Test
    void signedEventVerifiesAfterEncodingAndDecoding() {
        NoticeEvent signed = announcement();
        NoticeEvent readBack = EventCodec.get().decode(EventCodec.get().encode(signed), NoticeEvent.class);
        assertDoesNotThrow(() -> EventSignatures.verify(readBack, issuer.getPublic()));
    }

    @Test
    void theEnvelopeFilledByTheLogDoesNotBreakTheSignature() {
        NoticeEvent signed = announcement();
        Envelope chained = Envelope.newBuilder(signed.getEnvelope()).setProducer("coordination-1").setSequence(41)
                .setPreviousHash(ByteBuffer.wrap(new byte[32])).setEventId(java.util.UUID.randomUUID())
                .setProducedAt(t0.plusSeconds(5)).build();
        NoticeEvent appended = NoticeEvent.newBuilder(signed).setEnvelope(chained).build();
        assertDoesNotThrow(() -> EventSignatures.verify(appended, issuer.getPublic()));
    }

    @Test
    void mapOrderDoesNotMatter() {
        NoticeEvent signed = announcement();
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("algorithm", "8");
        reordered.put("keyTags", "38696");
        NoticeEvent same = NoticeEvent.newBuilder(signed).setChanges(reordered).build();
        assertDoesNotThrow(() -> EventSignatures.verify(same, issuer.getPublic()));
    }

    @Test
    void alteredContentOrIssuerIsRefused() {
        NoticeEvent signed = announcement();
        List<NoticeEvent> altered = List.of(
                NoticeEvent.newBuilder(signed).setChanges(Map.of("keyTags", "20326", "algorithm", "8")).build(),
                NoticeEvent.newBuilder(signed).setEffectiveAt(signed.getEffectiveAt().plusSeconds(1)).build(),
                NoticeEvent.newBuilder(signed).setIssuer("verisign").build(),
                NoticeEvent.newBuilder(signed).setParties(List.of("verisign")).build());
        for (NoticeEvent e : altered) {
            SignatureException ex = assertThrows(SignatureException.class, () -> EventSignatures.verify(e, issuer.getPublic()));
            assertTrue(ex.getMessage().contains("bad signature"), ex.getMessage());
        }
    }

    @Test
    void unsignedOrOtherKeyIsRefused() {
        NoticeEvent signed = announcement();
        NoticeEvent unsigned = NoticeEvent.newBuilder(signed).setSignature(ByteBuffer.allocate(0)).build();
        assertEquals("notice ksk-2024 ANNOUNCED by icann is not signed",
                assertThrows(SignatureException.class, () -> EventSignatures.verify(unsigned, issuer.getPublic())).getMessage());
        NoticeEvent truncated = NoticeEvent.newBuilder(signed).setSignature(ByteBuffer.wrap(new byte[10])).build();
        assertThrows(SignatureException.class, () -> EventSignatures.verify(truncated, issuer.getPublic()));
        KeyPair other = Ed25519Keys.generate();
        assertThrows(SignatureException.class, () -> EventSignatures.verify(signed, other.getPublic()));
    }

    @Test
    void keysRoundTripThroughBase64() {
        KeyPair k = Ed25519Keys.generate();
        assertEquals(k.getPublic(), Ed25519Keys.publicKeyFromBase64(Ed25519Keys.toBase64(k.getPublic())));
        NoticeEvent signed = EventSignatures.sign(announcement(),
                Ed25519Keys.privateKeyFromBase64(Ed25519Keys.toBase64(k.getPrivate())));
        assertDoesNotThrow(() -> EventSignatures.verify(signed, k.getPublic()));
        assertThrows(IllegalArgumentException.class, () -> Ed25519Keys.publicKey(new byte[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> Ed25519Keys.publicKeyFromBase64("not base64!"));
    }

    @Test
    void jsonRoundTripKeepsTheSignatureValid() {
        NoticeEvent signed = announcement();
        String json = EventJson.toJson(signed).toString();
        NoticeEvent back = EventJson.notice(assertDoesNotThrow(() -> EventJson.mapper().readTree(json)));
        assertDoesNotThrow(() -> EventSignatures.verify(back, issuer.getPublic()));
        assertEquals(signed.getChanges(), back.getChanges());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> EventJson.notice(EventJson.mapper().readTree("{\"noticeId\":\"x\",\"action\":\"SHOUTED\",\"issuer\":\"a\"}")));
        assertTrue(bad.getMessage().contains("'SHOUTED' is not one of"), bad.getMessage());
    }
}
