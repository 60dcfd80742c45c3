package rootzone.auditor.tlog;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static rootzone.auditor.tlog.TransparencyLogApiTest.await;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import rootzone.auditor.testing.AuditorKafkaResource;
import rootzone.auditor.testing.TestLogOperator;
import rootzone.auditor.testing.TestZones;
import rootzone.eventlog.VersionInfo;
import rootzone.tlog.entry.VersionEntry;
import rootzone.tlog.merkle.Hashes;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.SignedNote;
import rootzone.zone.Zone;

/**
 * Each way a transparency log can lie, put on the real broker, and reported by the auditor's replay
 * in /history/verify (ok false, the finding of that log) and /history/status. One zone, one log per
 * scenario: a halted replay stays with its own log.
 */
@QuarkusTest
@WithTestResource(value = AuditorKafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = rootzone.auditor.testing.AnchorResource.class, scope = TestResourceScope.GLOBAL)
class LogTamperTest {

    private static final Instant AT = Instant.parse("2026-02-03T04:05:06Z");

    /** The operator signs a leaf that states another content digest than the version committed. */
    @Test
    void aLeafThatSaysOtherwiseThanItsEventIsReported() {
        String zone = "tlog-lie.";
        try (TestLogOperator op = new TestLogOperator(zone)) {
            op.publish(zone(zone, 1), info(1));
            op.publishLying(zone(zone, 2), info(2), honest -> new VersionEntry(honest.zone(), honest.serial(), honest.previous(),
                    honest.zonemdSha384(), Hashes.leaf("another zone".getBytes()), honest.publisher(), honest.time(), honest.imported()));
        }
        Map<String, Object> f = finding("tlog-lie", "ENTRY_DOES_NOT_MATCH_EVENT");
        assertEquals(1, ((Number) f.get("index")).intValue(), f.toString());
        assertEquals("content-sha256", f.get("line"));
        assertEquals(rootzone.events.Topics.VERSIONS, f.get("eventTopic"));
    }

    /** An entry inside a LogCheckpoint event rewritten, the signed note left as it was. */
    @Test
    void aRewrittenEntryUnderASignedCheckpointIsReported() {
        String zone = "tlog-tamper.";
        try (TestLogOperator op = new TestLogOperator(zone)) {
            op.publish(zone(zone, 1), info(1));
            Zone before = op.previous();
            Zone v2 = zone(zone, 2);
            op.versionOnly(v2, info(2));
            byte[] genuine = op.entryOf(v2, before, info(2)).bytes();
            long first = op.log().size();
            TiledLogStage stage = TiledLogStage.of(op, genuine);
            byte[] rewritten = new String(genuine, StandardCharsets.UTF_8).replace("publisher alice", "publisher mallory")
                    .getBytes(StandardCharsets.UTF_8);
            op.send(first, List.of(rewritten), stage.size(), stage.root(), stage.note());
        }
        Map<String, Object> f = finding("tlog-tamper", "ENTRIES_DO_NOT_MATCH_CHECKPOINT");
        assertEquals(1, ((Number) f.get("verifiedSize")).intValue(), f.toString());
        assertEquals(2, ((Number) f.get("checkpointSize")).intValue());
        assertTrue(halted("tlog-tamper") != null);
    }

    /** A version committed that the log never got: a dropped entry. */
    @Test
    void aVersionWithoutLeafIsADroppedEntry() {
        String zone = "tlog-omit.";
        try (TestLogOperator op = new TestLogOperator(zone)) {
            op.publish(zone(zone, 1), info(1));
            op.versionOnly(zone(zone, 2), info(2));
            op.publish(zone(zone, 3), info(3));
        }
        Map<String, Object> f = finding("tlog-omit", "EVENT_WITHOUT_ENTRY");
        assertEquals("version 2", f.get("eventKey"), f.toString());
    }

    /** A LogCheckpoint event missing from the topic: the next checkpoint starts after entries never replayed. */
    @Test
    void aDroppedCheckpointEventIsReported() {
        String zone = "tlog-gap.";
        try (TestLogOperator op = new TestLogOperator(zone)) {
            op.publish(zone(zone, 1), info(1));
            Zone before = op.previous();
            Zone v2 = zone(zone, 2);
            Zone v3 = zone(zone, 3);
            op.versionOnly(v2, info(2));
            op.versionOnly(v3, info(3));
            // the operator logged both, but the LogCheckpoint of v2 never reached the topic
            List<byte[]> both = List.of(op.entryOf(v2, before, info(2)).bytes(), op.entryOf(v3, v2, info(3)).bytes());
            var staged = op.log().stage(both);
            op.send(2, List.of(both.get(1)), 3, staged.root(), op.sign(3, staged.root()));
        }
        Map<String, Object> f = finding("tlog-gap", "ENTRIES_DO_NOT_MATCH_CHECKPOINT");
        assertEquals(1, ((Number) f.get("verifiedSize")).intValue(), f.toString());
        assertTrue(String.valueOf(f.get("detail")).contains("gap"), f.toString());
    }

