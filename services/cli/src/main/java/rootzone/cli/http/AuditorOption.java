package rootzone.cli.http;

import java.time.Duration;
import picocli.CommandLine.Option;

/** --auditor, for every command that asks the auditor's HTTP API. */
public final class AuditorOption {

    @Option(names = "--auditor", defaultValue = "http://127.0.0.1:8083", description = "Auditor base URL (default: ${DEFAULT-VALUE}).")
    String url;

    /** Rebuilding or diffing a long history can take minutes. */
    public ServiceClient client() {
        return new ServiceClient("auditor", url, Duration.ofMinutes(5));
    }
}
