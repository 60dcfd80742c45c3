package rootzone.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rootzone.cli.http.ServiceClient;

@Command(name = "delegations", mixinStandardHelpOptions = true,
        description = "Delegations (TLDs) over time: the count per version, and each one added or removed with its serial.")
public final class HistoryDelegationsCommand extends HistorySubcommand {

    @Option(names = "--from", description = "From this time (inclusive).") String from;
    @Option(names = "--to", description = "Until this time (exclusive).") String to;
    @Option(names = "--all", description = "Also list versions without delegation changes.") boolean all;

    @Override
    int run(ServiceClient auditor, PrintWriter out) {
        StringBuilder query = new StringBuilder("/history/delegations?").append(zoneQuery());
        if (from != null) {
            query.append("&from=").append(ServiceClient.q(from));
        }
        if (to != null) {
            query.append("&to=").append(ServiceClient.q(to));
        }
        JsonNode d = auditor.getJson(query.toString());
        for (JsonNode v : d.get("history")) {
            boolean changed = v.get("added").size() + v.get("removed").size() > 0;
            if (changed || all || v.get("baseline").asBoolean()) {
                out.printf("%-10d  %-24s  %5d%s%n", v.get("serial").asLong(), v.get("effectiveAt").asText(), v.get("count").asInt(),
                        v.get("baseline").asBoolean() ? "  (first version)" : "");
                v.get("added").forEach(a -> out.println("  + " + a.asText()));
                v.get("removed").forEach(r -> out.println("  - " + r.asText()));
            }
        }
        out.printf("%d versions, %d delegations added, %d removed%n", d.get("versions").asInt(), d.get("added").asInt(),
                d.get("removed").asInt());
        return 0;
    }
}
