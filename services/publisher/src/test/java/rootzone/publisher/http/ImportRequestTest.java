package rootzone.publisher.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import rootzone.coordination.model.sign.ImportRequest;
import rootzone.coordination.model.sign.PublicationRequest;
import rootzone.coordination.model.sign.TestMaintainer;
import rootzone.eventlog.LoggedVersion;
import rootzone.eventlog.VersionLog;
import rootzone.eventlog.signing.Ed25519Keys;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.Role;
import rootzone.publisher.support.PublisherTestResource;
import rootzone.publisher.support.TestZones;

/**
 * The import endpoint of the real publisher and broker: only a signed, fresh import request of the
 * zone's maintainer starts an import (401/403 otherwise, a rejection event and no version); an accepted
 * one imports through the publisher's gates, marks the versions imported with the relaxations, and a
 * second run of the same archive writes nothing.
 */
@QuarkusTest
@WithTestResource(value = PublisherTestResource.class, scope = io.quarkus.test.common.TestResourceScope.GLOBAL)
class ImportRequestTest {

    private static final String ZONE = "imports.example.";

    private static ValidatableResponse post(String signer, PrivateKey key, ImportRequest r) {
        var spec = given().contentType("application/json").body(Map.of("source", r.source(), "relaxations", r.relaxations(),
                "requestedAt", r.requestedAt().toString()));
        if (signer != null) {
            spec = spec.header(PublicationRequest.SIGNER_HEADER, signer)
                    .header(PublicationRequest.SIGNATURE_HEADER, PublicationRequest.base64(r.sign(key)));
        }
        return spec.post("/imports?zone=" + ZONE).then();
    }

    private static List<LoggedVersion> versions() {
        return new VersionLog(SharedKafkaBroker.connection(Role.PUBLISHER), rootzone.eventlog.testing.TestPublisherKey.trusted())
                .versions(ZONE);
    }

