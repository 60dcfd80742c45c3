package rootzone.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import rootzone.cli.http.ServiceClient;

@Command(name = "versions", mixinStandardHelpOptions = true,
        description = "Every version: serial, published at, publisher, records, delta size, digest, rejections.")
public final class HistoryVersionsCommand extends HistorySubcommand {

    @Override
    int run(ServiceClient auditor, PrintWriter out) {
        out.printf("%-10s  %-24s  %-20s  %7s  %6s  %-16s  %4s%n", "serial", "published at", "publisher", "records", "delta",
                "digest", "rej");
        for (JsonNode v : auditor.getJson("/history/versions?" + zoneQuery())) {
            out.printf("%-10d  %-24s  %-20s  %7d  %6d  %-16s  %4d%s%n", v.get("serial").asLong(), v.get("publishedAt").asText(),
                    v.get("publisher").asText(), v.get("recordCount").asLong(), v.get("deltaSize").asLong(),
                    v.get("contentDigest").asText().substring(0, 16), v.get("rejections").asLong(),
                    v.get("imported").asBoolean() ? "  imported, captured " + v.get("capturedAt").asText() : "");
        }
        return 0;
    }
}
