package rootzone.cli.history;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import rootzone.cli.http.ServiceClient;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print the zone as of a serial, as a zone file (canonical order, as `rootzone zone` writes it).")
public final class HistoryShowCommand extends HistorySubcommand {

    @Parameters(paramLabel = "SERIAL") long serial;

    @Override
    int run(ServiceClient auditor, PrintWriter out) {
        out.print(auditor.getText("/history/zone/" + serial + "?" + zoneQuery()));
        return 0;
    }
}
