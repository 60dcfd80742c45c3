package rootzone.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "versions", mixinStandardHelpOptions = true,
        description = "Every version: serial, published at, publisher, records, delta size, digest, rejections.")
public final class HistoryVersionsCommand implements Callable<Integer> {

    @ParentCommand HistoryCommand history;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-10s  %-24s  %-20s  %7s  %6s  %-16s  %4s%n", "serial", "published at", "publisher", "records", "delta",
                "digest", "rej");
        for (JsonNode v : history.client().getJson("/history/versions?" + history.zoneQuery())) {
            out.printf("%-10d  %-24s  %-20s  %7d  %6d  %-16s  %4d%s%n", v.get("serial").asLong(), v.get("publishedAt").asText(),
                    v.get("publisher").asText(), v.get("recordCount").asLong(), v.get("deltaSize").asLong(),
                    v.get("contentDigest").asText().substring(0, 16), v.get("rejections").asLong(),
                    v.get("imported").asBoolean() ? "  imported, captured " + v.get("capturedAt").asText() : "");
        }
        out.flush();
        return 0;
    }
}
