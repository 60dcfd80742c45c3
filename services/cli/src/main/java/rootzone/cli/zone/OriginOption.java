package rootzone.cli.zone;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import picocli.CommandLine.Option;

/** --origin, for the commands that read zone files. */
public final class OriginOption {

    @Option(names = "--origin", description = "Zone origin when a file has no $ORIGIN (default: the SOA owner).")
    String origin;

    /** The origin given, absolute; null when none was (the parser then takes the SOA owner). */
    public Name name() throws TextParseException {
        return origin == null ? null : Name.fromString(origin, Name.root);
    }
}
