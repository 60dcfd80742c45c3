package rootzone.cli.zone;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rootzone.zone.ZoneCheck;
import rootzone.zone.ZoneProblem;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Parse a zone file and check its structure, ZONEMD and DNSSEC signatures. "
                + "Prints one line per problem; exit 0 only if all pass.")
public final class ZoneCheckCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE") Path file;

    @Option(names = "--trust-anchor", paramLabel = "F", description = "DS or DNSKEY records of the zone's trust anchor.")
    Path trustAnchor;

    @Option(names = "--at", paramLabel = "TIME",
            description = "Check signature validity at this time (ISO-8601, e.g. 2024-01-15T00:00:00Z); default now.")
    Instant at;

    @Mixin OriginOption origin;

    @Override
    public Integer call() throws Exception {
        List<ZoneProblem> problems = ZoneCheck.check(file, origin.name(), trustAnchor, at);
        PrintWriter out = spec.commandLine().getOut();
        for (ZoneProblem p : problems) {
            out.println(file + ":" + p);
        }
        if (problems.isEmpty()) {
            out.println(file + ": ok");
        }
        out.flush();
        return problems.isEmpty() ? 0 : 1;
    }
}
