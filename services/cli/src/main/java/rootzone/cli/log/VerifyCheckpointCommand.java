package rootzone.cli.log;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify-checkpoint", mixinStandardHelpOptions = true,
        description = {"Check the log's latest checkpoint (from the auditor, or --checkpoint FILE): the log's signature and the "
                + "policy's quorum of witness cosignatures, then its consistency with the last checkpoint this client accepted "
                + "(a consistency proof from the auditor, verified here). A checkpoint that holds becomes the last one seen.",
                "Exit 0: trusted; 1: refused (bad signature, quorum not met, fork, rollback, inconsistent); 2: could not check."})
public final class VerifyCheckpointCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin AuditorLog log;
    @Mixin PolicyOption policy;
    @Mixin SeenCheckpoints seen;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "A checkpoint note to check instead of the auditor's latest.")
    Path checkpoint;

    @Override
    public Integer call() throws Exception {
        String note = checkpoint != null ? Files.readString(checkpoint, StandardCharsets.UTF_8) : log.checkpoint();
        return Trust.report(spec, CheckpointCheck.check(note, policy.policy(), seen, log::consistency), seen) != null ? 0 : 1;
    }
}
