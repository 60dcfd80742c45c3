package rootzone.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import rootzone.cli.http.ServiceClient;

@Command(name = "name", mixinStandardHelpOptions = true,
        description = "Every serial in which anything at or below a name changed, and what.")
public final class HistoryNameCommand implements Callable<Integer> {

    @ParentCommand HistoryCommand history;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME") String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode h = history.client().getJson("/history/names/" + ServiceClient.q(name) + "?" + history.zoneQuery());
        for (JsonNode c : h.get("changes")) {
            out.println("serial " + c.get("serial").asLong() + "  " + c.get("effectiveAt").asText());
            c.get("removed").forEach(r -> out.println("-" + r.asText()));
            c.get("added").forEach(a -> out.println("+" + a.asText()));
        }
        out.flush();
        return 0;
    }
}
