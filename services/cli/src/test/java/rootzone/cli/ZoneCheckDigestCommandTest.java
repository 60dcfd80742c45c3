package rootzone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zone digest prints the ZONEMD a file should carry; zone check accepts it and catches a change. */
class ZoneCheckDigestCommandTest {

    static final String ZONE = """
            $ORIGIN .
            $TTL 86400
            @ IN SOA a.root-servers.net. nstld.verisign-grs.com. 2024010100 1800 900 604800 86400
            @ 518400 IN NS a.root-servers.net.
            com. 172800 IN NS a.gtld-servers.net.
            net. 172800 IN NS a.gtld-servers.net.
            a.gtld-servers.net. 172800 IN A 192.5.6.30
            a.root-servers.net. 518400 IN A 198.41.0.4
            """;

    @Test
    void digestThenCheckPassesAndATamperedRecordFails(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.zone"), ZONE);
        ZoneDiffCommandTest.Result digest = ZoneDiffCommandTest.run("zone", "digest", plain.toString());
        assertEquals(0, digest.exit(), digest.err());
        String zonemd = digest.out().trim();
        assertTrue(zonemd.matches("(?s)\\.\\s+86400\\s+IN\\s+ZONEMD\\s+2024010100 1 1 [0-9A-F]{96}"), zonemd);

        Path signed = Files.writeString(dir.resolve("with-zonemd.zone"), ZONE + zonemd + "\n");
        ZoneDiffCommandTest.Result ok = ZoneDiffCommandTest.run("zone", "check", signed.toString());
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().endsWith(": ok\n"), ok.out());

        Path tampered = Files.writeString(dir.resolve("tampered.zone"),
                ZONE.replace("192.5.6.30", "192.5.6.31") + zonemd + "\n");
        ZoneDiffCommandTest.Result bad = ZoneDiffCommandTest.run("zone", "check", tampered.toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.out().contains("ZONEMD_MISMATCH"), bad.out());
        assertEquals(1, bad.out().lines().count(), bad.out());
    }

    @Test
    void checkReportsStructuralProblemsOneLineEach(@TempDir Path dir) throws Exception {
        Path noNs = Files.writeString(dir.resolve("nons.zone"), """
                $ORIGIN .
                @ 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400
                com. 172800 IN NS ns.com.
                """);
        ZoneDiffCommandTest.Result r = ZoneDiffCommandTest.run("zone", "check", noNs.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("NO_APEX_NS"), r.out());
        assertTrue(r.out().contains("MISSING_GLUE"), r.out());
    }

    @Test
    void unknownHashIsAClearError(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.zone"), ZONE);
        ZoneDiffCommandTest.Result r = ZoneDiffCommandTest.run("zone", "digest", plain.toString(), "--hash", "MD5");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown ZONEMD hash MD5"), r.err());
    }
}
