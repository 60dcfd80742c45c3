package rootzone.zone;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the Debian DNS tools tests compare against; a test skips, saying why, when one is missing. */
final class ExternalTools {

    static void assumeInstalled(String tool) {
        assumeTrue(onPath(tool), tool + " is not installed (Debian ldnsutils / bind9-utils); skipping");
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command in a directory; fails with its output when it does not exit 0 within 2 minutes. */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": timed out");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + text);
        }
        return text;
    }

    /**
     * Signs a zone file with ldns-signzone using a fresh ECDSA P-256 KSK and ZSK (extraArgs e.g.
     * "-z", "1:1"), valid from inception to expiration (YYYYMMDDhhmmss). Returns the signed file; the
     * KSK's DS is written next to it as anchor.ds.
     */
    static Path ldnsSign(Path zoneFile, String origin, String inception, String expiration, String... extraArgs)
            throws IOException, InterruptedException {
        assumeInstalled("ldns-signzone");
        assumeInstalled("ldns-keygen");
        Path dir = zoneFile.getParent();
        String ksk = run(dir, "ldns-keygen", "-a", "ECDSAP256SHA256", "-k", origin).trim();
        String zsk = run(dir, "ldns-keygen", "-a", "ECDSAP256SHA256", origin).trim();
        Files.copy(dir.resolve(ksk + ".ds"), dir.resolve("anchor.ds"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path signed = dir.resolve(zoneFile.getFileName() + ".signed");
        List<String> cmd = new ArrayList<>(List.of("ldns-signzone", "-o", origin, "-i", inception, "-e", expiration,
                "-f", signed.toString()));
        cmd.addAll(List.of(extraArgs));
        cmd.addAll(List.of(zoneFile.toString(), ksk, zsk));
        run(dir, cmd.toArray(String[]::new));
        return signed;
    }

    private ExternalTools() {}
}
