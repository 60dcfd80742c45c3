package rootzone.node.witness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import rootzone.testsupport.ExternalTools;

/**
 * Checks cosignatures with Go's crypto/ed25519 (src/test/go/cosigcheck, standard library only,
 * GO111MODULE=off: nothing downloaded); skipped, saying so, without Go.
 */
public final class GoCosignatures {

    /** @param cases each {expected "ok"|"fail", witness vkey, checkpoint body, base64 signature} */
    public static void assertVerified(Path dir, List<String[]> cases) throws Exception {
        ExternalTools.assumeInstalled("go");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String[] c = cases.get(i);
            Files.writeString(dir.resolve("body-" + i), c[2], StandardCharsets.UTF_8);
            lines.add(c[0] + " " + c[1] + " body-" + i + " " + c[3]);
        }
        Path file = dir.resolve("cases.txt");
        Files.write(file, lines, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(ExternalTools.toolPath("go"), "run",
                Path.of("src/test/go/cosigcheck/main.go").toAbsolutePath().toString(), file.toString()).redirectErrorStream(true);
        pb.environment().put("GO111MODULE", "off");
        pb.environment().put("GOPROXY", "off");
        pb.environment().put("GOFLAGS", "");
        pb.environment().put("GOCACHE", Path.of("target/go-cache").toAbsolutePath().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "go run timed out");
        assertTrue(p.exitValue() == 0 && out.contains(cases.size() + " cases, 0 wrong"), "Go's verdict: " + out);
    }

    private GoCosignatures() {}
}
