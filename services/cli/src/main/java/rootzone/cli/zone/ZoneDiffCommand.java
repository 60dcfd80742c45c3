package rootzone.cli.zone;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.xbill.DNS.Record;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rootzone.zone.CanonicalOrder;
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
     * Removed and added records merged in canonical order, a removal before the addition replacing it;
     * returns the exit code of both diff commands (this one and `history diff`): 0 identical, 1 different.
     */
    public static int print(ZoneDiff diff, PrintWriter out) {
        List<Record> removed = diff.removed();
        List<Record> added = diff.added();
        int i = 0;
        int j = 0;
        while (i < removed.size() || j < added.size()) {
            boolean takeRemoved = j >= added.size()
                    || (i < removed.size() && CanonicalOrder.compare(removed.get(i), added.get(j)) <= 0);
            if (takeRemoved) {
                out.println("-" + removed.get(i++));
            } else {
                out.println("+" + added.get(j++));
            }
        }
        out.flush();
        return diff.isEmpty() ? 0 : 1;
    }
}
