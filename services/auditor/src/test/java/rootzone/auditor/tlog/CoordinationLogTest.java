package rootzone.auditor.tlog;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rootzone.auditor.tlog.TransparencyLogApiTest.await;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.security.KeyPair;
import java.time.Instant;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rootzone.auditor.testing.AuditorKafkaResource;
import rootzone.auditor.testing.CoordinationService;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.LogEvent;
import rootzone.eventlog.LogReader;
import rootzone.eventlog.LogSource;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.eventlog.tlog.LogNames;
import rootzone.events.OperatorChanged;
import rootzone.events.PartyRole;
import rootzone.events.Topics;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleAcls;
import rootzone.tlog.GoVerifier;
import rootzone.tlog.merkle.MerkleProofs;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.note.VerifierKey;

/**
 * The coordination log, as the coordination service (a real process on the test broker, its
 * LogOperator writing rootzone.coordination.checkpoints) keeps it: the auditor replays it, pairs each
 * directory entry with its event, serves its checkpoint and a consistency proof; then an event put on
 * the coordination topic behind the log's back (what a rewritten event is: another event, with no
 * leaf) is reported.
 */
@QuarkusTest
@WithTestResource(value = AuditorKafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = rootzone.auditor.testing.AnchorResource.class, scope = TestResourceScope.GLOBAL)
class CoordinationLogTest {

