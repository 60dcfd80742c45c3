package rootzone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import rootzone.cli.ZoneDiffCommandTest.Result;
import rootzone.coordination.model.sign.PublicationId;
import rootzone.zone.ContentDigest;
import rootzone.zone.ZoneParser;

/**
 * An unknown outcome is never reported as a failure: the CLI prints the publication id and how to
 * ask, whether the publisher said UNKNOWN or its answer was lost, and --wait asks until the log says.
 */
class PublishOutcomeCommandTest {

    HttpServer server;
    String url;
    Path zone;
    Path data;
    PublicationId id;
    volatile String publication = "{\"status\":\"PENDING\",\"detail\":\"Kafka does not answer yet\"}";

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        zone = Files.writeString(dir.resolve("example.zone"), "example. 86400 IN SOA a. b. 7 2 3 4 5\n");
        data = dir.resolve("data");
        rootzone.cli.keys.LocalMaintainer.ensure(data);
        byte[] digest = ContentDigest.of(ZoneParser.parse(Files.readAllBytes(zone), Name.fromString("example."), "t"));
        id = new PublicationId("example.", 7, digest);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answer("/versions", 202, "{\"status\":\"UNKNOWN\",\"zone\":\"example.\",\"id\":\"" + id + "\",\"serial\":7,"
                + "\"contentDigest\":\"" + HexFormat.of().formatHex(digest) + "\",\"detail\":\"commit answer lost\",\"millis\":30000}");
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException ignored) {
                // stopping
            }
            exchange.close();
        });
        server.createContext("/publications/", exchange -> RemoteCommandsTest.respond(exchange, 200, publication));
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(String path, int status, String body) {
        server.createContext(path, exchange -> RemoteCommandsTest.respond(exchange, status, body));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void unknownPrintsTheIdAndHowToAskAndWaitAsksUntilTheLogSays() {
        Result r = ZoneDiffCommandTest.run("publish", zone.toString(), "--publisher", url, "--zone", "example.", "--data", data.toString());
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("serial 7: outcome unknown (id " + id + "): commit answer lost"), r.err());
        assertTrue(r.err().contains("rootzone publication " + id), r.err());

        publication = "{\"status\":\"COMMITTED\",\"id\":\"" + id + "\",\"versionOffset\":42}";
        Result waited = ZoneDiffCommandTest.run("publish", zone.toString(), "--publisher", url, "--zone", "example.",
                "--data", data.toString(), "--wait", "PT10S");
        assertEquals(0, waited.exit(), waited.err());
        assertEquals("serial 7: COMMITTED at offset 42 (id " + id + ")\n", waited.out());

        publication = "{\"status\":\"ABORTED\",\"id\":\"" + id + "\",\"detail\":\"not in the log\"}";
        Result asked = ZoneDiffCommandTest.run("publication", id.toString(), "--publisher", url);
        assertEquals(2, asked.exit());
        assertTrue(asked.err().contains("ABORTED: not in the log"), asked.err());
        assertEquals(2, ZoneDiffCommandTest.run("publication", "not-an-id", "--publisher", url).exit());
    }

    @Test
    void aLostAnswerFromThePublisherIsUnknownNotFailed() {
        Result r = ZoneDiffCommandTest.run("publish", zone.toString(), "--publisher", url + "/slow", "--zone", "example.",
                "--data", data.toString(), "--timeout", "PT1S");
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.err().contains("outcome unknown (id " + id + "): no answer from the publisher"), r.err());
    }

    @Test
    void theIdNamesZoneSerialAndDigestAndParsesBack() {
        assertEquals(id, PublicationId.parse(id.toString()));
        assertTrue(id.toString().startsWith("example.7-"), id.toString());
        PublicationId root = new PublicationId(".", 2023110400L, id.contentDigest());
        assertEquals(".2023110400-" + id.contentDigest(), root.toString());
        assertEquals(root, PublicationId.parse(root.toString()));
    }
}
