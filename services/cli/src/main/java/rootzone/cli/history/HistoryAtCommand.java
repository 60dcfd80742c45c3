package rootzone.cli.history;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import rootzone.cli.http.ServiceClient;

@Command(name = "at", mixinStandardHelpOptions = true,
        description = "Print the zone as it was at a time (2024-05-01T12:00:00Z or 2024-05-01), as a zone file.")
public final class HistoryAtCommand extends HistorySubcommand {

    @Parameters(paramLabel = "TIME") String time;

    @Override
    int run(ServiceClient auditor, PrintWriter out) {
        out.print(auditor.getText("/history/zone?at=" + ServiceClient.q(time) + "&" + zoneQuery()));
        return 0;
    }
}
