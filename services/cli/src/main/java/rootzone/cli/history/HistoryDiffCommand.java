package rootzone.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import rootzone.cli.zone.ZoneDiffCommand;
import rootzone.zone.ZoneDiff;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "RR-level difference between two serials, as `rootzone zone diff` prints it. Exit 0 when identical, 1 when not.")
public final class HistoryDiffCommand implements Callable<Integer> {

    @ParentCommand HistoryCommand history;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "S1") long from;
    @Parameters(index = "1", paramLabel = "S2") long to;

    @Option(names = "--no-signatures", description = "Hide signature-only changes: RRSIG, NSEC, NSEC3, ZONEMD, SOA serial.")
    boolean noSignatures;

    @Override
    public Integer call() throws Exception {
        JsonNode d = history.client().getJson("/history/diff?from=" + from + "&to=" + to + "&signatures=" + !noSignatures
                + "&" + history.zoneQuery());
        ZoneDiff diff = new ZoneDiff(from, to, Records.parse(d.get("removed")), Records.parse(d.get("added")));
        ZoneDiffCommand.print(diff, spec.commandLine().getOut());
        return diff.isEmpty() ? 0 : 1;
    }
}
