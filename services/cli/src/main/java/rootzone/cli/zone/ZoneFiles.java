package rootzone.cli.zone;

import java.nio.file.Path;
import org.xbill.DNS.Name;
import picocli.CommandLine;
import rootzone.zone.Zone;
import rootzone.zone.ZoneException;
import rootzone.zone.ZoneParser;

/** Loading a zone file for a command: a parse error becomes a clean one-line failure, exit 1. */
public final class ZoneFiles {

    public static Zone load(CommandLine.Model.CommandSpec spec, Path file, Name origin) {
        try {
            return ZoneParser.parse(file, origin);
        } catch (ZoneException e) {
            throw new CommandLine.ExecutionException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private ZoneFiles() {}
}
