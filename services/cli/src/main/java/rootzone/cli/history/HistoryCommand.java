package rootzone.cli.history;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import rootzone.cli.http.AuditorOption;
import rootzone.cli.http.ServiceClient;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Questions over the whole published history, answered by the auditor's HTTP API.",
        subcommands = {HistoryVersionsCommand.class, HistoryShowCommand.class, HistoryAtCommand.class,
                HistoryDiffCommand.class, HistoryNameCommand.class, HistoryDelegationsCommand.class,
                HistoryLatencyCommand.class, HistoryRejectionsCommand.class, HistoryVerifyCommand.class,
                HistoryImportCommand.class})
public final class HistoryCommand {

    @Mixin AuditorOption auditor;

    @Option(names = "--zone", defaultValue = ".", description = "Zone (default: the root).")
    String zone;

    ServiceClient client() {
        return auditor.client();
    }

    String zoneQuery() {
        return "zone=" + ServiceClient.q(zone);
    }
}