    private static final String LOG = LogNames.coordination(LogNames.DEFAULT_PREFIX).name();
    private static final Instant AT = Instant.parse("2023-06-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theCoordinationLogIsReplayedServedAndAnEventBehindItsBackIsReported() throws Exception {
        CoordinationService coordination = CoordinationService.get();
        await(() -> size() >= 1, "the maintainer's directory entry logged");
        String firstNote = given().get("/log/" + LOG + "/checkpoint").asString();
        long first = size();
        // Other classes in this JVM share the broker and may have left coordination findings of their own.
        List<Map<String, Object>> earlier = findings();
        KeyPair own = Ed25519Keys.generate();
        coordination.register(CoordinationService.operator("clog-op", "Clog", PartyRole.ROOT_SERVER_OPERATOR, List.of("clog-a.root-servers.net."), own,
                CoordinationService.MAINTAINER, coordination.maintainerKey(), AT)).log().ifValidationFails().statusCode(201);
        await(() -> size() == first + 1, "the operator's directory entry logged");
        assertEquals(earlier, findings(), "the operator's registration adds no finding");

        // The checkpoint served verifies with the log's key; a consistency proof links the two served.
        String note = given().get("/log/" + LOG + "/checkpoint").asString();
        VerifierKey key = VerifierKey.parse(given().get("/log/" + LOG + "/vkey").asString().trim());
        SignedNote signed = SignedNote.parse(note);
        assertTrue(signed.verifiedBy(key), note);
        Checkpoint from = Checkpoint.parse(SignedNote.parse(firstNote).body());
        Checkpoint to = Checkpoint.parse(signed.body());
        Response proof = given().get("/log/" + LOG + "/proof/consistency?from=" + from.size() + "&to=" + to.size());
        assertEquals(200, proof.statusCode(), proof.asString());
        List<byte[]> hashes = proof.jsonPath().getList("hashes", String.class).stream().map(Base64.getDecoder()::decode).toList();
        assertTrue(MerkleProofs.verifyConsistency(from.size(), to.size(), from.root(), to.root(), hashes));

        // The operator's entry by its event id (SHA-256 of the event as on the coordination topic) and by its
        // leaf index: the same inclusion proof and tlog-proof bundle, verified by Go's golang.org/x/mod/sumdb/tlog.
        LogEvent registered = LogReader.all(SharedKafkaBroker.connection(Role.AUDITOR), "test", LogSource.first(Topics.COORDINATION)).stream()
                .filter(e -> e.as(OperatorChanged.class).map(o -> "clog-op".equals(o.getOperatorId())).orElse(false)).reduce((a, b) -> b)
                .orElseThrow();
        String eventId = HexFormat.of().formatHex(registered.hash());
        Response byEvent = given().get("/log/" + LOG + "/proof/inclusion?event=" + eventId + "&size=" + to.size());
        assertEquals(200, byEvent.statusCode(), byEvent.asString());
        long index = byEvent.jsonPath().getLong("index");
        assertEquals(to.size(), byEvent.jsonPath().getLong("treeSize"));
        Response byIndex = given().get("/log/" + LOG + "/proof/inclusion?index=" + index + "&size=" + to.size());
        assertEquals(byEvent.jsonPath().getList("hashes"), byIndex.jsonPath().getList("hashes"));
        String bundle = given().get("/log/" + LOG + "/bundle?event=" + eventId).then().statusCode(200).extract().asString();
        assertEquals(bundle, given().get("/log/" + LOG + "/bundle?index=" + index).asString());
        String entry = bundle.lines().filter(l -> l.startsWith("extra ")).findFirst().orElseThrow().substring(6);
        assertTrue(new String(Base64.getDecoder().decode(entry), java.nio.charset.StandardCharsets.UTF_8).contains("event-sha256 " + eventId),
                "the entry names the event");
        GoVerifier.assumeAvailable();
        GoVerifier.Cases cases = new GoVerifier.Cases(dir);
        String vkeyFile = cases.file("coordination.vkey", key.text() + "\n");
        cases.add("note", true, cases.file("checkpoint", note), vkeyFile);
        String path = String.join(",", byEvent.jsonPath().getList("hashes", String.class));
        cases.add("inclusion", true, index, to.size(), entry, GoVerifier.b64(to.root()), path);
        cases.add("inclusion", false, index, to.size(), GoVerifier.b64(("x" + entry).getBytes()), GoVerifier.b64(to.root()), path);
        cases.add("bundle", true, cases.file("event.tlog-proof", bundle), vkeyFile, entry);
        String out = GoVerifier.run(cases);
        assertTrue(out.startsWith("exit 0\n"), out);
        assertTrue(out.contains("checked " + cases.size() + " cases, 0 mismatches"), out);
        // Asked badly: a clear refusal.
        assertEquals(400, given().get("/log/" + LOG + "/proof/inclusion?event=" + eventId + "&index=" + index).statusCode());
        assertEquals(400, given().get("/log/" + LOG + "/bundle?event=xyz").statusCode());
        assertEquals(404, given().get("/log/" + LOG + "/bundle?event=" + "0".repeat(64)).statusCode());
        assertEquals(404, given().get("/log/" + LOG + "/proof/inclusion?index=" + (to.size() + 5)).statusCode());

        // An attacker with the coordination service's credentials writes a directory entry the log never got.
        OperatorChanged forged = CoordinationService.operator("clog-forged", "Forged", PartyRole.ROOT_SERVER_OPERATOR, List.of("clog-b.root-servers.net."),
                Ed25519Keys.generate(), CoordinationService.MAINTAINER, coordination.maintainerKey(), AT.plusSeconds(1));
        try (EventWriter attacker = new EventWriter(SharedKafkaBroker.connection(Role.COORDINATION),
                RoleAcls.COORDINATION_TRANSACTIONAL_ID + "-attacker", "coordination-attacker")) {
            attacker.writeOne(Topics.COORDINATION, ".", ".", forged);
        }
        await(() -> findings().stream().anyMatch(f -> "EVENT_WITHOUT_ENTRY".equals(f.get("kind")) && !earlier.contains(f)),
                "the forged event reported");
        Map<String, Object> f = findings().stream().filter(x -> "EVENT_WITHOUT_ENTRY".equals(x.get("kind")) && !earlier.contains(x))
                .findFirst().orElseThrow();
        assertEquals(Topics.COORDINATION, f.get("eventTopic"), f.toString());
        assertTrue(String.valueOf(f.get("eventKey")).matches("event [0-9a-f]{64}"), f.toString());
        assertFalse(given().get("/history/verify").jsonPath().getBoolean("ok"));
    }

    private static long size() {
        Object s = given().get("/history/status").jsonPath().get("logs.find { it.name == '" + LOG + "' }.size");
        return s == null ? -1 : ((Number) s).longValue();
    }

    private static List<Map<String, Object>> findings() {
        List<Map<String, Object>> all = given().get("/history/verify").jsonPath().getList("logFindings.findAll { it.log == '" + LOG + "' }");
        return all == null ? List.of() : all;
    }
}
