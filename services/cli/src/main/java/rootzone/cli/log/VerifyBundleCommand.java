package rootzone.cli.log;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import rootzone.cli.zone.OriginOption;
import rootzone.cli.zone.ZoneFiles;
import rootzone.tlog.note.ProofBundle;

@Command(name = "verify-bundle", mixinStandardHelpOptions = true,
        description = {"Verify a c2sp.org/tlog-proof@v1 bundle offline (no network): the entry it carries is the zone file's "
                + "(zone, serial, zonemd-sha384, content-sha256), it proves into the bundled checkpoint, and that checkpoint is "
                + "signed by the log (--log-key) or meets a witness policy (--policy).",
                "Exit 0: proven; 1: not proven; 2: could not check."})
public final class VerifyBundleCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE", description = "The .tlog-proof file (the auditor's /log/<name>/bundle?serial=N).") Path bundleFile;

    @Option(names = "--zone", paramLabel = "FILE", required = true, description = "The zone file the bundle is about.")
    Path zoneFile;

    @Mixin OriginOption origin;
    @Mixin PolicyOption policy;

    @Override
    public Integer call() throws Exception {
        ProofBundle bundle;
        try {
            bundle = ProofBundle.parse(Files.readString(bundleFile, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Trust.notProven(spec, bundleFile + " is not a tlog-proof bundle: " + e.getMessage());
        }
        if (bundle.extra().isEmpty()) {
            return Trust.notProven(spec, "the bundle carries no entry (no extra line): rootzone bundles put the entry there");
        }
        byte[] entry = bundle.extra().get();
        ZoneLeaf leaf = ZoneLeaf.of(ZoneFiles.load(spec, zoneFile, origin.name()));
        Optional<String> mismatch = leaf.mismatch(entry);
        if (mismatch.isPresent()) {
            return Trust.notProven(spec, mismatch.get());
        }
        ProofBundle.Result result = bundle.verify(entry, policy.policy());
        if (result instanceof ProofBundle.Result.NotProven n) {
            return Trust.notProven(spec, n.reason());
        }
        ProofBundle.Result.Proven p = (ProofBundle.Result.Proven) result;
        PrintWriter out = spec.commandLine().getOut();
        out.println("proven: zone " + leaf.zone() + " serial " + leaf.serial() + " is entry " + p.index() + " of "
                + p.checkpoint().origin() + " (tree size " + p.checkpoint().size() + ")");
        out.println("signed by the log; " + CheckpointCheck.witnesses(p.witnesses()));
        out.println("zonemd-sha384 " + ZoneLeaf.hex(leaf.zonemdSha384()));
        out.flush();
        return 0;
    }
}
