package rootzone.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import rootzone.cli.http.ServiceClient;

@Command(name = "rejections", mixinStandardHelpOptions = true, description = "Refused versions: by whom, why, when.")
public final class HistoryRejectionsCommand extends HistorySubcommand {

    @Option(names = "--serial", description = "Only rejections of this serial.") Long serial;

    @Override
    int run(ServiceClient auditor, PrintWriter out) {
        for (JsonNode r : auditor.getJson("/history/rejections" + (serial != null ? "?serial=" + serial : ""))) {
            out.printf("%-24s  %-9s %-20s  serial %-10s  %s: %s  (requested by %s via %s)%n", r.get("at").asText(),
                    r.get("role").asText(), r.get("by").asText(), r.get("serial").isNull() ? "-" : r.get("serial").asText(),
                    r.get("reason").asText(), r.get("detail").asText(), r.get("requestedBy").asText(), r.get("source").asText());
        }
        return 0;
    }
}
