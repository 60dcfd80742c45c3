package rootzone.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rootzone.cli.http.ServiceClient;

@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "Publication latency per serial: when each node applied it, minus the commit time; p95 across nodes (RSSAC002 load-time).")
public final class HistoryLatencyCommand extends HistorySubcommand {

    @Option(names = "--serial", description = "Only this serial, with every node.") Long serial;

    @Override
    int run(ServiceClient auditor, PrintWriter out) {
        String query = "/history/latency?" + zoneQuery() + (serial != null ? "&serial=" + serial : "");
        for (JsonNode l : auditor.getJson(query)) {
            if (l.get("nodes").asInt() == 0 && serial == null) {
                continue;
            }
            out.printf("%-10d  committed %-24s  %3d nodes  p95 %s ms%n", l.get("serial").asLong(), l.get("committedAt").asText(),
                    l.get("nodes").asInt(), l.get("p95Millis").isNull() ? "-" : l.get("p95Millis").asText());
            if (serial != null) {
                for (JsonNode n : l.get("applied")) {
                    out.printf("  %-20s  %-24s  %8d ms%s%n", n.get("node").asText(), n.get("appliedAt").asText(),
                            n.get("latencyMillis").asLong(), n.get("digestMatches").asBoolean() ? "" : "  DIGEST OR OFFSET DIFFERS");
                }
            }
        }
        return 0;
    }
}
