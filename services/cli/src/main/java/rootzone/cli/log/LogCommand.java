package rootzone.cli.log;

import picocli.CommandLine.Command;

@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Check the zone's transparency log (docs/transparency-log.md): checkpoints and their cosignatures, "
                + "a zone file's inclusion, tlog-proof bundles offline.",
        subcommands = {VerifyCheckpointCommand.class, ProveZoneCommand.class, VerifyBundleCommand.class})
public final class LogCommand {}
