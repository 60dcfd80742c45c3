package rootzone.auditor.tlog;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rootzone.auditor.testing.AuditorKafkaResource;
import rootzone.auditor.testing.TestLogKeys;
import rootzone.auditor.testing.TestLogOperator;
import rootzone.auditor.testing.TestZones;
import rootzone.eventlog.Envelopes;
import rootzone.eventlog.EventWriter;
import rootzone.eventlog.VersionInfo;
import rootzone.eventlog.VersionWriter;
import rootzone.events.NodeApplied;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;
import rootzone.kafka.access.RoleAcls;
import rootzone.tlog.GoVerifier;
import rootzone.tlog.merkle.Hashes;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.NoteSignature;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.note.VerifierKey;
import rootzone.tlog.witness.Witness;
import rootzone.zone.Zone;

/**
 * An honest log (tlog-ok.), replayed by the auditor from the real broker and served over HTTP: no
 * finding; node cosignatures gathered into the served checkpoint, a bad one reported and left out;
 * then golang.org/x/mod's note and tlog verify, from files fetched over HTTP only, the checkpoint, the
 * cosignature, an inclusion proof, a consistency proof between two checkpoints served, the tiles and a
 * tlog-proof bundle; and refuse the same proofs tampered with.
 */
@QuarkusTest
@WithTestResource(value = AuditorKafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = rootzone.auditor.testing.AnchorResource.class, scope = TestResourceScope.GLOBAL)
class TransparencyLogApiTest {

    private static final String ZONE = "tlog-ok.";
    private static final String LOG = "tlog-ok";
    private static final Instant CAPTURED = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    @Test
    void anHonestLogIsVerifiedServedCosignedAndCheckedByGo() throws Exception {
        String firstNote;
        try (TestLogOperator operator = new TestLogOperator(ZONE)) {
            for (int i = 0; i < 3; i++) {
                operator.publish(zone(100 + i), VersionInfo.published("alice", "http", CAPTURED.plusSeconds(i)));
            }
            await(() -> size() == 3, "the first three leaves");
            firstNote = given().get("/log/" + LOG + "/checkpoint").asString();
            for (int i = 3; i < 7; i++) {
                operator.publish(zone(100 + i), VersionInfo.published("alice", "http", CAPTURED.plusSeconds(i)));
            }
            await(() -> size() == 7, "seven leaves");
            assertEquals(operator.log().checkpoint(), given().get("/log/" + LOG + "/checkpoint").asString());
            // the leaf served is the publisher's, byte for byte
            String bundle = given().get("/log/" + LOG + "/bundle?serial=104").asString();
            assertEquals(b64(operator.log().entry(4)), bundle.lines().filter(l -> l.startsWith("extra ")).findFirst().orElseThrow().substring(6));
        }
        JsonPath status = given().get("/history/status").jsonPath();
        assertEquals(List.of(), status.getList("logs.find { it.name == 'tlog-ok' }.findings"), status.prettify());
        assertEquals(null, (Object) status.get("logs.find { it.name == 'tlog-ok' }.halted"));

        // Cosignatures: a tampered one is reported and not served, a good one is served.
        String note = given().get("/log/" + LOG + "/checkpoint").asString();
        VerifierKey logKey = VerifierKey.parse(given().get("/log/" + LOG + "/vkey").asString().trim());
        Witness witness = new Witness(dir.resolve("w.state"), TestLogKeys.witnessSigner("node-w"), logKey, Clock.systemUTC());
        NoteSignature good = ((Witness.Result.Cosigned) witness.cosign(note, 0, List.of())).cosignature();
        byte[] flipped = good.signature();
        flipped[flipped.length - 1] ^= 1;
        applied("node-w", note, new NoteSignature(good.name(), good.keyId(), flipped));
        await(() -> given().get("/history/status").jsonPath()
                .getList("logs.find { it.name == 'tlog-ok' }.findings.findAll { it.kind == 'BAD_COSIGNATURE' }").size() == 1,
                "the bad cosignature reported");
        assertEquals(1, SignedNote.parse(given().get("/log/" + LOG + "/checkpoint").asString()).signatures().size());
        applied("node-w", note, good);
        await(() -> SignedNote.parse(given().get("/log/" + LOG + "/checkpoint").asString()).signatures().size() == 2,
                "the good cosignature served");
        String cosigned = given().get("/log/" + LOG + "/checkpoint").asString();

        // Everything below is fetched over HTTP.
        GoVerifier.assumeAvailable();
        GoVerifier.Cases cases = new GoVerifier.Cases(dir);
        String vkeyFile = cases.file("log.vkey", given().get("/log/" + LOG + "/vkey").asString());
        String witnessVkey = cases.file("witness.vkey", witness.verifierKey().text() + "\n");
        String cpFile = cases.file("checkpoint", cosigned);
        cases.add("note", true, cpFile, vkeyFile);
        cases.add("note", true, cases.file("first.checkpoint", firstNote), vkeyFile);
        cases.add("cosig", true, cpFile, witnessVkey);
        Checkpoint cp = Checkpoint.parse(SignedNote.parse(cosigned).body());
        Checkpoint first = Checkpoint.parse(SignedNote.parse(firstNote).body());

        Response incl = given().get("/log/" + LOG + "/proof/inclusion?serial=104");
        assertEquals(200, incl.statusCode(), incl.asString());
        long index = incl.jsonPath().getLong("index");
        assertEquals(4, index);
        assertEquals(7, incl.jsonPath().getLong("treeSize"));
        String inclusion = String.join(",", incl.jsonPath().getList("hashes", String.class));
        String bundle = given().get("/log/" + LOG + "/bundle?serial=104").asString();
        String entry = bundle.lines().filter(l -> l.startsWith("extra ")).findFirst().orElseThrow().substring(6);
        cases.add("inclusion", true, index, 7, entry, b64(cp.root()), inclusion);
        cases.add("inclusion", false, index, 7, b64(("x" + entry).getBytes()), b64(cp.root()), inclusion);
        cases.add("bundle", true, cases.file("104.tlog-proof", bundle), vkeyFile, entry);

        JsonPath cons = given().get("/log/" + LOG + "/proof/consistency?from=3&to=7").jsonPath();
        String consistency = String.join(",", cons.getList("hashes", String.class));
        cases.add("consistency", true, 3, 7, b64(first.root()), b64(cp.root()), consistency);
        cases.add("consistency", false, 3, 7, b64(Hashes.leaf("rewritten".getBytes())), b64(cp.root()), consistency);

        // The tiles of a 7-leaf tree: one partial hash tile and one partial entry bundle, not immutable.
        for (String tile : List.of("tile/0/000.p/7", "tile/entries/000.p/7")) {
            Response r = given().get("/log/" + LOG + "/" + tile);
            assertEquals(200, r.statusCode(), tile);
            assertEquals("no-cache", r.header("Cache-Control"), tile);
            Path f = dir.resolve("tiles").resolve(tile);
            Files.createDirectories(f.getParent());
            Files.write(f, r.asByteArray());
        }
        cases.add("tiles", true, "tiles", 7, b64(cp.root()));
        cases.add("tiles", false, "tiles", 7, b64(first.root()));

        String out = GoVerifier.run(cases);
        assertTrue(out.startsWith("exit 0\n"), out);
        assertTrue(out.contains("checked " + cases.size() + " cases, 0 mismatches"), out);
    }

