package rootzone.cli.history;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Questions over the whole published history, answered by the auditor's HTTP API.",
        subcommands = {HistoryVersionsCommand.class, HistoryShowCommand.class, HistoryAtCommand.class,
                HistoryDiffCommand.class, HistoryNameCommand.class, HistoryDelegationsCommand.class,
                HistoryLatencyCommand.class, HistoryRejectionsCommand.class, HistoryVerifyCommand.class,
                HistoryImportCommand.class})
public final class HistoryCommand {

    @Option(names = "--auditor", defaultValue = "http://127.0.0.1:8083", description = "Auditor base URL (default: ${DEFAULT-VALUE}).")
    String auditor;

    @Option(names = "--zone", defaultValue = ".", description = "Zone (default: the root).")
    String zone;

    AuditorClient client() {
        return new AuditorClient(auditor);
    }

    String zoneQuery() {
        return "zone=" + AuditorClient.q(zone);
    }
}
