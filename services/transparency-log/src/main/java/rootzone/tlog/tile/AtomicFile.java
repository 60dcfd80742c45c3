package rootzone.tlog.tile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replacing a small file so that a reader (or a restart after a crash) sees the old bytes or the new,
 * never a part: the one way the services replace a state file (the log's tiles and checkpoints, the
 * witness state, the node's local store, the auditor's sealed files, the CLI's files).
 */
public final class AtomicFile {

    /** Writes the bytes to a temporary file beside the target, then renames it over the target. */
    public static void replace(Path file, byte[] data) throws IOException {
        replace(file, data, false);
    }

    /**
     * As {@link #replace}, and forced to disk before the rename and the rename itself after (the
     * directory, where the file system lets it be opened): after a power loss too, the old bytes or
     * the new.
     */
    public static void replaceDurably(Path file, byte[] data) throws IOException {
        replace(file, data, true);
    }

    private static void replace(Path file, byte[] data, boolean durable) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = temporary(dir, data);
        try {
            if (durable) {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            if (durable) {
                try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                    d.force(true); // makes the rename itself durable (Linux)
                } catch (IOException ignored) {
                    // not every file system lets a directory be opened; the rename is still atomic
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A new temporary file in the directory holding the bytes (the caller moves or deletes it). */
    static Path temporary(Path dir, byte[] data) throws IOException {
        Path tmp = Files.createTempFile(dir, ".tmp-", "");
        try {
            Files.write(tmp, data);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    private AtomicFile() {}
}
