package rootzone.tlog.tile;

import java.io.IOException;
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
    private final java.util.Set<Path> directories = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
        Path tmp = temporary(file, data);
        try {
            // link(2) never replaces: the file appears whole, and only if it was not there
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            if (!Arrays.equals(Files.readAllBytes(file), data)) {
                throw new TileConflictException(path);
            }
        } catch (UnsupportedOperationException e) {
            writeOnceWithoutLinks(path, file, tmp, data);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void writeOnceWithoutLinks(String path, Path file, Path tmp, byte[] data) throws IOException {
        byte[] before = read(path);
        if (before == null) {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } else if (!Arrays.equals(before, data)) {
            throw new TileConflictException(path);
        }
    }

    @Override
    public void replace(String path, byte[] data) throws IOException {
        AtomicFile.replace(resolve(path), data);
    }

    private Path temporary(Path file, byte[] data) throws IOException {
        Path dir = file.getParent();
        if (!directories.contains(dir)) {
            Files.createDirectories(dir);
            directories.add(dir);
        }
        return AtomicFile.temporary(dir, data);
    }

    private Path resolve(String path) {
        if (!TilePaths.valid(path)) {
            throw new IllegalArgumentException("not a tlog-tiles resource path: " + path);
        }
        return root.resolve(path);
    }
}
