package rootzone.cli.history;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print the zone as of a serial, as a zone file (canonical order, as `rootzone zone` writes it).")
public final class HistoryShowCommand implements Callable<Integer> {

    @ParentCommand HistoryCommand history;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "SERIAL") long serial;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(history.client().getText("/history/zone/" + serial + "?" + history.zoneQuery()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
