package rootzone.coordination.model.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rootzone.coordination.model.TestEvents;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.events.NoticeAction;
import rootzone.events.NoticeEvent;
import rootzone.events.NoticeKind;

class NoticeLifecycleTest {

    private final KeyPair key = Ed25519Keys.generate();
    private final Instant t0 = Instant.parse("2023-10-01T00:00:00Z");

    private NoticeEvent announce() {
        return TestEvents.announce("b-renumber", "usc-isi", t0, NoticeKind.SERVER_ADDRESS_CHANGE,
                Instant.parse("2023-11-27T00:00:00Z"),
                Map.of("server", "b.root-servers.net", "newAddresses", "170.247.170.2,2801:1b8:10::b"),
                List.of("icann", "verisign"), key);
    }

    private NoticeEvent step(NoticeAction action, String issuer, long minutes) {
        return TestEvents.signed(TestEvents.step("b-renumber", action, issuer, t0.plusSeconds(60 * minutes)), key);
    }

    private static String refused(Notice n, NoticeEvent e) {
        return assertThrows(InvalidTransitionException.class, () -> NoticeLifecycle.apply(n, e)).getMessage();
    }

    @Test
    void fullLifecycleWithTimeline() {
        Notice n = NoticeLifecycle.apply(null, announce());
        assertEquals(Notice.Status.PENDING, n.status());
        assertEquals(List.of("icann", "verisign"), List.copyOf(n.awaitingAcknowledgement()));
        n = NoticeLifecycle.apply(n, step(NoticeAction.ACKNOWLEDGED, "icann", 10));
        assertEquals(List.of("verisign"), List.copyOf(n.awaitingAcknowledgement()));
        NoticeEvent amend = TestEvents.signed(TestEvents.step("b-renumber", NoticeAction.AMENDED, "usc-isi", t0.plusSeconds(1200))
                .setEffectiveAt(Instant.parse("2023-11-28T00:00:00Z")), key);
        n = NoticeLifecycle.apply(n, amend);
        assertEquals(1, n.revision());
        assertEquals(Instant.parse("2023-11-28T00:00:00Z"), n.effectiveAt());
        assertEquals(List.of("icann", "verisign"), List.copyOf(n.awaitingAcknowledgement()), "an amendment clears acknowledgements");
        n = NoticeLifecycle.apply(n, step(NoticeAction.ACKNOWLEDGED, "icann", 30));
        n = NoticeLifecycle.apply(n, step(NoticeAction.ACKNOWLEDGED, "verisign", 31));
        assertTrue(n.awaitingAcknowledgement().isEmpty());
        n = NoticeLifecycle.apply(n, TestEvents.signed(TestEvents.step("b-renumber", NoticeAction.TOOK_EFFECT, "usc-isi",
                t0.plusSeconds(3600 * 24 * 57)).setSerial(2023112702L), key));
        assertEquals(Notice.Status.TOOK_EFFECT, n.status());
        assertEquals(2023112702L, n.serial());
        assertEquals(List.of("ANNOUNCED", "ACKNOWLEDGED", "AMENDED", "ACKNOWLEDGED", "ACKNOWLEDGED", "TOOK_EFFECT"),
                n.timeline().stream().map(Notice.Step::action).toList());
        assertTrue(n.timeline().get(2).summary().contains("acknowledgements cleared"), n.timeline().get(2).summary());
        assertTrue(n.timeline().get(5).summary().contains("serial 2023112702"));
    }

    @Test
    void invalidTransitionsAreRefusedWithAClearReason() {
        assertEquals("notice b-renumber does not exist: it must be announced before it can be acknowledged",
                refused(null, step(NoticeAction.ACKNOWLEDGED, "icann", 1)));
        Notice n = NoticeLifecycle.apply(null, announce());
        assertTrue(refused(n, announce()).contains("already announced"));
        assertTrue(refused(n, step(NoticeAction.ACKNOWLEDGED, "wide", 1)).contains("wide is not a party"));
        assertTrue(refused(n, step(NoticeAction.WITHDRAWN, "icann", 1)).contains("only the issuer usc-isi may withdraw"));
        assertTrue(refused(n, step(NoticeAction.TOOK_EFFECT, "usc-isi", 1)).contains("must name the zone serial"));
        assertTrue(refused(n, step(NoticeAction.AMENDED, "usc-isi", 1)).contains("changes nothing"));
        Notice acked = NoticeLifecycle.apply(n, step(NoticeAction.ACKNOWLEDGED, "icann", 5));
        assertTrue(refused(acked, step(NoticeAction.ACKNOWLEDGED, "icann", 6)).contains("already acknowledged revision 0"));
        assertTrue(refused(acked, step(NoticeAction.ACKNOWLEDGED, "verisign", 4)).contains("before the previous step"));
        Notice withdrawn = NoticeLifecycle.apply(n, step(NoticeAction.WITHDRAWN, "usc-isi", 10));
        assertTrue(refused(withdrawn, step(NoticeAction.ACKNOWLEDGED, "icann", 11)).contains("is withdrawn (final)"));
        assertTrue(refused(withdrawn, TestEvents.signed(TestEvents.step("b-renumber", NoticeAction.AMENDED, "usc-isi",
                t0.plusSeconds(900)).setTitle("again"), key)).contains("is withdrawn (final)"));
    }

