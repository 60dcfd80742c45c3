package rootzone.cli.history;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import rootzone.cli.http.ServiceClient;

/** What every history subcommand has: the parent's --auditor and --zone, and the output it prints to. */
abstract class HistorySubcommand implements Callable<Integer> {

    @ParentCommand HistoryCommand history;
    @Spec CommandSpec spec;

    /** Asks the auditor, prints the answer to out and returns the exit code. */
    abstract int run(ServiceClient auditor, PrintWriter out) throws Exception;

    @Override
    public final Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try {
            return run(history.client(), out);
        } finally {
            out.flush();
        }
    }

    /** "zone=..." for the query string. */
    String zoneQuery() {
        return history.zoneQuery();
    }
}