    /** A second checkpoint of the same size with another root, both signed by the log's key. */
    @Test
    void aForkedCheckpointIsReported() {
        String zone = "tlog-fork.";
        String served;
        String other;
        try (TestLogOperator op = new TestLogOperator(zone)) {
            op.publish(zone(zone, 1), info(1));
            Zone before = op.previous();
            Zone v2 = zone(zone, 2);
            op.publish(v2, info(2));
            await(() -> logSize("tlog-fork") == 2, "two leaves");
            served = given().get("/log/tlog-fork/checkpoint").asString();
            VersionEntry honest = op.entryOf(v2, before, info(2));
            VersionEntry forked = new VersionEntry(honest.zone(), honest.serial(), honest.previous(), honest.zonemdSha384(),
                    honest.contentSha256(), "mallory", honest.time(), honest.imported());
            byte[] leaf0 = Hashes.leaf(entry0(op));
            byte[] root = Hashes.node(leaf0, Hashes.leaf(forked.bytes()));
            other = op.sign(2, root);
            op.send(1, List.of(forked.bytes()), 2, root, other);
        }
        Map<String, Object> f = finding("tlog-fork", "FORK");
        assertEquals(2, ((Number) f.get("size")).intValue(), f.toString());
        Checkpoint verified = Checkpoint.parse(SignedNote.parse(served).body());
        assertEquals(java.util.Base64.getEncoder().encodeToString(verified.root()), f.get("verifiedRoot"));
        assertFalse(f.get("verifiedRoot").equals(f.get("otherRoot")));
        // the checkpoint served is still the one verified first
        assertEquals(served, given().get("/log/tlog-fork/checkpoint").asString());
    }

    /** A leaf for a version that was never committed: a dropped (or never written) event. */
    @Test
    void aLeafWithoutEventIsReported() {
        String zone = "tlog-ghost.";
        try (TestLogOperator op = new TestLogOperator(zone)) {
            Zone v1 = zone(zone, 1);
            op.publish(v1, info(1));
            Zone ghost = zone(zone, 999);
            op.appendOnly(List.of(VersionEntry.of(ghost, OptionalLong.of(1), "alice", AT, false)));
        }
        Map<String, Object> f = finding("tlog-ghost", "ENTRY_WITHOUT_EVENT");
        assertEquals(1, ((Number) f.get("index")).intValue(), f.toString());
        assertEquals("version 999", f.get("entryKey"));
    }

    private static byte[] entry0(TestLogOperator op) {
        try {
            return op.log().entry(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The note an honest operator would sign for one more entry, without touching its log. */
    private record TiledLogStage(long size, byte[] root, String note) {
        static TiledLogStage of(TestLogOperator op, byte[] entry) {
            var staged = op.log().stage(List.of(entry));
            return new TiledLogStage(staged.size(), staged.root(), op.sign(staged.size(), staged.root()));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> finding(String log, String kind) {
        String path = "logFindings.find { it.log == '" + log + "' && it.kind == '" + kind + "' }";
        await(() -> given().get("/history/verify").jsonPath().get(path) != null, kind + " in log " + log);
        JsonPath verify = given().get("/history/verify").jsonPath();
        assertFalse(verify.getBoolean("ok"));
        List<Object> inStatus = given().get("/history/status").jsonPath()
                .getList("logs.find { it.name == '" + log + "' }.findings.findAll { it.kind == '" + kind + "' }");
        assertEquals(1, inStatus.size(), "reported once in /history/status");
        return verify.<String, Object>getMap(path);
    }

    private static String halted(String log) {
        return given().get("/history/status").jsonPath().get("logs.find { it.name == '" + log + "' }.halted");
    }

    private static long logSize(String log) {
        Object s = given().get("/history/status").jsonPath().get("logs.find { it.name == '" + log + "' }.size");
        return s == null ? -1 : ((Number) s).longValue();
    }

    private static VersionInfo info(int i) {
        return VersionInfo.published("alice", "http", AT.plusSeconds(i));
    }

    private static Zone zone(String origin, long serial) {
        return TestZones.zone(origin, serial, List.of("com", "n" + serial), 3600);
    }
}
