package rootzone.tlog;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import rootzone.testsupport.ExternalTools;

/**
 * Runs src/test/go/tlogcheck (golang.org/x/mod/sumdb/note and /tlog, crypto/ed25519) on a cases file,
 * offline: GO111MODULE=off against Debian's /usr/share/gocode, no module download. Tests skip, saying
 * so, when Go or golang-golang-x-mod-dev is absent (.ci/run installs both). Shared through
 * transparency-log's test-jar, which carries the program as the resource go/tlogcheck/main.go.
 */
public final class GoVerifier {

    static final Path GOPATH = Path.of("/usr/share/gocode");
    private static final String PROGRAM = "/go/tlogcheck/main.go";

    /** One line per check, with the outcome expected. */
    public static final class Cases {
        private final Path dir;
        private final List<String> lines = new ArrayList<>();

        public Cases(Path dir) {
            this.dir = dir;
        }

        public Path dir() {
            return dir;
        }

        public Cases add(String kind, boolean expectOk, Object... args) {
            lines.add(kind + " " + (expectOk ? "ok" : "fail") + " "
                    + java.util.Arrays.stream(args).map(String::valueOf).collect(Collectors.joining(" ")));
            return this;
        }

        /** Writes a file beside the cases file; returns its name for a case line. */
        public String file(String name, String content) throws IOException {
            Path f = dir.resolve(name);
            Files.createDirectories(f.getParent());
            Files.writeString(f, content, StandardCharsets.UTF_8);
            return name;
        }

        public int size() {
            return lines.size();
        }
    }

    public static void assumeAvailable() {
        ExternalTools.assumeInstalled("go");
        assumeTrue(Files.isDirectory(GOPATH.resolve("src/golang.org/x/mod/sumdb/tlog")),
                "golang.org/x/mod is not in " + GOPATH + ": test skipped (apt-get install golang-golang-x-mod-dev; .ci/run does)");
    }

    /** Runs the checks; returns the program's output (exit status in the first line: "exit N"). */
    public static String run(Cases cases) throws IOException, InterruptedException {
        Path file = cases.dir.resolve("cases.txt");
        Files.write(file, cases.lines, StandardCharsets.UTF_8);
        Path program = Files.createTempDirectory("tlogcheck").resolve("main.go");
        try (var in = GoVerifier.class.getResourceAsStream(PROGRAM)) {
            if (in == null) {
                throw new IOException(PROGRAM + " is not on the test class path (transparency-log's test resources)");
            }
            Files.copy(in, program);
        }
        ProcessBuilder pb = new ProcessBuilder(ExternalTools.toolPath("go"), "run", program.toString(), file.toString())
                .redirectErrorStream(true);
        pb.environment().put("GO111MODULE", "off");
        pb.environment().put("GOPATH", GOPATH.toString());
        pb.environment().put("GOPROXY", "off");
        pb.environment().put("GOFLAGS", "");
        pb.environment().put("GOCACHE", Path.of("target/go-cache").toAbsolutePath().toString()); // per module
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("go run timed out");
        }
        return "exit " + p.exitValue() + "\n" + new String(out, StandardCharsets.UTF_8);
    }

    public static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    public static String proof(List<byte[]> hashes) {
        return hashes.isEmpty() ? "-" : hashes.stream().map(GoVerifier::b64).collect(Collectors.joining(","));
    }

    private GoVerifier() {}
}
