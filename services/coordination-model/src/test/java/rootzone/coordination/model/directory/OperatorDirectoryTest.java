package rootzone.coordination.model.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import rootzone.coordination.model.TestEvents;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.coordination.model.sign.SignatureException;
import rootzone.events.OperatorChanged;
import rootzone.events.PartyRole;

class OperatorDirectoryTest {

    private final KeyPair icann = Ed25519Keys.generate();
    private final KeyPair wide = Ed25519Keys.generate();
    private final KeyPair wide2 = Ed25519Keys.generate();
    private final KeyPair mallory = Ed25519Keys.generate();
    private final Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    private final OperatorDirectory anchored = OperatorDirectory.anchoredAt(TestEvents.anchor("icann", icann));

    static OperatorChanged entry(String id, PartyRole role, KeyPair own, String signer, KeyPair signerKey, Instant at,
            String email, boolean removed) {
        return TestEvents.entry(id, role, own, signer, signerKey, at, email, removed);
    }

    @Test
    void bootstrapRegisterRotateAndReadBackAsOfAnyTime() {
        OperatorDirectory d = anchored
                .with(entry("icann", PartyRole.ZONE_MAINTAINER, icann, "icann", icann, t0, "noc@icann.example", false))
                .with(entry("wide", PartyRole.ROOT_SERVER_OPERATOR, wide, "icann", icann, t0.plusSeconds(60), "noc@wide.example", false));
        // WIDE rotates its key and changes its contact, signing with its current key.
        d = d.with(entry("wide", PartyRole.ROOT_SERVER_OPERATOR, wide2, "wide", wide, t0.plusSeconds(3600), "ops@wide.example", false));
        assertEquals(wide2.getPublic(), d.signingKey("wide").orElseThrow());
        assertEquals("noc@wide.example", d.asOf(t0.plusSeconds(120)).stream().filter(e -> e.getOperatorId().equals("wide"))
                .findFirst().orElseThrow().getContacts().get(0).getEmail());
        assertEquals("ops@wide.example", d.current("wide").orElseThrow().getContacts().get(0).getEmail());
        assertEquals(List.of("icann"), d.asOf(t0.plusSeconds(30)).stream().map(OperatorChanged::getOperatorId).toList());
        assertTrue(d.asOf(t0.minusSeconds(1)).isEmpty());
        // The old key no longer signs for WIDE.
        OperatorDirectory before = d;
        assertThrows(SignatureException.class, () -> before.with(
                entry("wide", PartyRole.ROOT_SERVER_OPERATOR, wide, "wide", wide, t0.plusSeconds(7200), "x@wide.example", false)));
        d = d.with(entry("wide", PartyRole.ROOT_SERVER_OPERATOR, wide2, "icann", icann, t0.plusSeconds(9000), "ops@wide.example", true));
        assertFalse(d.isMember("wide"));
        assertEquals(2, d.asOf(t0.plusSeconds(8000)).size());
        assertEquals(3, d.history("wide").size());
    }

    @Test
    void theFirstRegistrantCannotMakeItselfMaintainer() {
        // Issue 10: before the trust anchor, whoever registered first became the maintainer.
        for (OperatorDirectory d : List.of(anchored, OperatorDirectory.anchoredAt(TrustAnchor.none()))) {
            assertTrue(assertThrows(SignatureException.class, () -> d.with(
                    entry("mallory", PartyRole.ZONE_MAINTAINER, mallory, "mallory", mallory, t0, "m@evil.example", false)))
                    .getMessage().contains("neither in the directory nor in the trust anchor"));
        }
        // Claiming to be the anchored maintainer, with another key.
        assertThrows(SignatureException.class, () -> anchored.with(
                entry("icann", PartyRole.ZONE_MAINTAINER, mallory, "icann", mallory, t0, "m@evil.example", false)));
        assertTrue(anchored.publishingKey("mallory", ".").isEmpty());
        assertEquals(icann.getPublic(), anchored.publishingKey("icann", ".").orElseThrow(), "the anchor alone lets it publish");
        assertTrue(anchored.publishingKey("icann", "example.").isEmpty(), "only the zones the anchor names");
    }

