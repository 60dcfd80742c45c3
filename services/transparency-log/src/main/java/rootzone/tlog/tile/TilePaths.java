package rootzone.tlog.tile;

/**
 * Resource paths of C2SP tlog-tiles: {@code tile/<L>/<N>[.p/<W>]}, {@code tile/entries/<N>[.p/<W>]}
 * and {@code checkpoint}, relative to the log's prefix. N is split into zero-padded 3-digit groups,
 * all but the last prefixed with "x" (1234067 → x001/x234/067), so no directory holds more than
 * 1,000 entries.
 */
public final class TilePaths {

    /** Hashes (or entries) per full tile: 2^8, the tile height of tlog-tiles. */
    public static final int WIDTH = 256;
    public static final int HEIGHT = 8;
    public static final String CHECKPOINT = "checkpoint";

    /** A hash tile; width 256 is the full tile, 1–255 a partial one. */
    public static String tile(int level, long index, int width) {
        if (level < 0 || level > 63) {
            throw new IllegalArgumentException("tile level " + level);
        }
        return "tile/" + level + "/" + indexPath(index) + partial(width);
    }

    /** An entry bundle; width 256 is the full bundle, 1–255 a partial one. */
    public static String entries(long index, int width) {
        return "tile/entries/" + indexPath(index) + partial(width);
    }

    static String indexPath(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("tile index " + index);
        }
        String digits = Long.toString(index);
        digits = "0".repeat((3 - digits.length() % 3) % 3) + digits;
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 3) {
            if (i + 3 < digits.length()) {
                path.append('x').append(digits, i, i + 3).append('/');
            } else {
                path.append(digits, i, i + 3);
            }
        }
        return path.toString();
    }

    private static String partial(int width) {
        if (width < 1 || width > WIDTH) {
            throw new IllegalArgumentException("tile width " + width + " (1-256)");
        }
        return width == WIDTH ? "" : ".p/" + width;
    }

    /**
     * Whether a request path names a resource of this layout (checkpoint, a tile, an entry bundle):
     * what an HTTP server checks before handing the path to a {@link TileStore}.
     */
    public static boolean valid(String path) {
        return path.equals(CHECKPOINT) || path.matches("tile/(entries|[0-9]|[1-5][0-9]|6[0-3])/(x[0-9]{3}/)*[0-9]{3}(\\.p/([1-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5]))?");
    }

    /** Whether the resource never changes once written (every tile and bundle; not the checkpoint): serve it as immutable. */
    public static boolean immutable(String path) {
        return !path.equals(CHECKPOINT);
    }

    private TilePaths() {}
}
