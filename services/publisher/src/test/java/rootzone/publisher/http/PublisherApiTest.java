package rootzone.publisher.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.VersionLog;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;
import rootzone.publisher.support.PublisherTestResource;
import rootzone.publisher.support.TestZones;

/** The running publisher over HTTP, drop directory and zone transfer, against a real broker (and Knot). */
@QuarkusTest
@WithTestResource(value = PublisherTestResource.class, scope = io.quarkus.test.common.TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublisherApiTest {

    private static final int DELEGATIONS = 100;

    private static byte[] version(long serial, Set<Integer> changed) {
        return TestZones.text("example.", serial, DELEGATIONS, changed).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    @Order(1)
    void publishesThenNoOpThenRefusesOlderAndReusedSerials() throws Exception {
        signed(gzip(version(100, Set.of())), null).header("X-Requested-By", "alice (not trusted)")
                .post("/versions?zone=example.").then().statusCode(201)
                .body("status", equalTo("PUBLISHED")).body("serial", equalTo(100))
                .body("added", equalTo(3 + 2 * DELEGATIONS)).body("removed", equalTo(0))
                .body("snapshot", equalTo(true)).body("versionOffset", notNullValue())
                .body("contentDigest", notNullValue());
        signed(version(101, Set.of(5)), null).post("/versions?zone=example").then().statusCode(201)
                .body("previousSerial", equalTo(100)).body("removed", equalTo(2)).body("added", equalTo(2));
        signed(version(101, Set.of(5)), null).post("/versions?zone=example.").then().statusCode(200)
                .body("status", equalTo("ALREADY_PUBLISHED"));
        signed(version(100, Set.of()), null).post("/versions?zone=example.").then().statusCode(422)
                .body("reason", equalTo("SERIAL_NOT_NEWER")).body("rejectionOffset", notNullValue());
        signed(version(101, Set.of(6)), null).post("/versions?zone=example.").then().statusCode(422)
                .body("reason", equalTo("SERIAL_REUSED"));
        // What the log says of each, by publication id: committed at its offset, or not (refused).
        given().get("/publications/" + publicationId(version(101, Set.of(5)), 101)).then().statusCode(200)
                .body("status", equalTo("COMMITTED")).body("versionOffset", notNullValue());
        given().get("/publications/" + publicationId(version(101, Set.of(6)), 101)).then().statusCode(200)
                .body("status", equalTo("ABORTED"));
        given().get("/publications/example.101-nothex").then().statusCode(400);
        given().get("/publications/" + publicationId(version(101, Set.of(5)), 101).replace("example.", "nowhere.")).then()
                .statusCode(404);
    }

    private static String publicationId(byte[] text, long serial) {
        return new rootzone.coordination.model.sign.PublicationId("example.", serial,
                rootzone.zone.ContentDigest.of(rootzone.publisher.support.TestZones.parse(new String(text, StandardCharsets.US_ASCII)))).toString();
    }

    @Test
    @Order(2)
    void blastRadiusNeedsAnOverrideWhichIsRecorded() {
        // 10 % of 100 delegations changed from 101 (d5 stays as 101 has it).
        Set<Integer> many = Set.of(5, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        signed(version(102, many), null).post("/versions?zone=example.").then().statusCode(422)
                .body("reason", equalTo("BLAST_RADIUS")).body("detail", containsString("10 of 100 delegations"));
        int offset = signed(version(102, many), "renumbering d10-d19, ticket 42")
                .header("X-Blast-Radius-Override", "renumbering d10-d19, ticket 42").post("/versions?zone=example.").then().statusCode(201)
                .body("blastRadiusOverride", equalTo("renumbering d10-d19, ticket 42"))
                .extract().path("versionOffset");
        LoggedVersion logged = new VersionLog(SharedKafkaBroker.connection(Role.PUBLISHER), rootzone.eventlog.testing.TestPublisherKey.trusted()).versions("example.").stream()
                .filter(v -> v.offset() == offset).findFirst().orElseThrow();
        assertEquals("renumbering d10-d19, ticket 42", logged.committed().getBlastRadiusOverride());
        assertEquals(102L, logged.serial());
    }

    @Test
    @Order(3)
    void badRequestsAreRefusedPreciselyAndWriteNothing() {
        given().contentType("text/dns").body(version(200, Set.of())).post("/versions").then().statusCode(400).body("error", containsString("zone"));
        given().contentType("text/dns").body(version(200, Set.of())).post("/versions?zone=nowhere.").then().statusCode(404)
                .body("error", containsString("not configured"));
        signed(new byte[0], null).post("/versions?zone=example.").then().statusCode(400).body("error", containsString("empty"));
        signed("this is not a zone file\n", null).post("/versions?zone=example.").then().statusCode(422)
                .body("reason", equalTo("UNPARSABLE"));
        String noNs = "$ORIGIN example.\n@ 3600 IN SOA ns1 h 300 60 30 86400 300\nns1 3600 IN A 192.0.2.1\n";
        signed(noNs, null).post("/versions?zone=example.").then().statusCode(422).body("reason", equalTo("INVALID_ZONE"));
        String outOfZone = new String(version(300, Set.of()), StandardCharsets.US_ASCII) + "www.elsewhere. 3600 IN A 192.0.2.9\n";
        signed(outOfZone, null).post("/versions?zone=example.").then().statusCode(422).body("reason", equalTo("INVALID_ZONE"));
        given().get("/zones").then().statusCode(200).contentType(ContentType.JSON)
                .body("find { it.zone == 'example.' }.serial", equalTo(102));
    }

    @Test
    @Order(4)
    void dropDirectoryFilesArePublishedAndMovedWithAResult() throws Exception {
        Path drop = PublisherTestResource.dropDir;
        Path tmp = drop.resolve(".incoming.tmp");
        Files.writeString(tmp, TestZones.text("drop.example.", 7, 20, Set.of()));
        Files.move(tmp, drop.resolve("drop.example.7"));
        Path result = drop.resolve("done").resolve("drop.example.7.result");
        waitFor(() -> Files.exists(result), 20_000, "drop directory file processed");
        assertTrue(Files.readString(result).startsWith("PUBLISHED drop.example. serial 7"), Files.readString(result));
        Files.writeString(drop.resolve("broken"), "garbage\n");
        Path refused = drop.resolve("refused").resolve("broken.result");
        waitFor(() -> Files.exists(refused), 20_000, "bad drop file refused");
        assertTrue(Files.readString(refused).contains("UNPARSABLE"), Files.readString(refused));
    }

    @Test
    @Order(5)
    void notifyFromKnotLeadsToIxfrAndPublication() throws Exception {
        Assumptions.assumeTrue(PublisherTestResource.knot != null, () -> "no Knot primary: " + PublisherTestResource.knotSkipped);
        // At start the follower pulled the primary's first version by AXFR.
        waitFor(() -> serialOf("xfr.example.") == 2024020100L, 20_000, "initial AXFR published");
        PublisherTestResource.knot.update(TestZones.text("xfr.example.", 2024020101, 100, Set.of(1, 2)));
        // SOA refresh is 60 s: within 15 s only the NOTIFY can have triggered the pull.
        waitFor(() -> serialOf("xfr.example.") == 2024020101L, 15_000, "NOTIFY -> IXFR -> published");
        List<LoggedVersion> versions = new VersionLog(SharedKafkaBroker.connection(Role.PUBLISHER), rootzone.eventlog.testing.TestPublisherKey.trusted()).versions("xfr.example.");
        LoggedVersion last = versions.get(versions.size() - 1);
        assertEquals("xfr", last.committed().getSource());
        assertTrue(last.committed().getPublisher().contains("IXFR"), last.committed().getPublisher());
        assertEquals(3, last.diff().removed().size(), "the SOA and the two changed glue records");
    }

    @Test
    @Order(6)
    void healthAndMetrics() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("rootzone_publisher_versions_published_total{"), metrics);
        assertTrue(metrics.contains("reason=\"SERIAL_NOT_NEWER\""), metrics);
        assertTrue(metrics.contains("rootzone_publisher_last_serial{zone=\"example.\"} 102.0"), metrics);
        assertTrue(metrics.contains("rootzone_publisher_publish_duration_seconds"), metrics);
    }

    private static long serialOf(String zone) {
        List<Map<String, Object>> zones = given().get("/zones").then().statusCode(200).extract().jsonPath().getList("$");
        return zones.stream().filter(z -> zone.equals(z.get("zone"))).map(z -> z.get("serial"))
                .filter(s -> s != null).mapToLong(s -> ((Number) s).longValue()).findFirst().orElse(-1);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, long millis, String what) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }

    /** A POST signed by the maintainer the publisher trusts (TestMaintainer, the one signing helper). */
    static RequestSpecification signed(Object body, String override) {
        byte[] bytes = body instanceof String text ? text.getBytes(StandardCharsets.US_ASCII) : (byte[]) body;
        Map<String, String> headers;
        try {
            headers = PublisherTestResource.maintainer().headers("example.", bytes, override);
        } catch (IllegalArgumentException unparsable) {
            // Signed for some serial and digest: the publisher reads the body only after the signature verified.
            headers = PublisherTestResource.maintainer().headers("example.", 1, new byte[32], override,
                    PublisherTestResource.maintainer().privateKey());
        }
        return given().contentType("text/dns").headers(headers).body(bytes);
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
