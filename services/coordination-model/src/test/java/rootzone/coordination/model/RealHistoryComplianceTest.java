package rootzone.coordination.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.coordination.model.sign.EventSignatures;
import rootzone.events.NoticeEvent;
import rootzone.events.NoticeKind;

/**
 * Detection and the report over the real 2023-11 .. 2025-12 root zone history in ../shared (skipped
 * when absent). What the data holds: b.root-servers.net renumbered in 2023112702; the quarterly ZSK
 * rollovers (add about 20 days before the quarter, old key removed about the 11th of its first month);
 * KSK-2024 (38696) published in 2025011100 next to KSK-2017 (20326), which stays. No change of the
 * apex NS set or of the apex record types (ZONEMD was already there in 2023-11).
 */
class RealHistoryComplianceTest {

    static List<VersionChanges> history;

    private static final List<String> EXPECTED = RealHistoryFacts.CHANGES;

    private static final KeyPair ICANN = Ed25519Keys.generate();
    private static final KeyPair VERISIGN = Ed25519Keys.generate();
    private static final KeyPair ISI = Ed25519Keys.generate();

    @BeforeAll
    static void scan() throws Exception {
        Path bundle = rootzone.testsupport.SharedData.historyBundleOrSkip();
        assumeTrue(RootZoneHistory.gitAvailable(), "skipped: git is not installed");
        long t0 = System.nanoTime();
        try (RootZoneHistory versions = new RootZoneHistory(bundle, java.nio.file.Files.createDirectories(Path.of("target")))) {
            history = VersionChanges.scan(versions);
            System.out.printf("RealHistoryComplianceTest: scanned %d versions in %d ms%n", versions.size(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    @Test
    void findsExactlyTheRealInfrastructureChanges() {
        List<String> found = new ArrayList<>();
        for (VersionChanges v : history) {
            v.changes().forEach(c -> found.add(v.serial() + " " + c.label()));
        }
        assertEquals(EXPECTED, found);
        InfrastructureChange b = history.get(0).changes().get(0);
        assertEquals(RealHistoryFacts.B_OLD_ADDRESSES, b.before());
        assertEquals(RealHistoryFacts.B_NEW_ADDRESSES, b.after());
    }

    /** The notices the parties would have sent: each ZSK rollover names its new and its old key. */
    private static List<NoticeEvent> notices(String lastZskAnnounced) {
        List<NoticeEvent> n = new ArrayList<>();
        n.add(announce("b-root-renumbering", "usc-isi", ISI, RealHistoryFacts.B_ANNOUNCED.toString(), NoticeKind.SERVER_ADDRESS_CHANGE,
                "2023-11-27T00:00:00Z", Map.of("server", "b.root-servers.net.",
                        "oldAddresses", String.join(",", RealHistoryFacts.B_OLD_ADDRESSES),
                        "newAddresses", String.join(",", RealHistoryFacts.B_NEW_ADDRESSES))));
        n.add(announce("ksk-2024-publication", "icann", ICANN, RealHistoryFacts.KSK_2024_ANNOUNCED.toString(), NoticeKind.KEY_ROLLOVER,
                "2025-01-11T00:00:00Z", Map.of("keyTags", "38696", "algorithm", "8")));
        for (RealHistoryFacts.ZskRollover z : RealHistoryFacts.zskRollovers(lastZskAnnounced)) {
            n.add(announce(z.noticeId(), "verisign", VERISIGN, z.announcedAt().toString(), NoticeKind.KEY_ROLLOVER,
                    z.announcedAt().plus(Duration.ofDays(30)).toString(), Map.of("keyTags", z.keyTags())));
        }
        return n;
    }

    private static NoticeEvent announce(String id, String issuer, KeyPair key, String at, NoticeKind kind, String effective,
            Map<String, String> changes) {
        List<String> parties = new ArrayList<>(List.of("icann", "verisign", "usc-isi", "wide"));
        parties.remove(issuer);
        NoticeEvent e = TestEvents.announce(id, issuer, Instant.parse(at), kind, Instant.parse(effective), changes, parties, key);
        EventSignatures.verify(e, key.getPublic());
        return e;
    }

    @Test
    void matchingNoticesTurnTheReportGreen() {
        ComplianceReport report = ComplianceReport.compute(history, notices(RealHistoryFacts.LAST_ZSK_IN_TIME), Duration.ofDays(7));
        assertEquals(EXPECTED.size(), report.findings().size());
        assertTrue(report.allGreen(), () -> report.findings().stream().filter(f -> !f.isGreen())
                .map(f -> f.serial() + " " + f.change().label() + " " + f.status()).toList().toString());
        Finding b = report.findings().get(0);
        assertEquals("b-root-renumbering", b.noticeId());
        assertEquals(Duration.between(RealHistoryFacts.B_ANNOUNCED, Instant.parse("2023-11-27T20:40:00Z")), b.leadTime());
        Finding ksk = report.findings().stream().filter(f -> Integer.valueOf(38696).equals(f.change().keyTag())).findFirst().orElseThrow();
        assertEquals("ksk-2024-publication", ksk.noticeId());
        // The removal of ZSK 46780 is covered by the 2024q1 rollover notice, announced before the key was added.
        assertEquals("zsk-2024q1", report.findings().get(2).noticeId());
    }

    @Test
    void aLateNoticeAndAMissingOneAreReported() {
        List<NoticeEvent> notices = new ArrayList<>(notices(RealHistoryFacts.LAST_ZSK_LATE));
        notices.remove(0); // no b.root-servers.net notice
        ComplianceReport report = ComplianceReport.compute(history, notices, Duration.ofDays(7));
        assertEquals(Finding.Status.NO_NOTICE, report.findings().get(0).status());
        Finding last = report.findings().get(report.findings().size() - 1);
        assertEquals(Finding.Status.TOO_LATE, last.status());
        assertEquals("zsk-2026q1", last.noticeId());
        assertEquals(Duration.between(Instant.parse("2025-12-18T12:00:00Z"), Instant.parse("2025-12-20T12:10:00Z")), last.leadTime());
        assertEquals(1, report.count(Finding.Status.NO_NOTICE));
        assertEquals(1, report.count(Finding.Status.TOO_LATE));
        assertEquals(EXPECTED.size() - 2, report.count(Finding.Status.NOTICED));
    }
}
