package rootzone.auditor.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import rootzone.auditor.testing.AuditorKafkaResource;
import rootzone.auditor.testing.CoordinationService;
import rootzone.auditor.testing.RealHistoryImport;
import rootzone.coordination.model.RealHistoryFacts;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.coordination.model.sign.EventSignatures;
import rootzone.events.NoticeAction;
import rootzone.events.NoticeEvent;
import rootzone.events.NoticeKind;
import rootzone.events.PartyRole;
import rootzone.testsupport.SharedData;

/**
 * Issue 6 acceptance, end to end over the imported real history (1,978 versions, 2023-11 .. 2025-12,
 * the import ImportAcceptanceTest checks, done once per test JVM): the auditor's GET /compliance finds
 * the real apex DNSKEY and root server address changes, all without notice; then the parties' signed
 * notices are entered through the coordination service's HTTP API (a real process on the same broker,
 * import mode: each step dated with its signed issuedAt) - operators registered, notices announced,
 * amended, acknowledged and declared in effect with the serial - and the report turns green, but for
 * one notice sent two days ahead, too late under a 7-day minimum lead time.
 */
@QuarkusTest
@WithTestResource(value = AuditorKafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = rootzone.auditor.testing.AnchorResource.class, scope = TestResourceScope.GLOBAL)
class CoordinationAcceptanceTest {

    /** What the data contains: the list the library's RealHistoryComplianceTest checks too. */
    private static final List<String> REAL_CHANGES = RealHistoryFacts.CHANGES;

    private final KeyPair isi = Ed25519Keys.generate();
    private final KeyPair rzm = Ed25519Keys.generate();
    private final KeyPair wide = Ed25519Keys.generate();
    private final Map<String, KeyPair> keys = new HashMap<>();
    private final List<Long> offsets = new ArrayList<>();
    private CoordinationService coordination;

