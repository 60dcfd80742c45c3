package rootzone.compliance.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import rootzone.compliance.TestEvents;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.compliance.sign.SignatureException;
import rootzone.events.OperatorChanged;
import rootzone.events.PartyRole;

class OperatorDirectoryTest {

    private final KeyPair icann = Ed25519Keys.generate();
    private final KeyPair wide = Ed25519Keys.generate();
    private final KeyPair wide2 = Ed25519Keys.generate();
    private final Instant t0 = Instant.parse("2024-01-01T00:00:00Z");

    static OperatorChanged entry(String id, PartyRole role, KeyPair own, String signer, KeyPair signerKey, Instant at,
            String email, boolean removed) {
        return TestEvents.entry(id, role, own, signer, signerKey, at, email, removed);
    }

    @Test
    void bootstrapRegisterRotateAndReadBackAsOfAnyTime() {
        OperatorDirectory d = OperatorDirectory.empty()
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
    void wrongSignersAndBadEntriesAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OperatorDirectory.empty().with(
                entry("wide", PartyRole.ROOT_SERVER_OPERATOR, wide, "wide", wide, t0, "noc@wide.example", false)))
                .getMessage().contains("first directory entry must be the zone maintainer"));
        OperatorDirectory d = OperatorDirectory.empty()
                .with(entry("icann", PartyRole.ZONE_MAINTAINER, icann, "icann", icann, t0, "noc@icann.example", false));
        // A new operator cannot register itself.
        assertTrue(assertThrows(SignatureException.class, () -> d.with(
                entry("wide", PartyRole.ROOT_SERVER_OPERATOR, wide, "wide", wide, t0, "noc@wide.example", false)))
                .getMessage().contains("not in the directory"));
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
}
