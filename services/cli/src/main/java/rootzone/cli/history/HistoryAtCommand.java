package rootzone.cli.history;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import rootzone.cli.http.ServiceClient;

@Command(name = "at", mixinStandardHelpOptions = true,
        description = "Print the zone as it was at a time (2024-05-01T12:00:00Z or 2024-05-01), as a zone file.")
public final class HistoryAtCommand implements Callable<Integer> {

    @ParentCommand HistoryCommand history;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "TIME") String time;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(history.client().getText("/history/zone?at=" + ServiceClient.q(time) + "&" + history.zoneQuery()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
