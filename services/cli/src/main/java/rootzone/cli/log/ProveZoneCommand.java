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
import rootzone.tlog.merkle.Hashes;
import rootzone.tlog.merkle.MerkleProofs;
import rootzone.tlog.note.ProofBundle;
import rootzone.zone.Zone;

@Command(name = "prove-zone", mixinStandardHelpOptions = true,
        description = {"Prove that a zone file is the version published under its serial: verify the log's latest checkpoint "
                + "as verify-checkpoint does, compute the file's zonemd-sha384 and content-sha256, fetch the serial's inclusion "
                + "proof and its entry from the auditor, and check that the entry is this file's and proves into the checkpoint.",
                "Exit 0: proven; 1: refused or not proven; 2: could not check."})
public final class ProveZoneCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The zone file.") Path file;

    @Mixin OriginOption origin;
    @Mixin AuditorLog log;
    @Mixin PolicyOption policy;
    @Mixin SeenCheckpoints seen;

    @Option(names = "--bundle-out", paramLabel = "FILE",
            description = "Also write the proof as a c2sp.org/tlog-proof@v1 bundle, for verify-bundle offline.")
    Path bundleOut;

    @Override
    public Integer call() throws Exception {
        Zone zone = ZoneFiles.load(spec, file, origin.name());
        ZoneLeaf leaf = ZoneLeaf.of(zone);
        log.forZone(leaf.zone());
        CheckpointCheck.Outcome.Trusted t = Trust.report(spec,
                CheckpointCheck.check(log.checkpoint(), policy.policy(), seen, log::consistency), seen);
        if (t == null) {
            return 1;
        }
        long size = t.checkpoint().size();
        AuditorLog.Inclusion inclusion = log.inclusion(leaf.serial(), size);
        if (inclusion.treeSize() != size || inclusion.index() < 0 || inclusion.index() >= size) {
            return Trust.notProven(spec, "the auditor's inclusion proof is for index " + inclusion.index() + " of a tree of size "
                    + inclusion.treeSize() + ", not within the checkpoint's size " + size);
        }
        byte[] entry = log.entry(inclusion.index(), size);
        Optional<String> mismatch = leaf.mismatch(entry);
        if (mismatch.isPresent()) {
            return Trust.notProven(spec, mismatch.get());
        }
        if (!MerkleProofs.verifyInclusion(inclusion.index(), size, Hashes.leaf(entry), inclusion.hashes(), t.checkpoint().root())) {
            return Trust.notProven(spec, "entry " + inclusion.index() + " does not prove into the checkpoint's root (inclusion proof fails)");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("proven: zone " + leaf.zone() + " serial " + leaf.serial() + " is entry " + inclusion.index() + " of "
                + t.checkpoint().origin() + " (tree size " + size + ")");
        out.println("zonemd-sha384 " + ZoneLeaf.hex(leaf.zonemdSha384()));
        if (bundleOut != null) {
            Files.writeString(bundleOut, new ProofBundle(Optional.of(entry), inclusion.index(), inclusion.hashes(), t.note()).text(),
                    StandardCharsets.UTF_8);
            out.println("bundle: " + bundleOut);
        }
        out.flush();
        return 0;
    }
}
