package rootzone.cli.log;

import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** What the log commands conclude, as they print it: a checkpoint trusted (and remembered as the last one seen) or refused, a zone not proven. */
final class Trust {

    /** @return the trusted outcome, or null when the checkpoint was refused (the reason printed on stderr) */
    static CheckpointCheck.Outcome.Trusted report(CommandSpec spec, CheckpointCheck.Outcome outcome, SeenCheckpoints seen)
            throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (outcome instanceof CheckpointCheck.Outcome.Refused refused) {
            spec.commandLine().getErr().println("refused: " + refused.reason());
            spec.commandLine().getErr().flush();
            return null;
        }
        CheckpointCheck.Outcome.Trusted t = (CheckpointCheck.Outcome.Trusted) outcome;
        out.println("checkpoint " + t.checkpoint().origin() + ": size " + t.checkpoint().size() + ", root "
                + CheckpointCheck.b64(t.checkpoint().root()));
        out.println("signed by the log; " + CheckpointCheck.witnesses(t.witnesses()));
        if (t.previousSize().isEmpty()) {
            out.println("first checkpoint seen of this log");
        } else if (t.previousSize().getAsLong() == t.checkpoint().size()) {
            out.println("same tree as the last checkpoint seen");
        } else {
            out.println("consistent with the last checkpoint seen (size " + t.previousSize().getAsLong() + ")");
        }
        out.println("last seen checkpoint: " + seen.save(t.checkpoint().origin(), t.note()));
        out.flush();
        return t;
    }

    /** Says why on stderr; returns exit code 1. */
    static int notProven(CommandSpec spec, String reason) {
        spec.commandLine().getErr().println("not proven: " + reason);
        spec.commandLine().getErr().flush();
        return 1;
    }

    private Trust() {}
}
