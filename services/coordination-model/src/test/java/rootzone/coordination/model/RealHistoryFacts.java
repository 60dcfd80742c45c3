package rootzone.coordination.model;

import java.time.Instant;
import java.util.List;

/**
 * What the real 2023-11 .. 2025-12 root zone history (../shared/data/rootzone-history) contains, and
 * the notices the parties would have sent for it. One list for the library's RealHistoryComplianceTest
 * and the auditor's end-to-end CoordinationAcceptanceTest (through this module's test-jar).
 */
public final class RealHistoryFacts {

    /** Every infrastructure change, as InfrastructureChange.label() after the serial, in order. */
    public static final List<String> CHANGES = List.of(
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

    public static final List<String> B_OLD_ADDRESSES = List.of("199.9.14.201", "2001:500:200::b");
    public static final List<String> B_NEW_ADDRESSES = List.of("170.247.170.2", "2801:1b8:10::b");

    /** USC/ISI's announcement of the b.root-servers.net renumbering. */
    public static final Instant B_ANNOUNCED = Instant.parse("2023-08-08T16:00:00Z");
    /** The maintainer's announcement of the KSK-2024 publication. */
    public static final Instant KSK_2024_ANNOUNCED = Instant.parse("2024-10-01T00:00:00Z");

    /** One quarterly ZSK rollover notice: announced at noon UTC that day, naming the new and the old key. */
    public record ZskRollover(String noticeId, String announced, String keyTags) {
        public Instant announcedAt() {
            return Instant.parse(announced + "T12:00:00Z");
        }
    }

    /** In time, every one (7 days' lead or more); the last announcement of the 2026q1 rollover is a choice of the test. */
    public static List<ZskRollover> zskRollovers(String lastAnnounced) {
        return List.of(
                new ZskRollover("zsk-2024q1", "2023-11-20", "30903,46780"), new ZskRollover("zsk-2024q2", "2024-02-20", "5613,30903"),
                new ZskRollover("zsk-2024q3", "2024-05-20", "20038,5613"), new ZskRollover("zsk-2024q4", "2024-08-20", "61050,20038"),
                new ZskRollover("zsk-2025q1", "2024-11-20", "26470,61050"), new ZskRollover("zsk-2025q2", "2025-02-20", "53148,26470"),
                new ZskRollover("zsk-2025q3", "2025-05-20", "46441,53148"), new ZskRollover("zsk-2025q4", "2025-08-20", "61809,46441"),
                new ZskRollover("zsk-2026q1", lastAnnounced, "21831"));
    }

    /** The 2026q1 rollover announced in time, and two days before its key appeared (2025122000): too late under 7 days. */
    public static final String LAST_ZSK_IN_TIME = "2025-11-20";
    public static final String LAST_ZSK_LATE = "2025-12-18";

    private RealHistoryFacts() {}
}
