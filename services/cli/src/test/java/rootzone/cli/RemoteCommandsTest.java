package rootzone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import rootzone.cli.ZoneDiffCommandTest.Result;

/**
 * The commands that ask a service (history, notice, operator, publish), against a stand-in serving
 * canned answers: what they ask, what they print, their exit codes, and what they say when the
 * service refuses or is down.
 */
class RemoteCommandsTest {

    HttpServer server;
    String url;
    final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answer("/history/versions", 200, """
                [{"serial":2024010100,"publishedAt":"2024-01-01T00:00:00Z","publisher":"rzm","recordCount":22000,"deltaSize":0,
                  "contentDigest":"abcdef0123456789abcdef","rejections":0,"imported":false,"capturedAt":null},
                 {"serial":2024010101,"publishedAt":"2024-01-01T12:00:00Z","publisher":"import","recordCount":22001,"deltaSize":3,
                  "contentDigest":"0123456789abcdef0000","rejections":1,"imported":true,"capturedAt":"2024-01-01T11:00:00Z"}]""");
        answer("/history/zone/", 404, "{\"error\":\"no serial 9\"}");
        answer("/history/diff", 200, """
                {"removed":["com. 172800 IN NS a.gtld-servers.net.","net. 172800 IN NS b.gtld-servers.net."],
                 "added":["com. 172800 IN NS c.gtld-servers.net."]}""");
        answer("/notices/gone", 409, "{\"error\":\"invalid-transition\",\"message\":\"notice gone is withdrawn\"}");
        answer("/operators/op1", 200, """
                {"current":{"operatorId":"op1","name":"Op One","role":"ROOT_SERVER_OPERATOR","servers":["b.root-servers.net."],
                            "contacts":[{"kind":"OPERATIONAL","name":"N","role":"R","email":"e@x","phone":"+1"}]},
                 "history":[{"changedAt":"t1","signerId":"op1","removed":false},{"changedAt":"t2","signerId":"rzm","removed":true}]}""");
        answer("/versions", 422, "{\"status\":\"REFUSED\",\"reason\":\"INVALID_ZONE\",\"detail\":\"1 problem: glue\","
                + "\"rejectionOffset\":7,\"millis\":3}");
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(String path, int status, String body) {
        server.createContext(path, exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            respond(exchange, status, body);
        });
    }

    /** Reads the request and answers {@code body} as JSON with {@code status}. */
    static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void historyVersionsTable() {
        Result r = ZoneDiffCommandTest.run("history", "--auditor", url + "/", "versions");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
                serial      published at              publisher             records   delta  digest             rej
                2024010100  2024-01-01T00:00:00Z      rzm                     22000       0  abcdef0123456789     0
                2024010101  2024-01-01T12:00:00Z      import                  22001       3  0123456789abcdef     1  imported, captured 2024-01-01T11:00:00Z
                """, r.out());
        assertEquals(List.of("GET /history/versions?zone=."), requests);
    }

    @Test
    void historyDiffPrintsAsZoneDiffAndExits1() {
        Result r = ZoneDiffCommandTest.run("history", "--auditor", url, "--zone", "example.", "diff", "1", "2", "--no-signatures");
        assertEquals(1, r.exit(), r.err());
        assertEquals("""
                -com.\t\t\t172800\tIN\tNS\ta.gtld-servers.net.
                +com.\t\t\t172800\tIN\tNS\tc.gtld-servers.net.
                -net.\t\t\t172800\tIN\tNS\tb.gtld-servers.net.
                """, r.out());
        assertEquals(List.of("GET /history/diff?from=1&to=2&signatures=false&zone=example."), requests);
    }

    @Test
    void operatorShow() {
        Result r = ZoneDiffCommandTest.run("operator", "show", "op1", "--coordination", url);
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
                op1  Op One  ROOT_SERVER_OPERATOR  ["b.root-servers.net."]
                    OPERATIONAL    N (R) <e@x> +1
                  history:
                    t1 signed by op1
                    t2 signed by rzm (removed)
                """, r.out());
    }

    @Test
    void refusalsSayWhoRefusedAndWhy() {
        Result auditor = ZoneDiffCommandTest.run("history", "--auditor", url, "show", "9");
        assertEquals(2, auditor.exit());
        assertEquals("rootzone: auditor: no serial 9 (HTTP 404)\n", auditor.err());
        Result coordination = ZoneDiffCommandTest.run("notice", "show", "gone", "--coordination", url);
        assertEquals(2, coordination.exit());
        assertEquals("rootzone: coordination service: notice gone is withdrawn (HTTP 409)\n", coordination.err());
    }

    @Test
    void publishRefusedByAGateExits1WithOneLineOrTheWholeAnswer(@TempDir Path dir) throws IOException {
        Path zone = Files.writeString(dir.resolve("example.zone"), "example. 86400 IN SOA a. b. 1 2 3 4 5\n");
        rootzone.cli.keys.LocalMaintainer.ensure(dir.resolve("data"));
        Result r = ZoneDiffCommandTest.run("publish", zone.toString(), "--publisher", url, "--zone", "example.",
                "--data", dir.resolve("data").toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals("serial 1: REFUSED INVALID_ZONE: 1 problem: glue (3 ms; rejection event at offset 7)\n", r.err());
        Result json = ZoneDiffCommandTest.run("publish", zone.toString(), "--publisher", url, "--zone", "example.",
                "--data", dir.resolve("data").toString(), "--json");
        assertEquals(1, json.exit());
        assertTrue(json.err().contains("\"rejectionOffset\":7"), json.err());
        assertEquals(List.of("POST /versions?zone=example.", "POST /versions?zone=example."), requests);
        // Without a key: not sent.
        Result keyless = ZoneDiffCommandTest.run("publish", zone.toString(), "--publisher", url, "--zone", "example.",
                "--data", dir.resolve("nowhere").toString());
        assertEquals(2, keyless.exit());
        assertTrue(keyless.err().contains("run ./rootzone up once"), keyless.err());
    }

    @Test
    void aServiceThatIsDownIsNamed(@TempDir Path dir) throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String down = "http://127.0.0.1:" + closed;
        Result history = ZoneDiffCommandTest.run("history", "--auditor", down, "latency");
        assertEquals(2, history.exit());
        assertTrue(history.err().startsWith("rootzone: cannot reach the auditor at " + down + ": "), history.err());
        Result notices = ZoneDiffCommandTest.run("notice", "list", "--coordination", down);
        assertEquals(2, notices.exit());
        assertTrue(notices.err().startsWith("rootzone: cannot reach the coordination service at " + down + ": "), notices.err());
        Path zone = Files.writeString(dir.resolve("root.zone"), ". 86400 IN SOA a. b. 1 2 3 4 5\n");
        rootzone.cli.keys.LocalMaintainer.ensure(dir.resolve("data"));
        Result publish = ZoneDiffCommandTest.run("publish", zone.toString(), "--publisher", down, "--data",
                dir.resolve("data").toString());
        assertEquals(2, publish.exit());
        assertTrue(publish.err().startsWith("rootzone publish: cannot reach the publisher at " + down + ": "), publish.err());
    }
}
