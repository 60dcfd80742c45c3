package rootzone.tlog.tile;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * A {@link TileStore} in a directory, one file per resource at its tlog-tiles path, so the directory
 * can be served as static files. Every file appears whole (written to a temporary file, then moved
 * into place), so a crash leaves either the old state or the new.
 */
public final class DirectoryTileStore implements TileStore {

    private final Path root;

    public DirectoryTileStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public byte[] read(String path) throws IOException {
        try {
            return Files.readAllBytes(resolve(path));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void writeOnce(String path, byte[] data) throws IOException {
        Path file = resolve(path);
        byte[] before = read(path);
        if (before != null) {
            if (!Arrays.equals(before, data)) {
                throw new TileConflictException(path);
            }
            return;
        }
        Path tmp = temporary(file, data);
        try {
            // no REPLACE_EXISTING: a concurrent writer of the same path loses, then compares
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
            writeOnce(path, data);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void replace(String path, byte[] data) throws IOException {
        Path file = resolve(path);
        Path tmp = temporary(file, data);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Path temporary(Path file, byte[] data) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".tmp-", "");
        Files.write(tmp, data);
        return tmp;
    }

    private Path resolve(String path) {
        if (!TilePaths.valid(path)) {
            throw new IllegalArgumentException("not a tlog-tiles resource path: " + path);
        }
        return root.resolve(path);
    }
}
