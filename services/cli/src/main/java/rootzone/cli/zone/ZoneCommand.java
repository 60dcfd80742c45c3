package rootzone.cli.zone;

import picocli.CommandLine.Command;

@Command(name = "zone", mixinStandardHelpOptions = true,
        description = "Offline commands on zone files: check, digest, diff.",
        subcommands = {ZoneDiffCommand.class})
public final class ZoneCommand {}
