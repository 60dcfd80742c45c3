package rootzone.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The one HTTP client of the commands, for every service they talk to (publisher, auditor,
 * coordination): a base URL, a connect timeout of 5 s and a per-request timeout, JSON or text out.
 * An unreachable service and a refusal (any status but 2xx) become an {@link IllegalStateException}
 * whose message names the service and, for a refusal, carries the service's own message and the
 * status; {@code Main} prints it as {@code rootzone: ...} and exits 2.
 */
public final class ServiceClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String service;
    private final String base;
    private final Duration timeout;
    private final HttpClient http = client(CONNECT_TIMEOUT);

    /**
     * @param service how messages name it ("auditor", "publisher", "coordination service")
     * @param baseUrl e.g. http://127.0.0.1:8083; trailing slashes are ignored
     * @param timeout how long one request may take
     */
    public ServiceClient(String service, String baseUrl, Duration timeout) {
        this.service = service;
        this.base = baseUrl.replaceAll("/+$", "");
        this.timeout = timeout;
    }

    /**
     * An HTTP/1.1 client. The JDK's default (HTTP/2) asks every cleartext request to upgrade (h2c);
     * the services accept, and the command then loads and runs the JDK's HTTP/2 stack while the
     * service works: measured during {@code rootzone publish} against {@code up}, 20-45 ms of the
     * command's CPU between the publisher's receipt and its commit, on the cores the publisher and the
     * nodes share. One request per connection gains nothing from HTTP/2.
     */
    public static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    /** A query-string or path value, URL-encoded. */
    public static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public JsonNode getJson(String path) {
        return parse(body(exchange(request(path).header("Accept", "application/json").GET())));
    }

    public String getText(String path) {
        return body(exchange(request(path).header("Accept", "text/plain").GET()));
    }

    /** The raw bytes of a 2xx answer (tiles, entry bundles); any other status is the service's refusal. */
    public byte[] getBytes(String path) {
        HttpResponse<byte[]> response = send(request(path).GET(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw refusal(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    /** POSTs body (a JsonNode, a Map, a record...) as JSON and returns the JSON answer. */
    public JsonNode postJson(String path, Object body) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the request to the " + service + " as JSON: " + e.getMessage(), e);
        }
        return parse(body(exchange(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)))));
    }

    /** A request to base + path with this client's timeout, for callers that set their own headers and body. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    }

    /** Sends a request and returns the response whatever its status; only an unreachable service is an exception. */
    public HttpResponse<String> exchange(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.build(), body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the " + service + " at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** The body of a 2xx response; any other status is the service's refusal, with its message. */
    private String body(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw refusal(response.statusCode(), response.body());
        }
        return response.body();
    }

    private IllegalStateException refusal(int status, String body) {
        return new IllegalStateException(service + ": " + errorMessage(body) + " (HTTP " + status + ")");
    }

    /** The services answer a refusal as JSON: {"error": text} (auditor, publisher) or {"error": code, "message": text} (coordination). */
    private static String errorMessage(String body) {
        try {
            JsonNode error = JSON.readTree(body);
            for (String field : new String[] {"message", "error"}) {
                if (error != null && error.hasNonNull(field)) {
                    return error.get(field).asText();
                }
            }
        } catch (IOException notJson) {
            // the body as it is
        }
        return body;
    }

    private JsonNode parse(String body) {
        if (body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the " + service + " answered something that is not JSON: " + e.getMessage(), e);
        }
    }
}
