package rootzone.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The data tests share but the repository does not hold: the real root zone history (1,978 versions as a git bundle). */
public final class SharedData {

    /** Where it is looked for, for skip messages. */
    public static final String WHERE = "../shared/data/rootzone-history from the repository root, or -Drootzone.history=DIR";

    /**
     * The history folder (the git bundle, one commit per version with file root.zone, and extract.sh):
     * -Drootzone.history=DIR, else the first shared/data/rootzone-history holding a bundle beside or
     * above the working directory; null when there is none.
     */
    public static Path historyDir() {
        List<Path> dirs = new ArrayList<>();
        String property = System.getProperty("rootzone.history");
        if (property != null) {
            dirs.add(Path.of(property));
        } else {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                dirs.add(dir.resolve("../shared/data/rootzone-history"));
                dirs.add(dir.resolve("shared/data/rootzone-history"));
            }
        }
        for (Path dir : dirs) {
            if (bundleIn(dir) != null) {
                return dir.normalize();
            }
        }
        return null;
    }

    /** The git bundle of {@link #historyDir()}; null when there is none. */
    public static Path historyBundle() {
        Path dir = historyDir();
        return dir == null ? null : bundleIn(dir);
    }

    /** The git bundle of {@link #historyDir()}; the calling test is skipped, saying where it looked, when there is none. */
    public static Path historyBundleOrSkip() {
        Path bundle = historyBundle();
        Assumptions.assumeTrue(bundle != null, "real root zone history not found (" + WHERE + "): skipped");
        return bundle;
    }

    private static Path bundleIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".bundle")).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SharedData() {}
}
