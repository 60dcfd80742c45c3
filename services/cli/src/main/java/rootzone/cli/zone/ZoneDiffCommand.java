package rootzone.cli.zone;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rootzone.zone.Zone;
import rootzone.zone.ZoneDiff;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Print the RR-level difference between two versions of a zone: '-' removed, '+' added, "
                + "in DNSSEC canonical order. Exit 0 when identical, 1 when they differ.")
public final class ZoneDiffCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD") Path oldFile;
    @Parameters(index = "1", paramLabel = "NEW") Path newFile;

    @Mixin OriginOption origin;

    @Override
    public Integer call() throws Exception {
        Zone a = ZoneFiles.load(spec, oldFile, origin.name());
        Zone b = ZoneFiles.load(spec, newFile, origin.name());
        return print(ZoneDiff.between(a, b), spec.commandLine().getOut());
    }

    /**
     * {@link ZoneDiff#lines()}, one a line;
     * returns the exit code of both diff commands (this one and `history diff`): 0 identical, 1 different.
     */
    public static int print(ZoneDiff diff, PrintWriter out) {
        diff.lines().forEach(out::println);
        out.flush();
        return diff.isEmpty() ? 0 : 1;
    }
}
