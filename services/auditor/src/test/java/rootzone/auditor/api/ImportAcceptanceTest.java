package rootzone.auditor.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import rootzone.auditor.archive.ArchiveEntry;
import rootzone.auditor.archive.ZoneArchive;
import rootzone.auditor.testing.AuditorKafkaResource;
import rootzone.auditor.testing.RealHistoryImport;
import rootzone.testsupport.SharedData;
import rootzone.zone.Zone;
import rootzone.zone.ZoneFileWriter;
import rootzone.zone.ZoneParser;

/**
 * Issue 5 acceptance: import all 1,978 versions of the real history through the real broker; 20
 * serials spread over the range rebuild to the original (byte-identical canonical zone file, so the
 * same RRs with the same TTLs); the TLD additions and removals between 2023-11 and 2025-12 equal a
 * count made directly from the files' text.
 */
@QuarkusTest
@WithTestResource(value = AuditorKafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = rootzone.auditor.testing.AnchorResource.class, scope = TestResourceScope.GLOBAL)
class ImportAcceptanceTest {

    @Test
    void importWholeHistoryThenRebuildAndCountDelegations() throws Exception {
        Path bundle = SharedData.historyBundleOrSkip();

        // Shared with CoordinationAcceptanceTest: one import per test JVM, whichever test runs first.
        JsonPath status = RealHistoryImport.once(bundle);
        assertEquals("DONE", status.getString("state"), status.prettify());
        assertEquals(1978, status.getInt("report.imported"));
        assertNull(status.getString("report.error"));
        JsonPath versions = given().get("/history/versions").jsonPath();
        assertEquals(1978, versions.getList("$").size(), given().get("/history/status").asString());
        assertTrue(versions.getList("imported", Boolean.class).stream().allMatch(b -> b));
        assertEquals("2023-11-04T05:50:00Z", versions.getString("[0].capturedAt"), "the first commit's date");

        // A second import of the same archive changes nothing: every version is already in the log.
        JsonPath again = given().contentType(ContentType.JSON).body(Map.of("path", bundle.toString()))
                .post("/history/import").then().statusCode(202).extract().jsonPath();
        while ("RUNNING".equals(again.getString("state"))) {
            Thread.sleep(500);
            again = given().get("/history/import/" + again.getString("id")).jsonPath();
        }
        assertEquals(0, again.getInt("report.imported"), again.prettify());
        assertEquals(1978, again.getInt("report.skipped"));

        try (ZoneArchive archive = ZoneArchive.open(bundle, null)) {
            List<ArchiveEntry> all = archive.entries();
            List<ArchiveEntry> sample = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sample.add(all.get(i * (all.size() - 1) / 19));
            }
            archive.read(sample, (entry, text) -> {
                Zone original = ZoneParser.parse(text, Name.root, entry.origin());
                String served = given().get("/history/zone/" + entry.serial()).then().statusCode(200).extract().asString();
                assertEquals(ZoneFileWriter.toText(original), served, "serial " + entry.serial());
            });

            int[] added = {0};
            int[] removed = {0};
            Set<String>[] previous = new Set[1];
            archive.read(all, (entry, text) -> {
                Set<String> tlds = delegationsByText(text);
                if (previous[0] != null) {
                    added[0] += tlds.stream().filter(t -> !previous[0].contains(t)).count();
                    removed[0] += previous[0].stream().filter(t -> !tlds.contains(t)).count();
                }
                previous[0] = tlds;
            });
            JsonPath d = given().get("/history/delegations?from=2023-11-01&to=2026-01-01").jsonPath();
            assertEquals(1978, d.getInt("versions"));
            assertEquals(added[0], d.getInt("added"), "TLDs added");
            assertEquals(removed[0], d.getInt("removed"), "TLDs removed");
            assertTrue(added[0] + removed[0] > 0);
        }
    }

    /** Owners of NS records below the root, read from the text alone (no DNS library): a count independent of the auditor. */
    private static Set<String> delegationsByText(byte[] text) {
        Set<String> owners = new HashSet<>();
        for (String line : new String(text, StandardCharsets.US_ASCII).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5 && f[3].equals("NS") && f[2].equals("IN") && !f[0].equals(".")) {
                owners.add(f[0].toLowerCase());
            }
        }
        return owners;
    }
}
