package rootzone.cli.publish;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rootzone.cli.http.ServiceClient;

/**
 * Sends a zone file to the publisher's HTTP API and prints its answer. Exit 0 when the version was
 * published or was already published, 1 when the publisher refused it, 2 when the request itself
 * failed (publisher unreachable, bad request).
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish a zone version (RFC 1035 master file, optionally gzip) through the publisher. "
                + "Exit 0 published or already published, 1 refused, 2 request failed.")
public final class PublishCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The zone file.")
    Path file;

    @Option(names = "--zone", defaultValue = ".", description = "Zone origin (default: ${DEFAULT-VALUE}).")
    String zone;

    @Option(names = "--publisher", defaultValue = "http://127.0.0.1:8081",
            description = "Publisher base URL (default: ${DEFAULT-VALUE}).")
    URI publisher;

    @Option(names = "--override-blast-radius", paramLabel = "REASON",
            description = "Publish even if the version removes or changes more delegations than the policy allows; "
                    + "the reason is recorded in the event.")
    String overrideReason;

    @Option(names = "--requested-by", description = "Who asks, recorded in the event (default: the user name).")
    String requestedBy;

    @Option(names = "--timeout", defaultValue = "PT120S", description = "HTTP timeout (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("rootzone publish: " + file + ": no such file");
            return 2;
        }
        if (overrideReason != null && overrideReason.isBlank()) {
            err.println("rootzone publish: --override-blast-radius needs a reason");
            return 2;
        }
        ServiceClient publisherApi = new ServiceClient("publisher", publisher.toString(), timeout);
        HttpRequest.Builder request = publisherApi.request("/versions?zone=" + ServiceClient.q(zone))
                .header("Content-Type", "application/octet-stream")
                .header("X-Requested-By", requestedBy != null ? requestedBy : "cli:" + System.getProperty("user.name"))
                .POST(HttpRequest.BodyPublishers.ofFile(file));
        if (overrideReason != null) {
            request.header("X-Blast-Radius-Override", overrideReason);
        }
        HttpResponse<String> response;
        try {
            response = publisherApi.exchange(request);
        } catch (IllegalStateException unreachable) {
            err.println("rootzone publish: " + unreachable.getMessage());
            return 2;
        }
        int status = response.statusCode();
        (status < 300 ? out : err).println(response.body());
        out.flush();
        err.flush();
        if (status < 300) {
            return 0;
        }
        // 422: the version was refused by a gate (and a rejection event was written).
        return status == 422 ? 1 : 2;
    }
}
