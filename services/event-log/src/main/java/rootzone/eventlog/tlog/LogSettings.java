package rootzone.eventlog.tlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import rootzone.kafka.access.KafkaConnection;
import rootzone.tlog.tile.DirectoryTileStore;
import rootzone.tlog.tile.MemoryTileStore;
import rootzone.tlog.tile.TileStore;

/**
 * Where a service keeps the logs it operates: the origin prefix, the key directory
 * ({@code log-<name>.key}, made when absent) and the tile directory ({@code <tileDir>/<name>}; none:
 * the tiles are kept in memory and rebuilt from the topic at every start).
 */
public record LogSettings(String originPrefix, Path keyDir, Optional<Path> tileDir) {

    public LogNames zone(String zone) {
        return LogNames.zone(originPrefix, zone);
    }

    public LogNames coordination() {
        return LogNames.coordination(originPrefix);
    }

    /** The log's key (made if absent, vkey written beside it), its store, and the operator brought up to the topic. */
    public LogOperator open(KafkaConnection kafka, LogNames names) {
        TileStore store;
        try {
            store = tileDir.isPresent() ? new DirectoryTileStore(tileDir.get().resolve(names.name())) : new MemoryTileStore();
        } catch (IOException e) {
            throw new UncheckedIOException("log " + names.origin() + ": tile directory: " + e.getMessage(), e);
        }
        return LogOperator.open(kafka, names, LogKeys.ensure(keyDir, names), store);
    }
}
