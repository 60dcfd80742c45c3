package rootzone.cli.publish;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rootzone.cli.http.ServiceClient;
import rootzone.coordination.model.sign.PublicationId;

/** What the log says of a publication, by the id {@code rootzone publish} printed. */
@Command(name = "publication", mixinStandardHelpOptions = true,
        description = "What the log says of a publication (the id rootzone publish prints: <zone><serial>-<content digest>). "
                + "Exit 0 committed, 2 aborted (nothing committed: send it again), 3 not known yet.")
public final class PublicationCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The publication id, e.g. .2023110400-<64 hex digits>.")
    String id;

    @Option(names = "--publisher", defaultValue = "http://127.0.0.1:8081",
            description = "Publisher base URL (default: ${DEFAULT-VALUE}).")
    URI publisher;

    @Option(names = "--wait", arity = "0..1", fallbackValue = "PT5M", paramLabel = "DURATION",
            description = "Ask again every 2 s until the answer is COMMITTED or ABORTED, at most this long (ISO-8601, default PT5M).")
    Duration wait;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            PublicationId parsed;
            try {
                parsed = PublicationId.parse(id);
            } catch (IllegalArgumentException e) {
                err.println("rootzone publication: " + e.getMessage());
                return 2;
            }
            return PublicationQuery.ask(new ServiceClient("publisher", publisher.toString(), Duration.ofSeconds(30)), parsed,
                    wait == null ? Duration.ZERO : wait, out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
