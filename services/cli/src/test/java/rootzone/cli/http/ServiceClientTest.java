package rootzone.cli.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one client every command uses: what it sends, what it returns, and how it says a service refused or is down. */
class ServiceClientTest {

    HttpServer server;
    String base;
    volatile String lastRequest;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answer("/ok", 200, "{\"a\":1}");
        answer("/blank", 204, "");
        answer("/text", 200, ". 86400 IN NS a.root-servers.net.\n");
        answer("/auditor-refusal", 404, "{\"error\":\"no serial 7\"}");
        answer("/coordination-refusal", 409, "{\"error\":\"invalid-transition\",\"message\":\"notice n1 is withdrawn\"}");
        answer("/plain-refusal", 500, "boom");
        answer("/not-json", 200, "<html>");
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(String path, int status, String body) {
        server.createContext(path, exchange -> {
            lastRequest = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    ServiceClient client() {
        return new ServiceClient("auditor", base + "//", Duration.ofSeconds(10));
    }

    @Test
    void jsonTextAndPostedJson() {
        assertEquals(1, client().getJson("/ok?x=" + ServiceClient.q("a b/c")).get("a").asInt());
        assertEquals("GET /ok?x=a+b%2Fc null ", lastRequest);
        assertEquals(". 86400 IN NS a.root-servers.net.\n", client().getText("/text"));
        JsonNode posted = client().postJson("/ok", Map.of("path", "/tmp/x"));
        assertEquals(1, posted.get("a").asInt());
        assertEquals("POST /ok application/json {\"path\":\"/tmp/x\"}", lastRequest);
        assertTrue(client().getJson("/blank").isEmpty(), "an empty answer is an empty object");
    }

    @Test
    void refusalsCarryTheServicesMessageAndStatus() {
        assertEquals("auditor: no serial 7 (HTTP 404)",
                assertThrows(IllegalStateException.class, () -> client().getJson("/auditor-refusal")).getMessage());
        assertEquals("auditor: notice n1 is withdrawn (HTTP 409)",
                assertThrows(IllegalStateException.class, () -> client().postJson("/coordination-refusal", Map.of())).getMessage());
        assertEquals("auditor: boom (HTTP 500)",
                assertThrows(IllegalStateException.class, () -> client().getText("/plain-refusal")).getMessage());
        assertTrue(assertThrows(IllegalStateException.class, () -> client().getJson("/not-json")).getMessage()
                .startsWith("the auditor answered something that is not JSON"));
    }

    @Test
    void aServiceThatIsDownIsNamed() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ServiceClient down = new ServiceClient("coordination service", "http://127.0.0.1:" + closed + "/", Duration.ofSeconds(10));
        String message = assertThrows(IllegalStateException.class, () -> down.getJson("/notices")).getMessage();
        assertTrue(message.startsWith("cannot reach the coordination service at http://127.0.0.1:" + closed + ": "), message);
        assertEquals(500, client().exchange(client().request("/plain-refusal").GET()).statusCode(),
                "exchange returns a refusal as it is, for publish to map it to its exit code");
    }
}
