package rootzone.zone;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import rootzone.testsupport.ExternalTools;
import rootzone.testsupport.SharedData;

/**
 * Real root zone versions from the shared history bundle (../shared/data/rootzone-history relative
 * to the repository root, or the system property rootzone.history). Tests using it skip, saying so,
 * when the bundle is absent. The bundle is cloned once per test JVM into a temporary directory.
 */
final class RootZoneHistory {

    private static Path gitDir;
    private static List<String[]> versions;

    /** The zone file of the index-th version (0 = oldest), extracted to a temporary file. */
    static synchronized Path version(int index) throws IOException, InterruptedException {
        open();
        assumeTrue(index < versions.size(), "history has only " + versions.size() + " versions");
        String[] v = versions.get(index);
        Path file = gitDir.getParent().resolve("root.zone." + v[1]);
        if (!Files.exists(file)) {
            Process p = new ProcessBuilder("git", "--git-dir=" + gitDir, "show", v[0] + ":root.zone")
                    .redirectOutput(file.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (p.waitFor() != 0) {
                throw new IOException("git show " + v[0] + " failed");
            }
        }
        return file;
    }

    static synchronized int count() throws IOException, InterruptedException {
        open();
        return versions.size();
    }

    private static void open() throws IOException, InterruptedException {
        if (gitDir != null) {
            return;
        }
        Path bundle = SharedData.historyBundleOrSkip();
        assumeTrue(ExternalTools.installed("git"), "git not installed; skipping real-data test");
        Path tmp = Files.createTempDirectory("rootzone-history");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(tmp)));
        Path git = tmp.resolve("h.git");
        ExternalTools.run(tmp, "git", "clone", "-q", "--bare", bundle.toString(), git.toString());
        String log = ExternalTools.run(tmp, "git", "--git-dir=" + git, "log", "--reverse", "--format=%H %s");
        List<String[]> list = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (!line.isBlank()) {
                list.add(line.trim().split(" ", 2));
            }
        }
        versions = list;
        gitDir = git;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }

    private RootZoneHistory() {}
}
