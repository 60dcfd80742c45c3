package rootzone.tlog;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import rootzone.testsupport.ExternalTools;

/**
 * A ZONEMD implementation that is not ours: dnspython's {@code Zone.compute_digest} (Debian's
 * python3-dnspython, /usr/bin/python3). Tests skip, saying so, when it is absent. Shared through
 * transparency-log's test-jar.
 */
public final class Dnspython {

    public static void assumeAvailable() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 missing: skipped (apt-get install python3-dnspython)");
        try {
            ExternalTools.run("/usr/bin/python3", "-c", "import dns.zone; dns.zone.DigestHashAlgorithm.SHA384");
        } catch (Exception e) {
            assumeTrue(false, "dnspython with ZONEMD support missing: skipped (apt-get install python3-dnspython; .ci/run does)");
        }
    }

    /** The RFC 8976 SIMPLE SHA-384 digest of a zone file, lowercase hex, as dnspython computes it. */
    public static String zonemdSha384(Path file, String origin) throws Exception {
        assumeAvailable();
        return ExternalTools.run("/usr/bin/python3", "-c", "import sys, dns.zone\n"
                + "z = dns.zone.from_file(sys.argv[1], origin=sys.argv[2], relativize=False)\n"
                + "print(z.compute_digest(dns.zone.DigestHashAlgorithm.SHA384).digest.hex())", file.toString(), origin).strip();
    }

    private Dnspython() {}
}
