package rootzone.cli;

import picocli.CommandLine.Command;
import rootzone.cli.coordination.ComplianceCommand;
import rootzone.cli.coordination.NoticeCommand;
import rootzone.cli.coordination.OperatorCommand;
import rootzone.cli.history.HistoryCommand;
import rootzone.cli.log.LogCommand;
import rootzone.cli.publish.PublicationCommand;
import rootzone.cli.publish.PublishCommand;
import rootzone.cli.up.UpCommand;
import rootzone.cli.zone.ZoneCommand;

@Command(name = "rootzone", mixinStandardHelpOptions = true, version = "rootzone 1.0.0-SNAPSHOT",
        description = "Publish, serve and audit the DNS root zone as an immutable event log.",
        subcommands = {ZoneCommand.class, UpCommand.class, PublishCommand.class, PublicationCommand.class, HistoryCommand.class,
                NoticeCommand.class, OperatorCommand.class, ComplianceCommand.class, LogCommand.class})
public final class RootzoneCommand {}
