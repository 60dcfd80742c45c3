package rootzone.auditor.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.Map;

/**
 * The import of the real history (1,978 versions, minutes of CPU) through the auditor's API, done once
 * per test JVM and shared by every test that needs the whole history in the log (the broker and the
 * auditor are shared by the JVM's @QuarkusTests too), whichever runs first.
 */
public final class RealHistoryImport {

    public static final int VERSIONS = 1978;
    private static final long TIMEOUT_NANOS = 20L * 60 * 1_000_000_000L;

    private static JsonPath done;

    /**
     * Imports the bundle (POST /history/import) unless this JVM already did, and waits until the import
     * is over and the auditor has indexed every version.
     *
     * @return the final status of that first import (GET /history/import/{id})
     */
    public static synchronized JsonPath once(Path bundle) throws InterruptedException {
        if (done != null) {
            return done;
        }
        long started = System.nanoTime();
        JsonPath status = given().contentType(ContentType.JSON).body(Map.of("path", bundle.toString()))
                .post("/history/import").then().statusCode(202).extract().jsonPath();
        String id = status.getString("id");
        long deadline = started + TIMEOUT_NANOS;
        while ("RUNNING".equals(status.getString("state")) && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            status = given().get("/history/import/" + id).jsonPath();
        }
        // Every version of the archive (VERSIONS for the real bundle; fewer for a smaller one given with -Drootzone.history).
        int expected = "DONE".equals(status.getString("state")) ? status.getInt("report.found") : VERSIONS;
        while (given().get("/history/versions").jsonPath().getList("$").size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        System.out.printf("RealHistoryImport: %s, %d versions indexed after %d s%n", status.getString("state"),
                given().get("/history/versions").jsonPath().getList("$").size(), (System.nanoTime() - started) / 1_000_000_000L);
        done = status;
        return status;
    }

    private RealHistoryImport() {}
}
