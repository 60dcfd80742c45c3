package rootzone.cli.http;

import java.time.Duration;
import picocli.CommandLine.Option;

/** --coordination, for every command that talks to the coordination service (operator directory, notices). */
public final class CoordinationOption {

    @Option(names = "--coordination", defaultValue = "http://127.0.0.1:8084",
            description = "Coordination service base URL (default: ${DEFAULT-VALUE}).")
    String url;

    public ServiceClient client() {
        return new ServiceClient("coordination service", url, Duration.ofSeconds(60));
    }
}
