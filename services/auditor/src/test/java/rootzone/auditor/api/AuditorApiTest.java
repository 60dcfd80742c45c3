package rootzone.auditor.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import rootzone.auditor.testing.AuditorKafkaResource;
import rootzone.auditor.testing.TestZones;
import rootzone.eventlog.Envelopes;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionWriter;
import rootzone.eventlog.WrittenVersion;
import rootzone.events.NodeApplied;
import rootzone.events.RejectorRole;
import rootzone.events.VersionRejected;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleAcls;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneFileWriter;

/**
 * The HTTP API over versions written to a real broker by event-log's VersionWriter, as a publisher
 * and three nodes would: zone "test.", so the root stays free for the import acceptance test.
 */
@QuarkusTest
@WithTestResource(value = AuditorKafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = rootzone.auditor.testing.AnchorResource.class, scope = TestResourceScope.GLOBAL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditorApiTest {

    private static final String ZONE = "test.";
    private static final Instant CAPTURED = Instant.parse("2024-06-01T00:00:00Z");

    private List<Zone> zones;
    private List<WrittenVersion> written;
    private Instant lastCommitted;

    /** Once, before the first test (RestAssured knows the app's port only from then on). */
    @BeforeEach
    void publish() throws Exception {
        if (zones != null) {
            return;
        }
        zones = List.of(
                TestZones.zone(ZONE, 100, List.of("com", "net", "org"), 172800),
                TestZones.zone(ZONE, 101, List.of("com", "net", "org"), 172800),
                TestZones.zone(ZONE, 102, List.of("com", "net", "org", "xyz"), 172800),
                TestZones.zone(ZONE, 103, List.of("com", "org", "xyz"), 3600));
                written = new java.util.ArrayList<>();
        try (EventWriter events = new EventWriter(SharedKafkaBroker.connection(Role.PUBLISHER), "rootzone-publisher-test-" + ZONE, "test-publisher")) {
            VersionWriter writer = new VersionWriter(events, rootzone.eventlog.testing.TestPublisherKey.signer());
            Zone previous = null;
            for (int i = 0; i < zones.size(); i++) {
                written.add(writer.write(previous, zones.get(i), VersionInfo.published("alice", "http", CAPTURED.plusSeconds(3600L * i))));
                previous = zones.get(i);
            }
            writer.rejected(ZONE, VersionRejected.newBuilder().setEnvelope(Envelopes.placeholder())
                    .setRejectedBy(RejectorRole.PUBLISHER).setSerial(103L).setContentDigest(null)
                    .setReason("SERIAL_NOT_NEWER").setCode(rootzone.events.RejectReason.SERIAL_NOT_NEWER).setDetail("serial 103 is not newer than 103")
                    .setSource("http").setRequestedBy("bob").build());
        }
        lastCommitted = awaitVersions(4).getList("findAll { it.serial == 103 }.publishedAt", String.class).stream()
                .map(Instant::parse).findFirst().orElseThrow();
        long[] delays = {100, 200, 5000};
        for (int n = 0; n < 3; n++) {
            try (EventWriter node = new EventWriter(SharedKafkaBroker.connection(Role.node("node-" + n)),
                    RoleAcls.nodeTransactionalId("node-" + n), "node-" + n)) {
                new VersionWriter(node, rootzone.eventlog.testing.TestPublisherKey.signer()).applied(ZONE, NodeApplied.newBuilder().setEnvelope(Envelopes.placeholder())
                        .setNodeId("node-" + n).setSerial(103).setAppliedAt(lastCommitted.plusMillis(delays[n]))
                        .setVersionOffset(written.get(3).committedOffset())
                        .setContentDigest(ByteBuffer.wrap(written.get(3).contentDigest())).build());
            }
        }
        await(() -> given().get("/history/latency?zone=test.&serial=103").jsonPath().getInt("[0].nodes") == 3);
        await(() -> given().get("/history/rejections?serial=103").jsonPath().getList("$").size() == 1);
    }

    private JsonPath awaitVersions(int count) {
        await(() -> given().get("/history/versions?zone=test.").jsonPath().getList("$").size() == count);
        return given().get("/history/versions?zone=test.").jsonPath();
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out; status: " + given().get("/history/status").asString());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aBrowserStyleCrossOriginWriteIsRefusedBeforeTheBodyIsRead() {
        // Issue 10: any web page open on this host could otherwise POST here (CSRF).
        given().header("Origin", "http://evil.example").contentType("text/plain").body("{\"path\":\"/etc\"}")
                .post("/history/import").then().statusCode(403).body("error", org.hamcrest.Matchers.equalTo("cross-origin"));
        given().header("Sec-Fetch-Site", "cross-site").contentType("application/json").body("{\"path\":\"/etc\"}")
                .post("/history/import").then().statusCode(403);
        given().contentType("application/x-www-form-urlencoded").body("path=/etc").post("/history/import").then().statusCode(415);
    }

    @Test
    void theImportEndpointIsGoneAndWritesNothing() {
        // Issue 10 section 3: imports go through the publisher; the auditor only reads.
        int before = given().get("/history/versions?zone=test.").jsonPath().getList("$").size();
        given().contentType("application/json").body("{\"path\":\"/etc\"}").post("/history/import").then().statusCode(410)
                .body("error", org.hamcrest.Matchers.containsString("publisher"));
        assertEquals(before, given().get("/history/versions?zone=test.").jsonPath().getList("$").size());
    }

    @Test
    void versionsListWhatEachCommitStates() {
        JsonPath v = given().get("/history/versions?zone=test.").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(100, 101, 102, 103), v.getList("serial", Integer.class));
        assertEquals("alice", v.getString("[2].publisher"));
        assertEquals(ContentDigest.hex(ContentDigest.of(zones.get(2))), v.getString("[2].contentDigest"));
        assertEquals(zones.get(2).size(), v.getInt("[2].recordCount"));
        assertEquals(zones.get(0).size(), v.getInt("[0].deltaSize"));
        assertEquals(4 + 4, v.getInt("[2].deltaSize"), "SOA and its RRSIG replaced, 4 records of xyz added");
        assertEquals(1, v.getInt("[3].rejections"));
        assertEquals(written.get(3).committedOffset(), v.getLong("[3].offset"));
        assertEquals(CAPTURED.plusSeconds(7200).toString(), v.getString("[2].capturedAt"));
    }

    @Test
    void zoneFileIsByteIdenticalToTheZoneWriterOutput() {
        for (Zone z : zones) {
            Response r = given().get("/history/zone/" + z.serial() + "?zone=test.");
            assertEquals(200, r.statusCode());
            assertEquals(ZoneFileWriter.toText(z), r.asString(), "serial " + z.serial());
            assertTrue(r.header("Content-Disposition").contains("test.zone." + z.serial()));
        }
        given().get("/history/zone/99?zone=test.").then().statusCode(404);
    }

    @Test
    void zoneAtATimeIsTheLatestVersionCommittedBeforeIt() {
        Response r = given().get("/history/zone?zone=test.&at=" + lastCommitted.plusSeconds(1));
        assertEquals(200, r.statusCode());
        assertEquals("103", r.header("X-Serial"));
        assertEquals(ZoneFileWriter.toText(zones.get(3)), r.asString());
        given().get("/history/zone?zone=test.&at=2000-01-01").then().statusCode(404);
        given().get("/history/zone?zone=test.&at=yesterday").then().statusCode(400);
    }

    @Test
    void diffCanHideSignatureOnlyChanges() {
        JsonPath full = given().get("/history/diff?zone=test.&from=100&to=101").then().statusCode(200).extract().jsonPath();
        assertEquals(2, full.getList("removed").size());
        assertEquals(2, full.getList("added").size());
        JsonPath hidden = given().get("/history/diff?zone=test.&from=100&to=101&signatures=false").jsonPath();
        assertTrue(hidden.getList("removed").isEmpty() && hidden.getList("added").isEmpty());
        JsonPath back = given().get("/history/diff?zone=test.&from=103&to=101&signatures=false").jsonPath();
        assertTrue(back.getList("added", String.class).stream().anyMatch(l -> l.startsWith("net.test.")), back.prettify());
        assertTrue(back.getList("removed", String.class).stream().anyMatch(l -> l.startsWith("xyz.test.")), back.prettify());
        given().get("/history/diff?zone=test.&from=100").then().statusCode(400);
        given().get("/history/diff?zone=test.&from=100&to=5").then().statusCode(404);
    }

    @Test
    void nameHistoryAndDelegations() {
        JsonPath net = given().get("/history/names/net.test.?zone=test.").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(100, 103), net.getList("changes.serial", Integer.class));
        assertTrue(net.getList("changes[1].added").isEmpty());
        JsonPath d = given().get("/history/delegations?zone=test.").jsonPath();
        assertEquals(1, d.getInt("added"));
        assertEquals(1, d.getInt("removed"));
        assertEquals(List.of("xyz.test."), d.getList("history[2].added"));
        assertEquals(List.of("net.test."), d.getList("history[3].removed"));
        assertEquals(3, d.getInt("history[3].count"));
        assertTrue(d.getBoolean("history[0].baseline"));
    }

    @Test
    void latencyIsAppliedTimeMinusCommitTimeWithP95AcrossNodes() {
        JsonPath l = given().get("/history/latency?zone=test.&serial=103").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(100, 200, 5000), l.getList("[0].applied.latencyMillis", Integer.class));
        assertEquals(5000, l.getInt("[0].p95Millis"), "nearest rank of 3: the slowest");
        assertEquals(List.of(true, true, true), l.getList("[0].applied.digestMatches", Boolean.class));
        JsonPath none = given().get("/history/latency?zone=test.&serial=100").jsonPath();
        assertEquals(0, none.getInt("[0].nodes"));
    }

    @Test
    void rejectionsSayWhoWhyAndWhen() {
        JsonPath r = given().get("/history/rejections?serial=103").jsonPath();
        assertEquals("test-publisher", r.getString("[0].by"));
        assertEquals("PUBLISHER", r.getString("[0].role"));
        assertEquals("SERIAL_NOT_NEWER", r.getString("[0].reason"));
        assertEquals("bob", r.getString("[0].requestedBy"));
    }

    @Test
    void verifyRebuildsAndChecksTheStatedDigest() {
        JsonPath v = given().get("/history/verify?zone=test.&serial=102").then().statusCode(200).extract().jsonPath();
        assertTrue(v.getBoolean("digests[0].matches"));
        assertEquals(ContentDigest.hex(ContentDigest.of(zones.get(2))), v.getString("digests[0].rebuilt"));
        JsonPath all = given().get("/history/verify?zone=test.&all=true").jsonPath();
        assertEquals(4, all.getList("digests").size());
        assertTrue(all.getList("digests.matches", Boolean.class).stream().allMatch(b -> b));
    }

    // ---- the dashboard's endpoints (/dashboard/*) over the same versions ----

    @Test
    void dashboardTimelineClassifiesEveryVersionAndFilters() {
        JsonPath t = given().get("/dashboard/changes?zone=test.").then().statusCode(200).extract().jsonPath();
        assertEquals(4, t.getInt("total"));
        assertEquals(List.of(103, 102, 101, 100), t.getList("items.serial", Integer.class), "newest first");
        assertEquals(List.of("net.test."), t.getList("items[0].changes.TLD_REMOVED"));
        assertEquals(List.of("com.test.", "org.test.", "xyz.test."), t.getList("items[0].changes.NS"), "ns2's TTL changed");
        assertEquals(List.of("xyz.test."), t.getList("items[1].changes.TLD_ADDED"));
        assertEquals(1, t.getMap("items[1].changes").size(), "xyz's NS, glue and DS belong to its addition");
        assertTrue(t.getMap("items[2].changes").isEmpty(), "101 was only re-signed");
        assertTrue(t.getMap("items[3].changes").containsKey("BASELINE"));
        assertEquals(1, t.getInt("items[0].rejections"));
        assertEquals(1, t.getInt("kindCounts.TLD_ADDED"));
        assertEquals(4, t.getList("weeks.versions", Integer.class).stream().mapToInt(Integer::intValue).sum());

        JsonPath added = given().get("/dashboard/changes?zone=test.&kind=TLD_ADDED&kind=tld_removed").jsonPath();
        assertEquals(List.of(103, 102), added.getList("items.serial", Integer.class));
        assertEquals(2, added.getInt("matching"));
        JsonPath page = given().get("/dashboard/changes?zone=test.&offset=1&limit=2").jsonPath();
        assertEquals(List.of(102, 101), page.getList("items.serial", Integer.class));
        JsonPath none = given().get("/dashboard/changes?zone=test.&to=2000-01-01").jsonPath();
        assertEquals(0, none.getInt("matching"));
        given().get("/dashboard/changes?zone=test.&kind=SOA").then().statusCode(400);
        given().get("/dashboard/changes?zone=test.&limit=0").then().statusCode(400);
        given().get("/dashboard/changes?zone=nowhere.").then().statusCode(404);
    }

    @Test
    void dashboardDiffIsWhatTheCliPrints() {
        JsonPath d = given().get("/dashboard/diff?zone=test.&to=102").then().statusCode(200).extract().jsonPath();
        assertEquals(101, d.getInt("from"), "against the version before");
        rootzone.zone.ZoneDiff expected = rootzone.auditor.index.SignatureChanges.hide(
                rootzone.zone.ZoneDiff.between(zones.get(1), zones.get(2)));
        assertEquals(expected.lines(), d.getList("lines", String.class));
        assertTrue(d.getList("lines", String.class).stream().allMatch(l -> l.startsWith("+xyz.test.") || l.startsWith("+ns1.nic.xyz.test.")),
                d.prettify());
        JsonPath withSignatures = given().get("/dashboard/diff?zone=test.&to=102&signatures=true").jsonPath();
        assertEquals(rootzone.zone.ZoneDiff.between(zones.get(1), zones.get(2)).lines(), withSignatures.getList("lines", String.class));
        given().get("/dashboard/diff?zone=test.").then().statusCode(400);
        given().get("/dashboard/diff?zone=test.&to=7").then().statusCode(404);
    }

    @Test
    void dashboardDelegationFollowsNsDsAndGlue() {
        JsonPath com = given().get("/dashboard/delegation/com.test.?zone=test.").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(100, 103), com.getList("changes.serial", Integer.class));
        assertEquals(List.of("BASELINE"), com.getList("changes[0].kinds"));
        assertEquals(4, com.getList("changes[0].added").size(), "2 NS, the DS and ns1's glue");
        assertEquals(List.of("NS"), com.getList("changes[1].kinds"));
        assertEquals(4, com.getList("current").size());
        JsonPath net = given().get("/dashboard/delegation/net.test.?zone=test.").jsonPath();
        assertEquals(List.of("TLD_REMOVED"), net.getList("changes[1].kinds").stream().filter("TLD_REMOVED"::equals).toList());
        assertTrue(net.getList("current").isEmpty(), "not delegated now");
        JsonPath xyz = given().get("/dashboard/delegation/xyz.test.?zone=test.").jsonPath();
        assertTrue(xyz.getList("changes[0].kinds").contains("TLD_ADDED"));
        given().get("/dashboard/delegation/nothere.test.?zone=test.").then().statusCode(404);
    }

    @Test
    void dashboardLatencyHasP95TheSlowestNodeAndTheDistribution() {
        JsonPath l = given().get("/dashboard/latency?zone=test.").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(103), l.getList("serials.serial", Integer.class), "only serials some node applied");
        assertEquals(5000, l.getInt("serials[0].p95Millis"));
        assertEquals("node-2", l.getString("serials[0].slowestNode"));
        assertEquals(5000, l.getInt("serials[0].slowestMillis"));
        assertEquals(3, l.getInt("count"));
        assertEquals(200, l.getInt("p50Millis"));
        assertEquals(List.of("node-0", "node-1", "node-2"), l.getList("nodes.node"));
        assertEquals(3, l.getList("distribution.count", Integer.class).stream().mapToInt(Integer::intValue).sum());
        assertEquals(1, l.getInt("distribution.find { it.fromMillis == 5000 }.count"));
        JsonPath one = given().get("/history/latency?zone=test.&serial=103").jsonPath();
        assertEquals("node-2", one.getString("[0].slowest.node"));
    }

    @Test
    void dashboardNowShowsTheLatestAndEveryNode() {
        JsonPath now = given().get("/dashboard/now?zone=test.").then().statusCode(200).extract().jsonPath();
        assertEquals(4, now.getInt("versions"));
        assertEquals(103, now.getInt("latest.serial"));
        for (int n = 0; n < 3; n++) {
            String node = "nodes.find { it.node == 'node-" + n + "' }";
            assertEquals(103, now.getInt(node + ".servedSerial"), now.prettify());
            assertEquals(0, now.getInt(node + ".versionsBehind"));
            assertEquals("SERVING_LATEST", now.getString(node + ".health"));
        }
        assertEquals(1, now.getInt("rejections"));
        JsonPath trust = given().get("/dashboard/trust").then().statusCode(200).extract().jsonPath();
        assertTrue(trust.getList("logs.name").contains("root"), trust.prettify());
        given().get("/dashboard/notices").then().statusCode(200);
    }

    /** A serial of no audited zone: the event reaches the stream and changes no other test's numbers. */
    private static final long SSE_SERIAL = 424242;

    /** The live stream: a node's application reaches an open /dashboard/events connection as an "applied" event. */
    @Test
    void dashboardEventsStreamANodeApplication() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/dashboard/events"))
                .header("Accept", "text/event-stream").build();
        var response = http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        var body = response.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(200, body.statusCode());
        Thread reader = new Thread(() -> body.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        Thread.sleep(500); // subscribed before the event is written
        try (EventWriter node = new EventWriter(SharedKafkaBroker.connection(Role.node("node-sse")), rootzone.kafka.access.RoleAcls.nodeTransactionalId("node-sse"), "node-sse")) {
            new VersionWriter(node).applied(ZONE, NodeApplied.newBuilder().setEnvelope(Envelopes.placeholder())
                    .setNodeId("node-sse").setSerial(SSE_SERIAL).setAppliedAt(Instant.now())
                    .setVersionOffset(written.get(1).committedOffset())
                    .setContentDigest(ByteBuffer.wrap(written.get(1).contentDigest())).build());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String seen = null;
        while (seen == null && System.nanoTime() < deadline) {
            String line = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (line != null && line.startsWith("data:") && line.contains("\"applied\"") && line.contains("node-sse")) {
                seen = line;
            }
        }
        assertTrue(seen != null && seen.contains("\"serial\":" + SSE_SERIAL), "no applied event for node-sse: " + seen);
        body.body().close();
    }
}
