package rootzone.cli.coordination;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import rootzone.cli.http.CoordinationOption;
import rootzone.cli.http.ServiceClient;

/** What the commands that only read the coordination service share: --coordination, the output, exit 0. */
abstract class CoordinationQuery implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin CoordinationOption coordination;

    /** Asks the service and prints its answer to out. */
    abstract void run(ServiceClient coordination, PrintWriter out);

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            run(coordination.client(), out);
        } finally {
            out.flush();
        }
        return 0;
    }
}
