package rootzone.tlog.tile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import rootzone.tlog.merkle.MerkleProofs;

/**
 * Checks a whole store against its checkpoint: every entry is read from the bundles and the tree
 * rebuilt from them; its root must be the checkpoint's and every full tile, every bundle and the
 * current partial ones must be byte for byte the rebuilt ones. (Partial tiles of older sizes are
 * not checked.) What an auditor runs on a store it did not write, or after a restore from backup.
 */
public final class StoreAudit {

    public sealed interface Result {
        record Intact(long size) implements Result {}

        record Damaged(String detail) implements Result {}
    }

    public static Result check(TileStore store) throws IOException {
        TiledLog stored;
        try {
            stored = TiledLog.open(store);
        } catch (IOException | IllegalArgumentException e) {
            return new Result.Damaged(e.getMessage());
        }
        if (stored.size() == 0) {
            return new Result.Intact(0);
        }
        List<byte[]> entries = new ArrayList<>();
        for (long i = 0; i < stored.size(); ) {
            try {
                if (i % TilePaths.WIDTH == 0 && stored.size() - i >= TilePaths.WIDTH) {
                    // a whole bundle at once (entry(i) decodes its bundle for every entry)
                    byte[] data = store.read(TilePaths.entries(i / TilePaths.WIDTH, TilePaths.WIDTH));
                    List<byte[]> bundle = data == null ? List.of() : EntryBundles.decode(data);
                    if (bundle.size() != TilePaths.WIDTH) {
                        return new Result.Damaged(TilePaths.entries(i / TilePaths.WIDTH, TilePaths.WIDTH) + " is missing or not "
                                + TilePaths.WIDTH + " entries");
                    }
                    entries.addAll(bundle);
                    i += TilePaths.WIDTH;
                } else {
                    entries.add(stored.entry(i++));
                }
            } catch (IOException | IllegalArgumentException e) {
                return new Result.Damaged("entry " + i + ": " + e.getMessage());
            }
        }
        MemoryTileStore rebuiltStore = new MemoryTileStore();
        TiledLog rebuilt = TiledLog.open(rebuiltStore);
        TiledLog.Replayed r = rebuilt.appendChecked(entries, stored.checkpoint());
        if (r instanceof TiledLog.Replayed.Mismatch m) {
            String where;
            try {
                TiledLog.Staged fromEntries = TiledLog.open(new MemoryTileStore()).stage(entries);
                where = MerkleProofs.firstDifference(stored::subtree, fromEntries::subtree, stored.size())
                        .stream().mapToObj(i -> "first differing leaf: " + i).findFirst().orElse("the leaves agree with the tiles");
            } catch (RuntimeException e) {
                where = e.getMessage();
            }
            return new Result.Damaged("the entries do not hash to the checkpoint (" + m.detail() + "); " + where);
        }
        for (String path : rebuiltStore.paths()) {
            if (!Arrays.equals(rebuiltStore.read(path), store.read(path))) {
                return new Result.Damaged(path + " differs from the tile rebuilt from the entries");
            }
        }
        return new Result.Intact(stored.size());
    }

    private StoreAudit() {}
}
