package rootzone.cli.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rootzone.cli.http.ServiceClient;
import rootzone.cli.keys.LocalMaintainer;
import rootzone.coordination.model.sign.PublicationId;
import rootzone.coordination.model.sign.PublicationRequest;
import rootzone.zone.ContentDigest;
import rootzone.zone.Zone;
import rootzone.zone.ZoneException;
import rootzone.zone.ZoneParser;

/**
 * Signs a publication request for a zone file (zone, serial, content digest, override; compliance
 * PublicationRequest) with the maintainer's Ed25519 key, sends it to the publisher and prints one line:
 * serial, outcome, reason, and the time from receipt to commit ({@code --json}: the publisher's whole
 * answer). Exit 0 published or already published, 1 refused (by a gate, or the request was not
 * authorized), 2 not published (nothing committed, nothing will: send it again), 3 outcome unknown.
 *
 * <p>The outcome is unknown when the publisher says so (Kafka lost the answer to the commit) or when
 * its own answer is lost (the request was sent and timed out): the command then prints the
 * publication id, which it computes itself (compliance PublicationId), and how to ask;
 * {@code --wait} asks until the log says COMMITTED or ABORTED.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish a zone version (RFC 1035 master file, optionally gzip) through the publisher, signed with "
                + "the maintainer's key. Exit 0 published or already published, 1 refused, 2 not published (send it again), "
                + "3 outcome unknown (the id to ask about is printed; --wait asks until it is known).")
public final class PublishCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The zone file.")
    Path file;

    @Option(names = "--zone", defaultValue = ".", description = "Zone origin (default: ${DEFAULT-VALUE}).")
    String zone;

    @Option(names = "--publisher", defaultValue = "http://127.0.0.1:8081",
            description = "Publisher base URL (default: ${DEFAULT-VALUE}).")
    URI publisher;

    @Option(names = "--override-blast-radius", paramLabel = "REASON",
            description = "Publish even if the version removes or changes more delegations than the policy allows; "
                    + "the reason is signed and recorded in the event.")
    String overrideReason;

    @Option(names = "--data", defaultValue = ".rootzone",
            description = "Where ./rootzone up keeps the local maintainer's key (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--key", paramLabel = "FILE", description = "The signing key (PKCS#8 base64, as operator keygen writes); "
            + "default: <data>/keys/maintainer.key.")
    Path key;

    @Option(names = "--identity", description = "The maintainer identity the key belongs to (default: beside the key, "
            + "else " + LocalMaintainer.DEFAULT_IDENTITY + ").")
    String identity;

    @Option(names = "--json", description = "Print the publisher's whole answer (JSON) instead of one line.")
    boolean json;

    @Option(names = "--timeout", defaultValue = "PT120S", description = "HTTP timeout (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--wait", arity = "0..1", fallbackValue = "PT5M", paramLabel = "DURATION",
            description = "When the outcome is unknown, ask the publisher every 2 s until the log says COMMITTED or ABORTED, "
                    + "at most this long (ISO-8601, default PT5M).")
    Duration wait;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return publish(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int publish(PrintWriter out, PrintWriter err) throws IOException {
        if (!Files.isRegularFile(file)) {
            err.println("rootzone publish: " + file + ": no such file");
            return 2;
        }
        if (overrideReason != null && overrideReason.isBlank()) {
            err.println("rootzone publish: --override-blast-radius needs a reason");
            return 2;
        }
        byte[] text = Files.readAllBytes(file);
        Zone parsed;
        try {
            parsed = ZoneParser.parse(text, Name.fromString(zone, Name.root), file.toString());
        } catch (ZoneException | TextParseException e) {
            err.println("rootzone publish: not sent: " + e.getMessage());
            return 2;
        }
        if (parsed.soa() == null) {
            err.println("rootzone publish: not sent: " + file + " has no SOA record at " + zone + " (no serial to sign)");
            return 2;
        }
        LocalMaintainer maintainer;
        try {
            maintainer = LocalMaintainer.find(data, key, identity);
        } catch (IOException e) {
            err.println("rootzone publish: " + e.getMessage());
            return 2;
        }
        byte[] digest = ContentDigest.of(parsed);
        PublicationRequest signed = new PublicationRequest(zone, parsed.serial(), digest, overrideReason);
        ServiceClient publisherApi = new ServiceClient("publisher", publisher.toString(), timeout);
        boolean gzip = text.length > 2 && (text[0] & 0xff) == 0x1f && (text[1] & 0xff) == 0x8b;
        HttpRequest.Builder request = publisherApi.request("/versions?zone=" + ServiceClient.q(zone))
                .header("Content-Type", gzip ? "application/gzip" : "text/dns")
                .header(PublicationRequest.SIGNER_HEADER, maintainer.identity())
                .header(PublicationRequest.SERIAL_HEADER, Long.toString(parsed.serial()))
                .header(PublicationRequest.DIGEST_HEADER, HexFormat.of().formatHex(digest))
                .header(PublicationRequest.SIGNATURE_HEADER, PublicationRequest.base64(signed.sign(maintainer.privateKey())))
                .POST(HttpRequest.BodyPublishers.ofByteArray(text));
        if (overrideReason != null) {
            request.header("X-Blast-Radius-Override", overrideReason);
        }
        PublicationId id = PublicationId.of(signed);
        HttpResponse<String> response;
        try {
            response = publisherApi.exchange(request);
        } catch (IllegalStateException failed) {
            if (notSent(failed)) {
                err.println("rootzone publish: " + failed.getMessage());
                return 2;
            }
            // Sent, and the publisher's answer lost: it may have published.
            err.printf("serial %d: outcome unknown (id %s): no answer from the publisher (%s); %s%n", parsed.serial(), id,
                    failed.getMessage(), PublicationQuery.howToAsk(id, publisher.toString()));
            return waitFor(publisherApi, id, out, err);
        }
        int status = response.statusCode();
        JsonNode answer = parse(response.body());
        String outcome = answer.path("status").asText("");
        if (json) {
            (status < 300 && !"UNKNOWN".equals(outcome) ? out : err).println(response.body());
        } else {
            (status < 300 && !"UNKNOWN".equals(outcome) ? out : err).println(line(parsed.serial(), status, answer));
        }
        if ("UNKNOWN".equals(outcome)) {
            if (!json) {
                err.println(PublicationQuery.howToAsk(id, publisher.toString()));
            }
            return waitFor(publisherApi, id, out, err);
        }
        if (status < 300) {
            return 0;
        }
        return "REFUSED".equals(outcome) ? 1 : 2;
    }

    private int waitFor(ServiceClient publisherApi, PublicationId id, PrintWriter out, PrintWriter err) {
        return wait == null ? PublicationQuery.UNKNOWN : PublicationQuery.ask(publisherApi, id, wait, out, err);
    }

    /** Whether the request surely never reached the publisher (no connection was made). */
    private static boolean notSent(IllegalStateException failed) {
        Throwable cause = failed.getCause();
        return cause instanceof java.net.ConnectException || cause instanceof java.net.http.HttpConnectTimeoutException
                || cause == null;
    }

    /** "serial N: PUBLISHED (commit offset 12), 184 ms from receipt to commit" and the like. */
    static String line(long serial, int status, JsonNode a) {
        String outcome = a.path("status").asText("");
        return switch (outcome) {
            case "PUBLISHED" -> String.format("serial %d: PUBLISHED by %s at offset %d (-%d +%d records), %d ms from receipt to commit",
                    serial, a.path("publisher").asText(), a.path("versionOffset").asLong(), a.path("removed").asLong(),
                    a.path("added").asLong(), a.path("millis").asLong());
            case "ALREADY_PUBLISHED" -> String.format("serial %d: ALREADY_PUBLISHED at offset %d, nothing written, %d ms",
                    serial, a.path("versionOffset").asLong(), a.path("millis").asLong());
            case "REFUSED" -> String.format("serial %d: REFUSED %s: %s (%d ms; rejection event at offset %d)", serial,
                    a.path("reason").asText(), a.path("detail").asText(), a.path("millis").asLong(),
                    a.path("rejectionOffset").asLong());
            case "NOT_PUBLISHED" -> String.format("serial %d: NOT_PUBLISHED: %s (aborted: nothing of it will commit; "
                    + "send it again), %d ms", serial, a.path("detail").asText(), a.path("millis").asLong());
            case "UNKNOWN" -> String.format("serial %d: outcome unknown (id %s): %s, %d ms", serial, a.path("id").asText(),
                    a.path("detail").asText(), a.path("millis").asLong());
            default -> String.format("serial %d: not published: %s (HTTP %d)", serial,
                    a.path("message").asText(a.path("error").asText(a.toString())), status);
        };
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException notJson) {
            return JSON.createObjectNode().put("error", body);
        }
    }
}
