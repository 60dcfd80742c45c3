package rootzone.auditor.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real root zone history, outside the repository: system property {@code rootzone.history} (the
 * bundle), else {@code shared/data/rootzone-history/*.bundle} found walking up from the working directory.
 */
public final class SharedData {

    public static Optional<Path> historyBundle() {
        String explicit = System.getProperty("rootzone.history");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(Path.of(explicit)).filter(Files::isRegularFile);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path data = dir.resolve("shared/data/rootzone-history");
            if (Files.isDirectory(data)) {
                try (Stream<Path> files = Files.list(data)) {
                    return files.filter(p -> p.getFileName().toString().endsWith(".bundle")).findFirst();
                } catch (java.io.IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    public static final String MISSING = "real root zone history not found (../shared/data/rootzone-history or "
            + "-Drootzone.history=BUNDLE): skipped";

    private SharedData() {}
}
