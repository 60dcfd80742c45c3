package rootzone.tlog.tile;

import java.io.IOException;

/** An immutable tile or bundle exists with other bytes: the store holds another history than the one being written. */
public final class TileConflictException extends IOException {
    public TileConflictException(String path) {
        super(path + " already holds other bytes: tiles are immutable, the store belongs to another history");
    }
}
