package rootzone.tlog.tile;

import java.io.IOException;

/**
 * Where a log keeps its resources, by {@link TilePaths} path: files an HTTP server can hand out as
 * they are. Tiles and bundles are written once; only the checkpoint is ever replaced.
 */
public interface TileStore {

    /** The resource's bytes, or null when there is none. */
    byte[] read(String path) throws IOException;

    /**
     * Writes an immutable resource. Writing the same bytes again is a no-op (a retried commit);
     * different bytes under an existing path throw {@link TileConflictException} and change nothing.
     */
    void writeOnce(String path, byte[] data) throws IOException;

    /** Atomically replaces a mutable resource (the checkpoint): a reader sees the old or the new bytes. */
    void replace(String path, byte[] data) throws IOException;
}