    @Test
    void aPartyCannotChangeItsOwnRoleButAMaintainerCan() {
        OperatorDirectory d = anchored
                .with(entry("wide", PartyRole.ROOT_SERVER_OPERATOR, wide, "icann", icann, t0, "noc@wide.example", false));
        OperatorDirectory registered = d;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registered.with(
                entry("wide", PartyRole.ZONE_MAINTAINER, wide, "wide", wide, t0.plusSeconds(60), "noc@wide.example", false)))
                .getMessage().contains("cannot change its own role"));
        // An operator cannot register others either.
        assertThrows(SignatureException.class, () -> registered.with(
                entry("mallory", PartyRole.ZONE_MAINTAINER, mallory, "wide", wide, t0.plusSeconds(60), "m@evil.example", false)));
        // Made a maintainer by a maintainer, it signs entries; it publishes only zones the anchor names for it.
        d = d.with(entry("wide", PartyRole.ZONE_MAINTAINER, wide, "icann", icann, t0.plusSeconds(120), "noc@wide.example", false));
        assertTrue(d.isMaintainer("wide"));
        assertTrue(d.publishingKey("wide", ".").isEmpty());
        d = d.with(entry("mallory", PartyRole.ROOT_SERVER_OPERATOR, mallory, "wide", wide, t0.plusSeconds(180), "m@x.example", false));
        assertTrue(d.isMember("mallory"));
    }

    @Test
    void anAnchoredMaintainerRotatesItsKeyAndCanBeRevoked() {
        KeyPair icann2 = Ed25519Keys.generate();
        OperatorDirectory d = anchored
                .with(entry("icann", PartyRole.ZONE_MAINTAINER, icann2, "icann", icann, t0, "noc@icann.example", false));
        assertEquals(icann2.getPublic(), d.publishingKey("icann", ".").orElseThrow(), "the directory's key replaces the anchor's");
        d = d.with(entry("icann", PartyRole.ZONE_MAINTAINER, icann2, "icann", icann2, t0.plusSeconds(60), "noc@icann.example", true));
        assertTrue(d.publishingKey("icann", ".").isEmpty(), "removed: publishes nothing, signs nothing");
        assertTrue(d.trustedKey("icann").isEmpty());
    }

    @Test
    void wrongSignersAndBadEntriesAreRefused() {
        OperatorDirectory d = anchored
                .with(entry("icann", PartyRole.ZONE_MAINTAINER, icann, "icann", icann, t0, "noc@icann.example", false));
        // A new operator cannot register itself.
        assertTrue(assertThrows(SignatureException.class, () -> d.with(
                entry("wide", PartyRole.ROOT_SERVER_OPERATOR, wide, "wide", wide, t0, "noc@wide.example", false)))
                .getMessage().contains("neither in the directory nor in the trust anchor"));
        // Claiming the maintainer signed it, signed with another key.
        assertThrows(SignatureException.class, () -> d.with(
                entry("wide", PartyRole.ROOT_SERVER_OPERATOR, wide, "icann", wide, t0, "noc@wide.example", false)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.with(
                entry("wide", PartyRole.ROOT_SERVER_OPERATOR, wide, "icann", icann, t0, "not-an-address", false)))
                .getMessage().contains("no valid e-mail"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.with(
                entry("Wide Project", PartyRole.ROOT_SERVER_OPERATOR, wide, "icann", icann, t0, "a@b.example", false)))
                .getMessage().contains("operator id"));
    }

    @Test
    void trustAnchorFilesAreReadStrictly() {
        String line = TrustAnchor.line(".", "icann", icann.getPublic());
        TrustAnchor a = TrustAnchor.parse("# comment\n" + line + "\n" + TrustAnchor.line("Example", "icann", icann.getPublic()) + "\n", "f");
        assertTrue(a.maintains("icann", "."));
        assertTrue(a.maintains("icann", "example."));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustAnchor.parse(line + "\n"
                + TrustAnchor.line("example.", "icann", wide.getPublic()), "f")).getMessage().contains("f:2: identity icann is given two different keys"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrustAnchor.parse(". icann notakey", "f"))
                .getMessage().startsWith("f:1:"));
    }
}
