package rootzone.tlog.tile;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link TileStore} in memory (a publisher that rebuilds its log at start, tests, benchmarks). */
public final class MemoryTileStore implements TileStore {

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @Override
    public byte[] read(String path) {
        byte[] data = files.get(path);
        return data == null ? null : data.clone();
    }

    @Override
    public void writeOnce(String path, byte[] data) throws TileConflictException {
        byte[] before = files.putIfAbsent(path, data.clone());
        if (before != null && !Arrays.equals(before, data)) {
            throw new TileConflictException(path);
        }
    }

    @Override
    public void replace(String path, byte[] data) {
        files.put(path, data.clone());
    }

    /** The paths of every stored resource. */
    public java.util.Set<String> paths() {
        return java.util.Set.copyOf(files.keySet());
    }
}
