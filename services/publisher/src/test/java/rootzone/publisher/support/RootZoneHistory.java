package rootzone.publisher.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import rootzone.testsupport.SharedData;

/**
 * The real root zone history in ../shared/data/rootzone-history (next to the repository), extracted
 * once per build into target/ with its own extract.sh. Tests skip, saying why, when it is absent.
 */
public final class RootZoneHistory {

    /** The first {@code n} versions, oldest first, as files named root.zone.SERIAL. */
    public static List<Path> firstVersions(int n) throws IOException, InterruptedException {
        Path history = SharedData.historyDir();
        Assumptions.assumeTrue(history != null && Files.isRegularFile(history.resolve("extract.sh")),
                "root zone history with extract.sh not found (" + SharedData.WHERE + "): skipping the real-data test");
        Path out = Path.of("target", "rootzone-history-" + n).toAbsolutePath();
        if (count(out) < n) {
            Process p = new ProcessBuilder("bash", history.resolve("extract.sh").toString(), out.toString(),
                    Integer.toString(n)).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("extract.sh failed: " + log);
            }
        }
        try (Stream<Path> files = Files.list(out)) {
            List<Path> versions = files.filter(f -> f.getFileName().toString().startsWith("root.zone.")).sorted().toList();
            if (versions.size() < n) {
                throw new IOException("only " + versions.size() + " versions in " + out);
            }
            return versions.subList(0, n);
        }
    }

    private static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    private RootZoneHistory() {}
}
