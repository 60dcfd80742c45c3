package rootzone.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "rejections", mixinStandardHelpOptions = true, description = "Refused versions: by whom, why, when.")
public final class HistoryRejectionsCommand implements Callable<Integer> {

    @ParentCommand HistoryCommand history;
    @Spec CommandSpec spec;
    @Option(names = "--serial", description = "Only rejections of this serial.") Long serial;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (JsonNode r : history.client().getJson("/history/rejections" + (serial != null ? "?serial=" + serial : ""))) {
            out.printf("%-24s  %-9s %-20s  serial %-10s  %s: %s  (requested by %s via %s)%n", r.get("at").asText(),
                    r.get("role").asText(), r.get("by").asText(), r.get("serial").isNull() ? "-" : r.get("serial").asText(),
                    r.get("reason").asText(), r.get("detail").asText(), r.get("requestedBy").asText(), r.get("source").asText());
        }
        out.flush();
        return 0;
    }
}
