package rootzone.cli.zone;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.xbill.DNS.Type;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rootzone.zone.RRset;
import rootzone.zone.Zone;
import rootzone.zone.Zonemd;

@Command(name = "digest", mixinStandardHelpOptions = true,
        description = "Print the ZONEMD record (RFC 8976, SIMPLE scheme) the zone file should carry.")
public final class ZoneDigestCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE") Path file;

    @Option(names = "--hash", defaultValue = "SHA384", description = "SHA384 (default) or SHA512.")
    String hash;

    @Mixin OriginOption origin;

    @Override
    public Integer call() throws Exception {
        int algorithm = switch (hash.toUpperCase()) {
            case "SHA384", "1" -> Zonemd.SHA384;
            case "SHA512", "2" -> Zonemd.SHA512;
            default -> throw new IllegalArgumentException("unknown ZONEMD hash " + hash + ": use SHA384 or SHA512");
        };
        Zone zone = ZoneFiles.load(spec, file, origin.name());
        // The apex ZONEMD keeps the TTL the zone gives it; a zone without one takes the SOA's.
        RRset existing = zone.rrset(zone.origin(), Type.ZONEMD);
        long ttl = existing != null ? existing.ttl() : zone.soa().getTTL();
        spec.commandLine().getOut().println(Zonemd.record(zone, algorithm, ttl));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
