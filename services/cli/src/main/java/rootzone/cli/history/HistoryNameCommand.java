package rootzone.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import rootzone.cli.http.ServiceClient;

@Command(name = "name", mixinStandardHelpOptions = true,
        description = "Every serial in which anything at or below a name changed, and what.")
public final class HistoryNameCommand extends HistorySubcommand {

    @Parameters(paramLabel = "NAME") String name;

    @Override
    int run(ServiceClient auditor, PrintWriter out) {
        JsonNode h = auditor.getJson("/history/names/" + ServiceClient.q(name) + "?" + zoneQuery());
        for (JsonNode c : h.get("changes")) {
            out.println("serial " + c.get("serial").asLong() + "  " + c.get("effectiveAt").asText());
            c.get("removed").forEach(r -> out.println("-" + r.asText()));
            c.get("added").forEach(a -> out.println("+" + a.asText()));
        }
        return 0;
    }
}