    @Test
    void badRequestsAreRefusedClearly() {
        assertEquals(404, given().get("/log/nosuchlog/checkpoint").statusCode());
        assertEquals(404, given().get("/log/" + LOG + "/tile/../../etc/passwd").statusCode());
        assertEquals(404, given().get("/log/" + LOG + "/tile/0/1234").statusCode());
        assertEquals(400, given().get("/log/" + LOG + "/proof/inclusion").statusCode());
        assertEquals(400, given().get("/log/" + LOG + "/proof/consistency?from=5&to=2").statusCode());
        assertEquals(404, given().get("/log/" + LOG + "/proof/inclusion?serial=999999").statusCode());
        assertFalse(given().get("/log/" + LOG + "/vkey").asString().isBlank());
    }

    private static void applied(String nodeId, String note, NoteSignature cosignature) {
        Checkpoint cp = Checkpoint.parse(SignedNote.parse(note).body());
        String line = cosignature.line();
        try (EventWriter node = new EventWriter(SharedKafkaBroker.connection(Role.node(nodeId)), RoleAcls.nodeTransactionalId(nodeId), nodeId)) {
            new VersionWriter(node, rootzone.eventlog.testing.TestPublisherKey.signer()).applied(ZONE, NodeApplied.newBuilder()
                    .setEnvelope(Envelopes.placeholder()).setNodeId(nodeId).setSerial(106).setAppliedAt(Instant.now()).setVersionOffset(0)
                    .setContentDigest(ByteBuffer.wrap(new byte[32])).setCosignedSize(cp.size()).setCosignedRootHash(ByteBuffer.wrap(cp.root()))
                    // the contract: the line without its em dash and space, and without the newline
                    .setCosignature(line.substring(NoteSignature.PREFIX.length(), line.length() - 1)).build());
        }
    }

    private static long size() {
        Object s = given().get("/history/status").jsonPath().get("logs.find { it.name == 'tlog-ok' }.size");
        return s == null ? -1 : ((Number) s).longValue();
    }

    private static Zone zone(long serial) {
        return TestZones.zone(ZONE, serial, List.of("com", "net", "n" + serial), 3600);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + ": " + given().get("/history/status").asString());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
