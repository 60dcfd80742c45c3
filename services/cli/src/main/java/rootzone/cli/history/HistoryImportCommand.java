package rootzone.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import rootzone.cli.http.ServiceClient;

/**
 * Asks the auditor to import: the archive reader, serial ordering and writer live in the auditor, which
 * is tested there against the real broker and verifies what it wrote by its own replay; this command
 * stays a thin client like the other history commands. The path must be readable by the auditor.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Load a directory of zone files, a git repository or a git bundle (one commit per version) into the event log, "
                + "in serial order, keeping capture times. Versions not newer than the log's latest are skipped.")
public final class HistoryImportCommand extends HistorySubcommand {

    @Parameters(paramLabel = "PATH") Path path;
    @Option(names = "--file", description = "Path of the zone file inside each commit (default: the only file).") String file;

    @Override
    int run(ServiceClient auditor, PrintWriter out) throws Exception {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("path", path.toAbsolutePath().toString());
        body.put("zone", history.zone);
        if (file != null) {
            body.put("file", file);
        }
        JsonNode status = auditor.postJson("/history/import", body);
        PrintWriter err = spec.commandLine().getErr();
        int shown = -1;
        while ("RUNNING".equals(status.get("state").asText())) {
            int n = status.get("imported").asInt();
            if (n / 100 != shown / 100) {
                err.println("imported " + n + " versions...");
                err.flush();
                shown = n;
            }
            Thread.sleep(1_000);
            status = auditor.getJson("/history/import/" + status.get("id").asText());
        }
        JsonNode r = status.get("report");
        out.printf("%s: %d versions found, %d imported (serials %s to %s), %d already in the log, %.1f s%n", r.get("path").asText(),
                r.get("found").asInt(), r.get("imported").asInt(), r.get("firstSerial").asText(), r.get("lastSerial").asText(),
                r.get("skipped").asInt(), r.get("elapsedMillis").asLong() / 1000.0);
        r.get("warnings").forEach(w -> out.println("warning: " + w.asText()));
        out.flush();
        if (!r.get("error").isNull()) {
            err.println("rootzone: import failed: " + r.get("error").asText());
            err.flush();
            return 1;
        }
        return 0;
    }
}
