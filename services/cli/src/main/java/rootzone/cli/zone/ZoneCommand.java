package rootzone.cli.zone;

import picocli.CommandLine.Command;

@Command(name = "zone", mixinStandardHelpOptions = true,
        description = "Offline commands on zone files: check, digest, diff.",
        subcommands = {ZoneCheckCommand.class, ZoneDigestCommand.class, ZoneDiffCommand.class})
public final class ZoneCommand {}
