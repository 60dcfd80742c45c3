package rootzone.cli.history;

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

/** The auditor's HTTP API, for the history commands: JSON in, JSON or zone text out, errors as messages. */
final class AuditorClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AuditorClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    JsonNode getJson(String path) {
        return parse(send(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").GET()));
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the auditor answered something that is not JSON: " + e.getMessage(), e);
        }
    }

    String getText(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/plain").GET());
    }

    JsonNode postJson(String path, Object body) {
        try {
            String json = JSON.writeValueAsString(body);
            return parse(send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private String send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the auditor at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            String message = response.body();
            try {
                JsonNode error = JSON.readTree(message);
                if (error.hasNonNull("error")) {
                    message = error.get("error").asText();
                }
            } catch (IOException notJson) {
                // keep the body as it is
            }
            throw new IllegalStateException("auditor: " + message + " (HTTP " + response.statusCode() + ")");
        }
        return response.body();
    }

}
