package rootzone.auditor.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Name;
import rootzone.archive.ZoneArchive;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.OwnEvents;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionWriter;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleAcls;
import rootzone.zone.ContentDigest;
import rootzone.zone.SuccessiveParser;
import rootzone.zone.Zone;
import rootzone.zone.ZoneLimits;

/**
 * The real history (1,978 versions) in the log, written once per test JVM and shared by every test
 * that needs it (the broker and the auditor are shared by the JVM's @QuarkusTests too). The auditor
 * only reads, so this fixture writes as a publisher would (the test publisher key, its role's
 * credentials), with event-log's VersionWriter: the auditor under test only has to index it. The
 * publisher's own import of the same bundle is tested in the publisher (ImportWhileLiveTest).
 */
public final class RealHistoryImport {

    public static final int VERSIONS = 1978;
    private static final long TIMEOUT_NANOS = 10L * 60 * 1_000_000_000L;

    private static JsonPath done;

    /**
     * Writes the bundle's versions unless this JVM already did, and waits until the auditor has indexed
     * every version.
     *
     * @return {"state": "DONE", "report": {"found": N}}
     */
    public static synchronized JsonPath once(Path bundle) throws Exception {
        if (done != null) {
            return done;
        }
        long started = System.nanoTime();
        int found;
        try (ZoneArchive archive = ZoneArchive.open(bundle, null);
                EventWriter events = new EventWriter(SharedKafkaBroker.connection(Role.PUBLISHER),
                        RoleAcls.PUBLISHER_TRANSACTIONAL_ID_PREFIX + "-history-fixture", "history-fixture",
                        java.time.Clock.systemUTC(), OwnEvents.signedBy(TestPublisherKey.trusted()))) {
            VersionWriter writer = new VersionWriter(events, TestPublisherKey.signer());
            found = archive.entries().size();
            SuccessiveParser parser = new SuccessiveParser(Name.root, ZoneLimits.defaults());
            List<VersionWriter.Next> batch = new ArrayList<>();
            Zone[] before = {null};
            int[] n = {0};
            archive.read(archive.entries(), (entry, text) -> {
                SuccessiveParser.Parsed p = parser.next(text, entry.origin());
                boolean last = ++n[0] == found;
                batch.add(new VersionWriter.Next(before[0], p.zone(), p.diff(), ContentDigest.of(p.zone()),
                        new VersionInfo("history-fixture", "import", entry.capturedAt(), true, null, last)));
                before[0] = p.zone();
                if (batch.size() == 50 || last) {
                    List<VersionWriter.Next> now = List.copyOf(batch);
                    events.inTransaction(tx -> writer.writeAll(tx, now));
                    batch.clear();
                }
            });
        }
        long deadline = started + TIMEOUT_NANOS;
        while (given().get("/history/versions").jsonPath().getList("$").size() < found && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        System.out.printf("RealHistoryImport: %d versions written, %d indexed after %d s%n", found,
                given().get("/history/versions").jsonPath().getList("$").size(), (System.nanoTime() - started) / 1_000_000_000L);
        done = new JsonPath("{\"state\": \"DONE\", \"report\": {\"found\": " + found + "}}");
        return done;
    }

    private RealHistoryImport() {}
}
