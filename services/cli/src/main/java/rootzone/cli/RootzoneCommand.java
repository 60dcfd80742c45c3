package rootzone.cli;

import picocli.CommandLine.Command;
import rootzone.cli.up.UpCommand;
import rootzone.cli.zone.ZoneCommand;

@Command(name = "rootzone", mixinStandardHelpOptions = true, version = "rootzone 1.0.0-SNAPSHOT",
        description = "Publish, serve and audit the DNS root zone as an immutable event log.",
        subcommands = {ZoneCommand.class, UpCommand.class})
public final class RootzoneCommand {}
