package rootzone.coordination.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.coordination.model.sign.EventSignatures;
import rootzone.coordination.model.sign.SignatureException;
import rootzone.events.NoticeAction;
import rootzone.events.NoticeEvent;
import rootzone.events.NoticeKind;
import rootzone.events.PartyRole;

/** The signed issuedAt (schema v2) in the fold the coordination service and the auditor share. */
class IssueTimesTest {

    private static final Instant T0 = Instant.parse("2024-10-01T00:00:00Z");
    private final KeyPair icann = Ed25519Keys.generate();
    private final KeyPair wide = Ed25519Keys.generate();
    private CoordinationState state;

    @BeforeEach
    void directory() {
        state = new CoordinationState(TestEvents.anchor("icann", icann));
        state.apply(TestEvents.entry("icann", PartyRole.ZONE_MAINTAINER, icann, "icann", icann, T0, "noc@icann.example", false));
        state.apply(TestEvents.entry("wide", PartyRole.ROOT_SERVER_OPERATOR, wide, "icann", icann, T0, "noc@wide.example", false));
        state.apply(announce(T0.plusSeconds(60)));
    }

    private NoticeEvent announce(Instant at) {
        return TestEvents.announce("ksk-2024", "icann", at, NoticeKind.KEY_ROLLOVER, T0.plus(Duration.ofDays(100)),
                Map.of("keyTags", "38696"), List.of("wide"), icann);
    }

    /** An amendment issued at {@code issued}, reaching the log at {@code logged}. */
    private NoticeEvent amend(String title, Instant issued, Instant logged) {
        return TestEvents.signed(TestEvents.step("ksk-2024", NoticeAction.AMENDED, "icann", logged).setIssuedAt(issued)
                .setTitle(title), icann);
    }

    @Test
    void theIssueTimeIsSigned() {
        NoticeEvent a = amend("KSK-2024, revised", T0.plusSeconds(120), T0.plusSeconds(120));
        a.setIssuedAt(T0.plusSeconds(90));
        var e = assertThrows(SignatureException.class, () -> state.apply(a));
        assertTrue(e.getMessage().contains("bad signature"), e.getMessage());
        assertEquals(0, state.notices().get("ksk-2024").revision(), "nothing changed");
    }

    @Test
    void aStepIssuedFarFromItsLogTimeIsRefused() {
        Instant logged = T0.plus(Duration.ofHours(3));
        var e = assertThrows(IllegalArgumentException.class,
                () -> state.apply(amend("KSK-2024, revised", T0.plusSeconds(120), logged)));
        assertTrue(e.getMessage().contains("is PT2H58M from the time the log accepts it"), e.getMessage());
        // Within the allowed skew, either way: accepted.
        state.apply(amend("KSK-2024, revised", logged.minus(IssueTimes.MAX_SKEW), logged));
        state.apply(amend("KSK-2024, revised again", logged.plus(IssueTimes.MAX_SKEW), logged.plusSeconds(1)));
        assertEquals(2, state.notices().get("ksk-2024").revision());
    }

    @Test
    void aReSentOldAmendmentIsRefusedAndARepeatedOneIsNew() {
        NoticeEvent first = amend("KSK-2024, to be published 2025-01-11", T0.plusSeconds(120), T0.plusSeconds(120));
        state.apply(first);
        state.apply(amend("KSK-2024, postponed", T0.plusSeconds(180), T0.plusSeconds(180)));
        // The old amendment, re-sent as it was: the same signature.
        assertThrows(SignatureException.class, () -> state.apply(first));
        // Dated as issued (import mode logs a step at its issuedAt): older than the notice's latest step.
        NoticeEvent old = amend("KSK-2024, to be published 2025-01-11", T0.plusSeconds(150), T0.plusSeconds(150));
        var e = assertThrows(IllegalArgumentException.class, () -> state.apply(old));
        assertTrue(e.getMessage().contains("before the notice's latest step"), e.getMessage());
        // The same words issued again later are a new amendment: another issuedAt, another signature.
        NoticeEvent again = amend("KSK-2024, to be published 2025-01-11", T0.plusSeconds(240), T0.plusSeconds(240));
        state.apply(again);
        assertEquals(3, state.notices().get("ksk-2024").revision());
        assertEquals("KSK-2024, to be published 2025-01-11", state.notices().get("ksk-2024").title());
    }

    @Test
    void directoryEntriesFollowTheSameRules() {
        var stale = TestEvents.entry("wide", PartyRole.ROOT_SERVER_OPERATOR, wide, "wide", wide, T0.plusSeconds(30),
                "ops@wide.example", false);
        state.apply(TestEvents.entry("wide", PartyRole.ROOT_SERVER_OPERATOR, wide, "wide", wide, T0.plusSeconds(60),
                "noc2@wide.example", false));
        var e = assertThrows(IllegalArgumentException.class, () -> state.apply(stale));
        assertTrue(e.getMessage().contains("directory entry wide"), e.getMessage());
        var late = TestEvents.entry("wide", PartyRole.ROOT_SERVER_OPERATOR, wide, "wide", wide, T0.plusSeconds(90),
                "ops@wide.example", false);
        late.getEnvelope().setProducedAt(T0.plus(Duration.ofDays(1)));
        e = assertThrows(IllegalArgumentException.class, () -> state.apply(late));
        assertTrue(e.getMessage().contains("from the time the log accepts it"), e.getMessage());
        assertEquals("noc2@wide.example", state.directory().current("wide").orElseThrow().getContacts().get(0).getEmail());
    }

    @Test
    void stepsWrittenBeforeSchemaV2AreHeldToTheLogTimeOnly() {
        NoticeEvent v1 = TestEvents.signed(TestEvents.step("ksk-2024", NoticeAction.ACKNOWLEDGED, "wide", T0.plusSeconds(300))
                .setIssuedAt(null), wide);
        state.apply(v1);
        assertEquals(Map.of("wide", T0.plusSeconds(300)), state.notices().get("ksk-2024").acknowledgements());
        EventSignatures.verify(v1, wide.getPublic());
    }
}
