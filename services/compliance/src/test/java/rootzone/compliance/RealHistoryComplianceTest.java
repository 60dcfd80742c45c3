package rootzone.compliance;

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
import rootzone.compliance.sign.Ed25519Keys;
import rootzone.compliance.sign.EventSignatures;
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

    private static final List<String> EXPECTED = List.of(
            "2023112702 SERVER_ADDRESS_CHANGED b.root-servers.net.",
            "2023122000 DNSKEY_ADDED ZSK 30903",
            "2024011100 DNSKEY_REMOVED ZSK 46780",
            "2024032100 DNSKEY_ADDED ZSK 5613",
            "2024041100 DNSKEY_REMOVED ZSK 30903",
            "2024062000 DNSKEY_ADDED ZSK 20038",
            "2024071100 DNSKEY_REMOVED ZSK 5613",
            "2024091900 DNSKEY_ADDED ZSK 61050",
            "2024101100 DNSKEY_REMOVED ZSK 20038",
            "2024122000 DNSKEY_ADDED ZSK 26470",
            "2025011100 DNSKEY_ADDED KSK 38696",
            "2025011100 DNSKEY_REMOVED ZSK 61050",
            "2025032200 DNSKEY_ADDED ZSK 53148",
            "2025041100 DNSKEY_REMOVED ZSK 26470",
            "2025062000 DNSKEY_ADDED ZSK 46441",
            "2025091900 DNSKEY_ADDED ZSK 61809",
            "2025091900 DNSKEY_REMOVED ZSK 53148",
            "2025101100 DNSKEY_REMOVED ZSK 46441",
            "2025122000 DNSKEY_ADDED ZSK 21831");

    private static final KeyPair ICANN = Ed25519Keys.generate();
    private static final KeyPair VERISIGN = Ed25519Keys.generate();
    private static final KeyPair ISI = Ed25519Keys.generate();

    @BeforeAll
    static void scan() throws Exception {
        Path bundle = RootZoneHistory.bundle();
        assumeTrue(bundle != null, "skipped: no ../shared/data/rootzone-history/*.bundle (set -Drootzone.shared=DIR)");
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
        assertEquals(List.of("199.9.14.201", "2001:500:200::b"), b.before());
        assertEquals(List.of("170.247.170.2", "2801:1b8:10::b"), b.after());
    }

    /** The notices the parties would have sent: each ZSK rollover names its new and its old key. */
    private static List<NoticeEvent> notices(String lastZskAnnounced) {
        List<NoticeEvent> n = new ArrayList<>();
        n.add(announce("b-root-renumbering", "usc-isi", ISI, "2023-08-08T16:00:00Z", NoticeKind.SERVER_ADDRESS_CHANGE,
                "2023-11-27T00:00:00Z", Map.of("server", "b.root-servers.net.",
                        "oldAddresses", "199.9.14.201,2001:500:200::b", "newAddresses", "170.247.170.2,2801:1b8:10::b")));
        n.add(announce("ksk-2024-publication", "icann", ICANN, "2024-10-01T00:00:00Z", NoticeKind.KEY_ROLLOVER,
                "2025-01-11T00:00:00Z", Map.of("keyTags", "38696", "algorithm", "8")));
        String[][] zsk = {
                {"zsk-2024q1", "2023-11-20", "30903,46780"}, {"zsk-2024q2", "2024-02-20", "5613,30903"},
                {"zsk-2024q3", "2024-05-20", "20038,5613"}, {"zsk-2024q4", "2024-08-20", "61050,20038"},
                {"zsk-2025q1", "2024-11-20", "26470,61050"}, {"zsk-2025q2", "2025-02-20", "53148,26470"},
                {"zsk-2025q3", "2025-05-20", "46441,53148"}, {"zsk-2025q4", "2025-08-20", "61809,46441"},
                {"zsk-2026q1", lastZskAnnounced, "21831"}};
        for (String[] z : zsk) {
            n.add(announce(z[0], "verisign", VERISIGN, z[1] + "T12:00:00Z", NoticeKind.KEY_ROLLOVER,
                    Instant.parse(z[1] + "T12:00:00Z").plus(Duration.ofDays(30)).toString(), Map.of("keyTags", z[2])));
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
        ComplianceReport report = ComplianceReport.compute(history, notices("2025-11-20"), Duration.ofDays(7));
        assertEquals(EXPECTED.size(), report.findings().size());
        assertTrue(report.allGreen(), () -> report.findings().stream().filter(f -> !f.isGreen())
                .map(f -> f.serial() + " " + f.change().label() + " " + f.status()).toList().toString());
        Finding b = report.findings().get(0);
        assertEquals("b-root-renumbering", b.noticeId());
        assertEquals(Duration.between(Instant.parse("2023-08-08T16:00:00Z"), Instant.parse("2023-11-27T20:40:00Z")), b.leadTime());
        Finding ksk = report.findings().stream().filter(f -> Integer.valueOf(38696).equals(f.change().keyTag())).findFirst().orElseThrow();
        assertEquals("ksk-2024-publication", ksk.noticeId());
        // The removal of ZSK 46780 is covered by the 2024q1 rollover notice, announced before the key was added.
        assertEquals("zsk-2024q1", report.findings().get(2).noticeId());
    }

    @Test
    void aLateNoticeAndAMissingOneAreReported() {
        List<NoticeEvent> notices = new ArrayList<>(notices("2025-12-18"));
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