    @Test
    void announcementsMustStateWhatChanges() {
        Instant eff = t0.plusSeconds(86400);
        NoticeEvent noTags = TestEvents.announce("zsk", "verisign", t0, NoticeKind.KEY_ROLLOVER, eff, Map.of(), List.of("icann"), key);
        assertTrue(refused(null, noTags).contains("must list the key tags"));
        NoticeEvent badTag = TestEvents.announce("zsk", "verisign", t0, NoticeKind.KEY_ROLLOVER, eff, Map.of("keyTags", "70000"), List.of("icann"), key);
        assertTrue(refused(null, badTag).contains("not 0..65535"));
        NoticeEvent badAddress = TestEvents.announce("b", "usc-isi", t0, NoticeKind.SERVER_ADDRESS_CHANGE, eff,
                Map.of("server", "b.root-servers.net", "newAddresses", "170.247.170.999"), List.of("icann"), key);
        assertTrue(refused(null, badAddress).contains("not an IPv4 or IPv6 address"));
        NoticeEvent badType = TestEvents.announce("t", "icann", t0, NoticeKind.RECORD_TYPE_CHANGE, eff, Map.of("type", "ZONEMDX"), List.of("wide"), key);
        assertTrue(refused(null, badType).contains("unknown record type"));
        NoticeEvent selfParty = TestEvents.announce("m", "wide", t0, NoticeKind.MAINTENANCE_WINDOW, eff, Map.of(), List.of("wide"), key);
        assertTrue(refused(null, selfParty).contains("cannot be a party of its own notice"));
        NoticeEvent badId = TestEvents.announce("../x", "wide", t0, NoticeKind.INCIDENT, eff, Map.of(), List.of("icann"), key);
        assertTrue(refused(null, badId).contains("notice id"));
        // Not a zone change: took effect without serial, and a serial is refused.
        Notice m = NoticeLifecycle.apply(null, TestEvents.announce("m", "wide", t0, NoticeKind.MAINTENANCE_WINDOW, eff, Map.of(), List.of("icann"), key));
        assertTrue(refused(m, TestEvents.signed(TestEvents.step("m", NoticeAction.TOOK_EFFECT, "wide", eff).setSerial(1L), key))
                .contains("names no serial"));
        Notice done = NoticeLifecycle.apply(m, TestEvents.signed(TestEvents.step("m", NoticeAction.TOOK_EFFECT, "wide", eff), key));
        assertNull(done.serial());
    }

    @Test
    void bookListsPendingNoticesPerPartyAndRefusedStepsChangeNothing() {
        NoticeBook book = NoticeBook.of(List.of(announce(), step(NoticeAction.ACKNOWLEDGED, "icann", 3),
                TestEvents.announce("m-maint", "wide", t0, NoticeKind.MAINTENANCE_WINDOW, t0.plusSeconds(86400), Map.of(),
                        List.of("icann", "usc-isi"), key)));
        assertEquals(Map.of("icann", List.of("m-maint"), "usc-isi", List.of("m-maint"), "verisign", List.of("b-renumber")),
                book.awaitingByParty());
        assertThrows(InvalidTransitionException.class, () -> book.with(step(NoticeAction.ACKNOWLEDGED, "icann", 4)));
        assertEquals(2, book.steps("b-renumber").size());
        NoticeBook after = book.with(step(NoticeAction.WITHDRAWN, "usc-isi", 5));
        assertEquals(Map.of("icann", List.of("m-maint"), "usc-isi", List.of("m-maint")), after.awaitingByParty());
        assertEquals(Notice.Status.PENDING, book.get("b-renumber").status(), "the earlier book is unchanged");
    }
}
