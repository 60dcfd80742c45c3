package rootzone.cli.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import rootzone.tlog.note.WitnessPolicy;

/** What a checkpoint must carry to be believed: a C2SP tlog-policy file, or only the log's key (no witness needed). */
public final class PolicyOption {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    static final class Choice {
        @Option(names = "--policy", paramLabel = "FILE",
                description = "Witness policy (C2SP tlog-policy: log, witness, group, quorum lines).")
        Path policy;

        @Option(names = "--log-key", paramLabel = "FILE",
                description = "The log's verifier key (e.g. <data>/keys/log-root.vkey): the log's signature alone, no quorum of witnesses.")
        Path logKey;
    }

    /** @throws IllegalArgumentException naming the file when it is not a policy or a verifier key */
    WitnessPolicy policy() throws IOException {
        if (choice.policy != null) {
            return parse(choice.policy, Files.readString(choice.policy, StandardCharsets.UTF_8));
        }
        String vkey = Files.readString(choice.logKey, StandardCharsets.UTF_8).strip();
        return parse(choice.logKey, "log " + vkey + "\nquorum none\n");
    }

    private static WitnessPolicy parse(Path file, String text) {
        try {
            return WitnessPolicy.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
