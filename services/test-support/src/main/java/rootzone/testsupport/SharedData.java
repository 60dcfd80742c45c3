package rootzone.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The data tests share but the repository does not hold: the real root zone history (1,978 versions as a git bundle). */
public final class SharedData {

    /** Where it is looked for, for skip messages. */
    public static final String WHERE = "../shared/data/rootzone-history from the repository root, or -Drootzone.history=DIR";

    /**
     * The git bundle (one commit per version, file root.zone) in -Drootzone.history=DIR, else in the
     * first shared/data/rootzone-history found beside or above the working directory; null when there is none.
     */
    public static Path historyBundle() {
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
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    Path bundle = files.filter(f -> f.getFileName().toString().endsWith(".bundle")).sorted().findFirst().orElse(null);
                    if (bundle != null) {
                        return bundle.normalize();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return null;
    }

    private SharedData() {}
}
