package rootzone.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Debian tools tests compare against (dig, kdig, nsd, knotd, ldns-*, named-checkzone, git):
 * a test skips, saying why, when one is missing (.ci/run installs them all).
 */
public final class ExternalTools {

    /** Where Debian puts daemons (nsd, knotd), searched after PATH: a user's PATH often lacks them. */
    private static final String SBIN = "/usr/sbin:/sbin:/usr/local/sbin";

    /** The absolute path of an executable on PATH or in the sbin directories, or null when there is none. */
    public static String find(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + File.pathSeparator + SBIN;
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool).toAbsolutePath().toString();
            }
        }
        return null;
    }

    public static boolean installed(String tool) {
        return find(tool) != null;
    }

    /** Skips the calling test, with the reason, when the tool is not installed. */
    public static void assumeInstalled(String tool) {
        assumeTrue(installed(tool), tool + " is not installed: test skipped (apt-get install the Debian package providing it; .ci/run does)");
    }

    /** The tool's absolute path when it is installed (also in sbin), else its bare name. */
    public static String toolPath(String tool) {
        String found = find(tool);
        return found != null ? found : tool;
    }

    /** Runs a command in a directory; fails with its output when it does not exit 0 within 2 minutes. */
    public static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir == null ? null : dir.toFile()).redirectErrorStream(true).start();
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

    /** {@link #run(Path, String...)} in the working directory. */
    public static String run(String... command) throws IOException, InterruptedException {
        return run((Path) null, command);
    }

    /** A port free on loopback for both UDP and TCP at the time of the call. */
    public static int freePort() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(0, loopback)) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, loopback)) {
                    return port;
                } catch (IOException taken) {
                    // TCP side busy: try another
                }
            }
        }
        throw new IOException("no free loopback port for both UDP and TCP");
    }

    /**
     * Signs a zone file with ldns-signzone using a fresh ECDSA P-256 KSK and ZSK (extraArgs e.g.
     * "-z", "1:1"), valid from inception to expiration (YYYYMMDDhhmmss; null for ldns-signzone's
     * default, now and four weeks from now). Returns the signed file, FILE.signed next to it; the
     * KSK's DS is written there too, as anchor.ds. Skips the test when ldns is not installed.
     */
    public static Path ldnsSign(Path zoneFile, String origin, String inception, String expiration, String... extraArgs)
            throws IOException, InterruptedException {
        assumeInstalled("ldns-signzone");
        assumeInstalled("ldns-keygen");
        Path dir = zoneFile.toAbsolutePath().getParent();
        String ksk = run(dir, toolPath("ldns-keygen"), "-a", "ECDSAP256SHA256", "-k", origin).trim();
        String zsk = run(dir, toolPath("ldns-keygen"), "-a", "ECDSAP256SHA256", origin).trim();
        Files.copy(dir.resolve(ksk + ".ds"), dir.resolve("anchor.ds"), StandardCopyOption.REPLACE_EXISTING);
        Path signed = dir.resolve(zoneFile.getFileName() + ".signed");
        List<String> cmd = new ArrayList<>(List.of(toolPath("ldns-signzone"), "-o", origin));
        if (inception != null) {
            cmd.addAll(List.of("-i", inception));
        }
        if (expiration != null) {
            cmd.addAll(List.of("-e", expiration));
        }
        cmd.addAll(List.of("-f", signed.toString()));
        cmd.addAll(List.of(extraArgs));
        cmd.addAll(List.of(zoneFile.toString(), ksk, zsk));
        run(dir, cmd.toArray(String[]::new));
        return signed;
    }

    private ExternalTools() {}
}
