package rootzone.cli.log;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.SignedNote;
import rootzone.tlog.tile.AtomicFile;

/**
 * The last checkpoint this client accepted, per log origin, kept in the user's data directory
 * ({@code $XDG_DATA_HOME/rootzone/checkpoints}, default {@code ~/.local/share/rootzone/checkpoints}):
 * what a later checkpoint must be consistent with (the client's side of a split-view defence).
 */
public final class SeenCheckpoints {

    @Option(names = "--seen-dir", paramLabel = "DIR",
            description = "Where the last accepted checkpoint of each log is kept (default: $XDG_DATA_HOME/rootzone/checkpoints, "
                    + "or ~/.local/share/rootzone/checkpoints).")
    Path dir;

    /** A checkpoint accepted earlier: its parsed body and the note as it was saved. */
    record Seen(Checkpoint checkpoint, String note, Path file) {}

    private Path directory() {
        if (dir != null) {
            return dir;
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("rootzone").resolve("checkpoints");
    }

    private Path file(String origin) {
        return directory().resolve(URLEncoder.encode(origin, StandardCharsets.UTF_8));
    }

    /** @throws IllegalStateException when the saved file is damaged (it is left as it is, for the user to look at) */
    Optional<Seen> last(String origin) throws IOException {
        Path f = file(origin);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        String text = Files.readString(f, StandardCharsets.UTF_8);
        try {
            Checkpoint cp = Checkpoint.parse(SignedNote.parse(text).body());
            if (!cp.origin().equals(origin)) {
                throw new IllegalArgumentException("it is a checkpoint of " + cp.origin());
            }
            return Optional.of(new Seen(cp, text, f));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the last seen checkpoint " + f + " is damaged: " + e.getMessage(), e);
        }
    }

    /** Replaces the origin's last seen checkpoint, atomically (a crash leaves the old or the new one). */
    Path save(String origin, String note) throws IOException {
        Path f = file(origin);
        AtomicFile.replace(f, note.getBytes(StandardCharsets.UTF_8));
        return f;
    }
}