    @Test
    void realChangesWithoutNoticeTurnGreenWithNoticesEnteredThroughTheCoordinationApi() throws Exception {
        Path bundle = SharedData.historyBundleOrSkip();
        JsonPath imported = RealHistoryImport.once(bundle);
        assertEquals("DONE", imported.getString("state"), imported.prettify());
        coordination = CoordinationService.get();
        keys.put(CoordinationService.MAINTAINER, coordination.maintainerKey());
        keys.put("usc-isi", isi);
        keys.put("verisign-rzm", rzm);
        keys.put("wide", wide);

        // 1. The history alone: every real change found, none noticed.
        JsonPath before = compliance("P7D");
        assertEquals(RealHistoryImport.VERSIONS, before.getInt("versions"));
        assertEquals(REAL_CHANGES, labels(before), before.prettify());
        assertEquals(List.of("NO_NOTICE"), before.getList("findings.status", String.class).stream().distinct().toList());
        Map<Long, Instant> capturedAt = new TreeMap<>();
        for (int i = 0; i < REAL_CHANGES.size(); i++) {
            capturedAt.put(before.getLong("findings[" + i + "].serial"), Instant.parse(before.getString("findings[" + i + "].capturedAt")));
        }
        assertEquals(RealHistoryFacts.B_OLD_ADDRESSES, before.getList("findings[0].change.before", String.class));
        assertEquals(RealHistoryFacts.B_NEW_ADDRESSES, before.getList("findings[0].change.after", String.class));

        // 2. The directory, through the API, signed by the zone maintainer (the anchor the service started with).
        register("usc-isi", "USC/ISI", PartyRole.ROOT_SERVER_OPERATOR, List.of("b.root-servers.net."), isi, "2023-06-01T00:00:00Z");
        register("verisign-rzm", "Verisign (Root Zone Maintainer)", PartyRole.ZONE_MAINTAINER, List.of(), rzm, "2023-06-01T00:01:00Z");
        register("wide", "WIDE Project", PartyRole.ROOT_SERVER_OPERATOR, List.of("m.root-servers.net."), wide, "2023-06-01T00:02:00Z");

        // 3. The notices, each step dated with its signed issuedAt.
        announce("b-root-renumbering", "usc-isi", RealHistoryFacts.B_ANNOUNCED, NoticeKind.SERVER_ADDRESS_CHANGE, "2023-11-27T00:00:00Z",
                Map.of("server", "b.root-servers.net.", "oldAddresses", String.join(",", RealHistoryFacts.B_OLD_ADDRESSES),
                        "newAddresses", String.join(",", RealHistoryFacts.B_NEW_ADDRESSES)));
        NoticeEvent amended = signed(step("b-root-renumbering", NoticeAction.AMENDED, "usc-isi", Instant.parse("2023-09-15T09:00:00Z"))
                .setDescription("The new addresses enter the root zone on 2023-11-27; the old ones answer for six more months."));
        accepted(coordination.step(amended).statusCode(201).extract().jsonPath());
        // A re-sent old amendment (issued before the notice's latest step) is refused, and changes nothing.
        coordination.step(signed(step("b-root-renumbering", NoticeAction.AMENDED, "usc-isi", Instant.parse("2023-09-01T09:00:00Z"))
                .setDescription("Renumbering in November."))).statusCode(400).body("message", containsString("before the notice's latest step"));
        for (String party : List.of(CoordinationService.MAINTAINER, "verisign-rzm", "wide")) {
            accepted(coordination.step(signed(step("b-root-renumbering", NoticeAction.ACKNOWLEDGED, party,
                    Instant.parse("2023-09-20T10:00:00Z")))).statusCode(201).extract().jsonPath());
        }
        tookEffect("b-root-renumbering", "usc-isi", 2023112702L, capturedAt);

        announce("ksk-2024-publication", CoordinationService.MAINTAINER, RealHistoryFacts.KSK_2024_ANNOUNCED, NoticeKind.KEY_ROLLOVER,
                "2025-01-11T00:00:00Z", Map.of("keyTags", "38696", "algorithm", "8"));
        for (String party : List.of("verisign-rzm", "usc-isi", "wide")) {
            accepted(coordination.step(signed(step("ksk-2024-publication", NoticeAction.ACKNOWLEDGED, party,
                    Instant.parse("2024-10-03T08:00:00Z")))).statusCode(201).extract().jsonPath());
        }
        tookEffect("ksk-2024-publication", CoordinationService.MAINTAINER, 2025011100L, capturedAt);

        // The last one two days before its key appears: too late under a 7-day minimum.
        for (RealHistoryFacts.ZskRollover z : RealHistoryFacts.zskRollovers(RealHistoryFacts.LAST_ZSK_LATE)) {
            announce(z.noticeId(), "verisign-rzm", z.announcedAt(), NoticeKind.KEY_ROLLOVER,
                    z.announcedAt().plus(Duration.ofDays(30)).toString(), Map.of("keyTags", z.keyTags()));
        }

        // The service's own view: a readable timeline, the steps as signed, dated with their issuedAt.
        coordination.request().get("/notices/b-root-renumbering").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("TOOK_EFFECT")).body("serial", org.hamcrest.Matchers.equalTo(2023112702))
                .body("revision", org.hamcrest.Matchers.equalTo(1)).body("timeline.size()", org.hamcrest.Matchers.equalTo(6));
        JsonPath steps = coordination.request().get("/notices/b-root-renumbering/steps").then().statusCode(200).extract().jsonPath();
        assertEquals(steps.getList("issuedAt"), steps.getList("at"), "import mode dates each step with its signed issuedAt");
        assertEquals(RealHistoryFacts.B_ANNOUNCED.toString(), steps.getString("[0].at"));
        List<String> awaitingWide = coordination.request().get("/notices/pending/wide").jsonPath().getList("noticeId");
        assertTrue(awaitingWide.contains("zsk-2026q1") && !awaitingWide.contains("b-root-renumbering"), awaitingWide.toString());

