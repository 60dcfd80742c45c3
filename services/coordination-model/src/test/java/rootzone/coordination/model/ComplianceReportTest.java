package rootzone.coordination.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.events.NoticeAction;
import rootzone.events.NoticeEvent;
import rootzone.events.NoticeKind;

class ComplianceReportTest {

    private final KeyPair key = Ed25519Keys.generate();
    private final Instant change = Instant.parse("2025-01-11T05:50:00Z");
    private final Duration week = Duration.ofDays(7);

    private VersionChanges history(int tag) {
        return new VersionChanges(2025011100L, change, List.of(new InfrastructureChange(InfrastructureChange.Kind.DNSKEY_ADDED,
                ".", tag, null, "KSK", null, List.of(), List.of(), "DNSKEY added")));
    }

    private NoticeEvent rollover(String id, Instant at, String tags) {
        return TestEvents.announce(id, "icann", at, NoticeKind.KEY_ROLLOVER, change, Map.of("keyTags", tags), List.of("verisign"), key);
    }

    @Test
    void noticedTooLateAndNoNotice() {
        ComplianceReport ok = ComplianceReport.compute(List.of(history(38696)),
                List.of(rollover("ksk", change.minus(Duration.ofDays(30)), "20326,38696")), week);
        Finding f = ok.findings().get(0);
        assertEquals(Finding.Status.NOTICED, f.status());
        assertEquals("ksk", f.noticeId());
        assertEquals(Duration.ofDays(30), f.leadTime());

        ComplianceReport late = ComplianceReport.compute(List.of(history(38696)),
                List.of(rollover("ksk", change.minus(Duration.ofDays(2)), "38696")), week);
        assertEquals(Finding.Status.TOO_LATE, late.findings().get(0).status());
        assertEquals(Duration.ofDays(2), late.findings().get(0).leadTime());

        ComplianceReport after = ComplianceReport.compute(List.of(history(38696)),
                List.of(rollover("ksk", change.plus(Duration.ofHours(1)), "38696")), Duration.ZERO);
        assertEquals(Finding.Status.TOO_LATE, after.findings().get(0).status(), "a notice after the fact is never in time");

        ComplianceReport none = ComplianceReport.compute(List.of(history(38696)),
                List.of(rollover("other", change.minus(Duration.ofDays(30)), "20326")), week);
        assertEquals(Finding.Status.NO_NOTICE, none.findings().get(0).status());
        assertNull(none.findings().get(0).noticeId());
    }

    @Test
    void withdrawnNoticesDoNotCountAndLateAmendmentsCountFromTheAmendment() {
        Instant early = change.minus(Duration.ofDays(60));
        NoticeEvent withdraw = TestEvents.signed(TestEvents.step("ksk", NoticeAction.WITHDRAWN, "icann", early.plusSeconds(60)), key);
        assertEquals(Finding.Status.NO_NOTICE, ComplianceReport.compute(List.of(history(38696)),
                List.of(rollover("ksk", early, "38696"), withdraw), week).findings().get(0).status());

        NoticeEvent amend = TestEvents.signed(TestEvents.step("ksk", NoticeAction.AMENDED, "icann", change.minus(Duration.ofDays(3)))
                .setChanges(Map.of("keyTags", "20326,38696")), key);
        Finding f = ComplianceReport.compute(List.of(history(38696)), List.of(rollover("ksk", early, "20326"), amend), week)
                .findings().get(0);
        assertEquals(Finding.Status.TOO_LATE, f.status());
        assertEquals(Duration.ofDays(3), f.leadTime());
    }

    @Test
    void negativeMinimumIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ComplianceReport.compute(List.of(), List.of(), Duration.ofDays(-1)));
    }
}
