package rootzone.tlog.tile;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Replacing a small file so that a reader (or a restart after a crash) sees the old bytes or the new, never a part. */
public final class AtomicFile {

    /** Writes the bytes to a temporary file beside the target, then renames it over the target. */
    public static void replace(Path file, byte[] data) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = temporary(dir, data);
        try {
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
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