        // 4. The auditor read all of it from the topic, verified it, and judges every real change again.
        long last = offsets.get(offsets.size() - 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (compliance("P7D").getLong("coordinationOffset") <= last && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        JsonPath after = compliance("P7D");
        assertTrue(after.getLong("coordinationOffset") > last, after.prettify());
        List<Long> refused = after.getList("refusedEvents.offset", Long.class);
        assertTrue(offsets.stream().noneMatch(refused::contains), "refused: " + after.getList("refusedEvents"));
        assertEquals(REAL_CHANGES, labels(after));
        List<String> statuses = after.getList("findings.status", String.class);
        assertEquals(REAL_CHANGES.size() - 1, statuses.stream().filter("NOTICED"::equals).count(), after.prettify());

        assertEquals("b-root-renumbering", after.getString("findings[0].noticeId"));
        assertEquals(Duration.between(RealHistoryFacts.B_ANNOUNCED, capturedAt.get(2023112702L)).toString(), after.getString("findings[0].leadTime"));
        int ksk = REAL_CHANGES.indexOf("2025011100 DNSKEY_ADDED KSK 38696");
        assertEquals("ksk-2024-publication", after.getString("findings[" + ksk + "].noticeId"));
        assertEquals("NOTICED", after.getString("findings[" + ksk + "].status"));
        // The removal of ZSK 46780 is covered by the rollover that announced it with its successor.
        assertEquals("zsk-2024q1", after.getString("findings[2].noticeId"));

        int late = REAL_CHANGES.size() - 1;
        assertEquals("TOO_LATE", after.getString("findings[" + late + "].status"));
        assertEquals("zsk-2026q1", after.getString("findings[" + late + "].noticeId"));
        assertEquals(Duration.between(Instant.parse(RealHistoryFacts.LAST_ZSK_LATE + "T12:00:00Z"), capturedAt.get(2025122000L)).toString(),
                after.getString("findings[" + late + "].leadTime"));
        // The auditor's default minimum is the same 7 days.
        assertEquals(statuses, given().get("/compliance?zone=.").then().statusCode(200).extract().jsonPath()
                .getList("findings.status", String.class));
        // Two days' notice is enough under a one-day minimum: everything green.
        assertEquals(List.of("NOTICED"), compliance("P1D").getList("findings.status", String.class).stream().distinct().toList());
    }

    private static JsonPath compliance(String minLeadTime) {
        return given().get("/compliance?zone=.&minLeadTime=" + minLeadTime).then().statusCode(200).extract().jsonPath();
    }

    /** Each finding as the library test labels it: serial, kind, then key role and tag or the server. */
    private static List<String> labels(JsonPath report) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> f : report.<Map<String, Object>>getList("findings")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> c = (Map<String, Object>) f.get("change");
            out.add(f.get("serial") + " " + c.get("kind") + " "
                    + (c.get("keyTag") != null ? c.get("keyRole") + " " + c.get("keyTag") : c.get("subject")));
        }
        return out;
    }

    private void register(String id, String name, PartyRole role, List<String> servers, KeyPair own, String issuedAt) {
        accepted(coordination.register(CoordinationService.operator(id, name, role, servers, own, CoordinationService.MAINTAINER,
                coordination.maintainerKey(), Instant.parse(issuedAt))).statusCode(201).extract().jsonPath());
    }

    private void announce(String id, String issuer, Instant at, NoticeKind kind, String effective, Map<String, String> changes) {
        List<String> parties = new ArrayList<>(List.of(CoordinationService.MAINTAINER, "verisign-rzm", "usc-isi", "wide"));
        parties.remove(issuer);
        NoticeEvent e = signed(step(id, NoticeAction.ANNOUNCED, issuer, at).setKind(kind).setTitle(kind + " " + id)
                .setEffectiveAt(Instant.parse(effective)).setChanges(new TreeMap<>(changes)).setParties(parties));
        accepted(coordination.step(e).statusCode(201).extract().jsonPath());
    }

    /** Declared in effect an hour after the version that carried it was captured. */
    private void tookEffect(String id, String issuer, long serial, Map<Long, Instant> capturedAt) {
        NoticeEvent e = signed(step(id, NoticeAction.TOOK_EFFECT, issuer, capturedAt.get(serial).plus(Duration.ofHours(1))).setSerial(serial));
        accepted(coordination.step(e).statusCode(201).extract().jsonPath());
    }

    private static NoticeEvent.Builder step(String id, NoticeAction action, String issuer, Instant issuedAt) {
        return NoticeEvent.newBuilder().setEnvelope(EventSignatures.unsignedEnvelope("NoticeEvent")).setNoticeId(id)
                .setAction(action).setIssuer(issuer).setIssuedAt(issuedAt).setSignature(ByteBuffer.allocate(0));
    }

    private NoticeEvent signed(NoticeEvent.Builder b) {
        NoticeEvent e = b.build();
        return EventSignatures.sign(e, keys.get(e.getIssuer()).getPrivate());
    }

    private void accepted(JsonPath response) {
        offsets.add(response.getLong("offset"));
    }
}
