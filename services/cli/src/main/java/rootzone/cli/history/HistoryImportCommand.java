package rootzone.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import rootzone.cli.http.ServiceClient;
import rootzone.cli.keys.LocalMaintainer;
import rootzone.coordination.model.sign.ImportRequest;
import rootzone.coordination.model.sign.PublicationRequest;

/**
 * Asks the publisher to import an archive: the import is an input of the publisher (its lock, gates
 * and transactional id; docs/import.md), requested with an import request signed by the
 * maintainer's key like `rootzone publish` signs a version. The path must be readable by the publisher.
 * Exit 0 imported (or nothing new), 1 refused or stopped at a refused version, 2 the request failed.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a directory of zone files, a git repository or a git bundle (one commit per version) through the "
                + "publisher, in serial order, keeping capture times. Versions not newer than the zone's latest are skipped; the "
                + "import stops at the first version the publisher refuses.")
public final class HistoryImportCommand extends HistorySubcommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "SOURCE") Path path;
    @Option(names = "--file", description = "Path of the zone file inside each commit (default: the only file).") String file;

    @Option(names = "--publisher", defaultValue = "http://127.0.0.1:8081",
            description = "Publisher base URL (default: ${DEFAULT-VALUE}).")
    URI publisher;

    @Option(names = "--relax", split = ",", defaultValue = "zonemd,dnssec,blast_radius",
            description = "Gates the import may relax, recorded in every imported event (default: ${DEFAULT-VALUE}: archived "
                    + "history no longer matches its ZONEMD or signatures, and jumps further than a live publication may).")
    List<String> relax;

    @Option(names = "--data", defaultValue = ".rootzone",
            description = "Where ./rootzone up keeps the local maintainer's key (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--key", paramLabel = "FILE", description = "The signing key (default: <data>/keys/maintainer.key).")
    Path key;

    @Option(names = "--identity", description = "The maintainer identity the key belongs to (default: beside the key).")
    String identity;

    @Override
    int run(ServiceClient auditor, PrintWriter out) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        LocalMaintainer maintainer;
        try {
            maintainer = LocalMaintainer.find(data, key, identity);
        } catch (IOException e) {
            err.println("rootzone history import: " + e.getMessage());
            err.flush();
            return 2;
        }
        String zone = history.zone;
        ImportRequest request = new ImportRequest(zone, path.toAbsolutePath().toString(), file, relax, Instant.now());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", request.source());
        body.put("file", request.file());
        body.put("relaxations", request.relaxations());
        body.put("requestedAt", request.requestedAt().toString());
        ServiceClient api = new ServiceClient("publisher", publisher.toString(), Duration.ofSeconds(60));
        HttpResponse<String> response = api.exchange(api.request("/imports?zone=" + ServiceClient.q(zone))
                .header("Content-Type", "application/json")
                .header(PublicationRequest.SIGNER_HEADER, maintainer.identity())
                .header(PublicationRequest.SIGNATURE_HEADER, PublicationRequest.base64(request.sign(maintainer.privateKey())))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        JsonNode status = JSON.readTree(response.body());
        if (response.statusCode() != 202) {
            err.println("rootzone history import: not started: " + status.path("detail").asText(status.path("error").asText(response.body()))
                    + " (HTTP " + response.statusCode() + ")");
            err.flush();
            return response.statusCode() == 401 || response.statusCode() == 403 ? 1 : 2;
        }
        int shown = -1;
        while ("RUNNING".equals(status.get("state").asText())) {
            int n = status.get("imported").asInt();
            if (n / 100 != shown / 100) {
                err.println("imported " + n + " versions...");
                err.flush();
                shown = n;
            }
            Thread.sleep(1_000);
            status = api.getJson("/imports/" + status.get("id").asText());
        }
        JsonNode r = status.get("report");
        double seconds = r.get("elapsedMillis").asLong() / 1000.0;
        out.printf("%s: %d versions found, %d imported (serials %s to %s), %d already in the log, %.1f s (%.1f versions/s)%n",
                r.get("path").asText(), r.get("found").asInt(), r.get("imported").asInt(), r.path("firstSerial").asText("-"),
                r.path("lastSerial").asText("-"), r.get("skipped").asInt(), seconds, r.path("versionsPerSecond").asDouble());
        r.get("warnings").forEach(w -> out.println("warning: " + w.asText()));
        out.flush();
        if (r.hasNonNull("error")) {
            err.println("rootzone: import " + (r.hasNonNull("refused") ? "stopped" : "failed") + ": " + r.get("error").asText());
            err.flush();
            return r.hasNonNull("refused") ? 1 : 2;
        }
        return 0;
    }
}