    @Test
    void onlyASignedFreshRequestOfTheMaintainerImportsAndASecondRunWritesNothing() throws Exception {
        TestMaintainer maintainer = PublisherTestResource.maintainer();
        Path archive = Files.createTempDirectory("import-archive-");
        for (long serial = 100; serial < 105; serial++) {
            Files.writeString(archive.resolve("v" + serial + ".zone"), TestZones.text(ZONE, serial, 20, Set.of((int) serial % 20)));
        }
        ImportRequest request = new ImportRequest(ZONE, archive.toString(), null, List.of("zonemd"), Instant.now());

        post(null, null, request).statusCode(401).body("reason", equalTo("REQUEST_UNSIGNED"));
        post(TestMaintainer.IDENTITY, Ed25519Keys.generate().getPrivate(), request).statusCode(401)
                .body("reason", equalTo("REQUEST_SIGNATURE_INVALID"));
        post("mallory", Ed25519Keys.generate().getPrivate(), request).statusCode(403).body("reason", equalTo("NOT_AUTHORIZED"));
        ImportRequest stale = new ImportRequest(ZONE, archive.toString(), null, List.of("zonemd"), Instant.now().minusSeconds(900));
        post(TestMaintainer.IDENTITY, maintainer.privateKey(), stale).statusCode(401)
                .body("reason", equalTo("REQUEST_SIGNATURE_INVALID")).body("detail", containsString("re-sent old request"));
        ImportRequest unknownRelaxation = new ImportRequest(ZONE, archive.toString(), null, List.of("everything"), Instant.now());
        post(TestMaintainer.IDENTITY, maintainer.privateKey(), unknownRelaxation).statusCode(401)
                .body("detail", containsString("not a relaxation"));
        assertEquals(0, versions().size(), "no refused request wrote a version");

        // Only what the request relaxes: these versions each change 2 of 20 delegations (10 %), more than the
        // zone's 5 %, so the import stops at the first of them, refused, and keeps what it committed before.
        JsonPath started = post(TestMaintainer.IDENTITY, maintainer.privateKey(), request).statusCode(202).extract().jsonPath();
        JsonPath stopped = await(started.getString("id"));
        assertEquals("FAILED", stopped.getString("state"), stopped.prettify());
        assertEquals(1, stopped.getInt("report.imported"));
        assertEquals("BLAST_RADIUS", stopped.getString("report.refused.reason"));
        assertEquals(101, stopped.getInt("report.refused.serial"));
        assertEquals(List.of(100L), versions().stream().map(LoggedVersion::serial).toList());

        List<String> relaxed = List.of("blast_radius", "zonemd");
        JsonPath done = await(post(TestMaintainer.IDENTITY, maintainer.privateKey(),
                new ImportRequest(ZONE, archive.toString(), null, relaxed, Instant.now())).statusCode(202).extract().jsonPath()
                .getString("id"));
        assertEquals("DONE", done.getString("state"), done.prettify());
        assertEquals(4, done.getInt("report.imported"));
        assertEquals(1, done.getInt("report.skipped"), "run again, it resumes");
        List<LoggedVersion> logged = versions();
        assertEquals(List.of(100L, 101L, 102L, 103L, 104L), logged.stream().map(LoggedVersion::serial).toList());
        for (LoggedVersion v : logged) {
            assertTrue(v.committed().getImported());
            assertEquals(TestMaintainer.IDENTITY, v.committed().getPublisher().toString(), "the verified signer");
            assertEquals(v.serial() == 100 ? List.of("zonemd") : relaxed,
                    v.committed().getRelaxations().stream().map(Object::toString).toList(), "each relaxation recorded");
        }

        JsonPath again = await(post(TestMaintainer.IDENTITY, maintainer.privateKey(),
                new ImportRequest(ZONE, archive.toString(), null, relaxed, Instant.now())).statusCode(202)
                .extract().jsonPath().getString("id"));
        assertEquals("DONE", again.getString("state"), again.prettify());
        assertEquals(0, again.getInt("report.imported"));
        assertEquals(5, again.getInt("report.skipped"));
        assertEquals(5, versions().size(), "an import of what the log holds writes nothing");

        JsonPath bad = await(post(TestMaintainer.IDENTITY, maintainer.privateKey(),
                new ImportRequest(ZONE, archive.resolve("nothing-here").toString(), null, List.of(), Instant.now())).statusCode(202)
                .extract().jsonPath().getString("id"));
        assertEquals("FAILED", bad.getString("state"));
        assertTrue(bad.getString("report.error").contains("no such directory"), bad.prettify());

        // A version that fails to parse half-way through the archive: the versions read before it are
        // imported, the import stops there and says why, and nothing of the broken version is written.
        for (long serial = 105; serial < 108; serial++) {
            String text = TestZones.text(ZONE, serial, 20, Set.of((int) serial % 20));
            Files.writeString(archive.resolve("v" + serial + ".zone"),
                    serial == 107 ? text + "broken." + ZONE + " 3600 IN A not-an-address\n" : text);
        }
        JsonPath broken = await(post(TestMaintainer.IDENTITY, maintainer.privateKey(),
                new ImportRequest(ZONE, archive.toString(), null, relaxed, Instant.now())).statusCode(202)
                .extract().jsonPath().getString("id"));
        assertEquals("FAILED", broken.getString("state"), broken.prettify());
        assertEquals(2, broken.getInt("report.imported"), broken.prettify());
        assertTrue(broken.getString("report.error").contains("not-an-address"), broken.prettify());
        assertEquals(List.of(100L, 101L, 102L, 103L, 104L, 105L, 106L), versions().stream().map(LoggedVersion::serial).toList());
    }

    private static JsonPath await(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        JsonPath s = given().get("/imports/" + id).jsonPath();
        while ("RUNNING".equals(s.getString("state")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            s = given().get("/imports/" + id).jsonPath();
        }
        return s;
    }
}
