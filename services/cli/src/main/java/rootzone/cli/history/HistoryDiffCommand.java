package rootzone.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import rootzone.cli.http.ServiceClient;
import rootzone.cli.zone.ZoneDiffCommand;
import rootzone.zone.ZoneDiff;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "RR-level difference between two serials, as `rootzone zone diff` prints it. Exit 0 when identical, 1 when not.")
public final class HistoryDiffCommand extends HistorySubcommand {

    @Parameters(index = "0", paramLabel = "S1") long from;
    @Parameters(index = "1", paramLabel = "S2") long to;

    @Option(names = "--no-signatures", description = "Hide signature-only changes: RRSIG, NSEC, NSEC3, ZONEMD, SOA serial.")
    boolean noSignatures;

    @Override
    int run(ServiceClient auditor, PrintWriter out) throws Exception {
        JsonNode d = auditor.getJson("/history/diff?from=" + from + "&to=" + to + "&signatures=" + !noSignatures
                + "&" + zoneQuery());
        return ZoneDiffCommand.print(new ZoneDiff(from, to, Records.parse(d.get("removed")), Records.parse(d.get("added"))), out);
    }
}
