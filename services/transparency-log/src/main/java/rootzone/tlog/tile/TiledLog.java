package rootzone.tlog.tile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import rootzone.tlog.merkle.HashSource;
import rootzone.tlog.merkle.Hashes;
import rootzone.tlog.merkle.MerkleProofs;
import rootzone.tlog.note.Checkpoint;
import rootzone.tlog.note.SignedNote;

/**
 * An append-only Merkle log kept as C2SP tlog-tiles in a {@link TileStore}. Memory holds only the
 * right edge (the partial tile of each level and the partial entry bundle) and a small cache of full
 * tiles; every other hash is read from the store, and any subtree hash costs at most 127 node hashes
 * over one tile. Appends are two-phase so a log operator can put the checkpoint into its own
 * transaction first: {@link #stage} computes the new tree without touching the log, {@link #commit}
 * writes it once the transaction committed (an aborted one just drops the stage).
 *
 * <p>Every tile and bundle ever written stays, partial ones included: their content at a given path
 * is fixed by the append-only history, so all are immutable and any past checkpoint stays provable
 * from the store. Only {@code checkpoint} is replaced, last, so it never names data not yet written.
 * Thread-safe.
 */
public final class TiledLog {

    private static final int CACHED_TILES = 512;

    private final TileStore store;
    private Edge edge;
    private String checkpoint;
    private final Map<TileKey, byte[]> cache = new LinkedHashMap<>(CACHED_TILES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TileKey, byte[]> eldest) {
            return size() > CACHED_TILES;
        }
    };

    private TiledLog(TileStore store, Edge edge, String checkpoint) {
        this.store = store;
        this.edge = edge;
        this.checkpoint = checkpoint;
    }

    /**
     * Opens the log in the store, empty when the store has no checkpoint. The right edge is read
     * back and the tree head recomputed from the tiles must be the checkpoint's (its signature is the
     * caller's to check: the store does not know the keys).
     *
     * @throws IOException when the store cannot be read or holds tiles that do not match its checkpoint
     */
    public static TiledLog open(TileStore store) throws IOException {
        byte[] text = store.read(TilePaths.CHECKPOINT);
        if (text == null) {
            return new TiledLog(store, new Edge(), null);
        }
        String note = new String(text, StandardCharsets.UTF_8);
        Checkpoint cp;
        try {
            cp = Checkpoint.parse(SignedNote.parse(note).body());
        } catch (IllegalArgumentException e) {
            throw new IOException("the store's checkpoint is malformed: " + e.getMessage(), e);
        }
        Edge edge = new Edge();
        edge.size = cp.size();
        for (int level = 0; level < 8 && (cp.size() >>> (TilePaths.HEIGHT * level)) > 0; level++) {
            int width = edge.width(level);
            byte[] buf = edge.tile(level);
            if (width > 0) {
                String path = TilePaths.tile(level, edge.tileIndex(level), width);
                byte[] data = store.read(path);
                if (data == null || data.length != width * Hashes.SIZE) {
                    throw new IOException(path + " is missing or not " + width + " hashes, though the checkpoint is at size " + cp.size());
                }
                System.arraycopy(data, 0, buf, 0, data.length);
            }
        }
        int bundleWidth = (int) (cp.size() & 0xFF);
        if (bundleWidth > 0) {
            String path = TilePaths.entries(cp.size() >>> TilePaths.HEIGHT, bundleWidth);
            byte[] data = store.read(path);
            List<byte[]> entries = data == null ? List.of() : EntryBundles.decode(data);
            if (entries.size() != bundleWidth) {
                throw new IOException(path + " is missing or does not hold " + bundleWidth + " entries");
            }
            edge.entries.addAll(entries);
        }
        TiledLog log = new TiledLog(store, edge, note);
        if (!MessageDigest.isEqual(log.treeHash(cp.size()), cp.root())) {
            throw new IOException("the store's tiles do not hash to its checkpoint's root at size " + cp.size());
        }
        return log;
    }

    public synchronized long size() {
        return edge.size;
    }

    /** The latest checkpoint written, as the signed note text; null for a log never committed. */
    public synchronized String checkpoint() {
        return checkpoint;
    }

    /** The root hash of the current tree. */
    public synchronized byte[] root() {
        return treeHash(edge.size);
    }

    /** The root hash of the tree at an earlier (or the current) size. */
    public synchronized byte[] treeHash(long n) {
        checkSize(n);
        return MerkleProofs.treeHash(view(edge, Map.of()), n);
    }

    /** The audit path of a leaf in the tree of the given size (≤ the current one). */
    public synchronized List<byte[]> inclusionProof(long index, long treeSize) {
        checkSize(treeSize);
        return MerkleProofs.inclusion(view(edge, Map.of()), index, treeSize);
    }

    /** The consistency proof from tree size m to tree size n (m ≤ n ≤ the current size). */
    public synchronized List<byte[]> consistencyProof(long m, long n) {
        checkSize(n);
        return MerkleProofs.consistency(view(edge, Map.of()), m, n);
    }

    /** The root of a complete subtree (see {@link HashSource}), for callers that check tiles themselves. */
    public synchronized byte[] subtree(int level, long index) {
        return view(edge, Map.of()).subtree(level, index);
    }

    /** The entry at an index, from its bundle. */
    public synchronized byte[] entry(long index) throws IOException {
        if (index < 0 || index >= edge.size) {
            throw new IllegalArgumentException("no entry " + index + " in a log of size " + edge.size);
        }
        long bundle = index >>> TilePaths.HEIGHT;
        int offset = (int) (index & 0xFF);
        if (bundle == edge.size >>> TilePaths.HEIGHT) {
            return edge.entries.get(offset).clone();
        }
        String path = TilePaths.entries(bundle, TilePaths.WIDTH);
        byte[] data = store.read(path);
        if (data == null) {
            throw new IOException(path + " is missing from the store");
        }
        List<byte[]> entries = EntryBundles.decode(data);
        if (entries.size() != TilePaths.WIDTH) {
            throw new IOException(path + " holds " + entries.size() + " entries, not 256");
        }
        return entries.get(offset);
    }

    /**
     * The log with these entries appended, computed without changing the log: sign
     * {@link Staged#checkpoint(String)}, then {@link #commit} (or drop the stage).
     */
    public synchronized Staged stage(List<byte[]> entries) {
        Edge next = edge.copy();
        Map<TileKey, byte[]> fullTiles = new LinkedHashMap<>();
        Map<Long, byte[]> fullBundles = new LinkedHashMap<>();
        for (byte[] entry : entries) {
            EntryBundles.checkSize(entry);
            next.append(entry, fullTiles, fullBundles);
        }
        HashSource hashes = view(next, fullTiles);
        byte[] root = MerkleProofs.treeHash(hashes, next.size);
        return new Staged(this, hashes, edge.size, next, fullTiles, fullBundles, root);
    }

    /**
     * Writes a stage: its tiles and bundles, then the checkpoint, which must be the stage's tree
     * head (any extension lines and signatures are the caller's).
     *
     * @throws IllegalStateException when the log moved since the stage was made
     * @throws IllegalArgumentException when the checkpoint is not the stage's tree head
     */
    public synchronized void commit(Staged staged, String signedCheckpoint) throws IOException {
        if (staged.oldSize != edge.size) {
            throw new IllegalStateException("stage was made at size " + staged.oldSize + ", the log is at " + edge.size);
        }
        requireTreeHead(signedCheckpoint, staged.edge.size, staged.root);
        for (Map.Entry<Long, byte[]> b : staged.fullBundles.entrySet()) {
            store.writeOnce(TilePaths.entries(b.getKey(), TilePaths.WIDTH), b.getValue());
        }
        Edge next = staged.edge;
        if (!next.entries.isEmpty()) {
            store.writeOnce(TilePaths.entries(next.size >>> TilePaths.HEIGHT, next.entries.size()), EntryBundles.encode(next.entries));
        }
        for (Map.Entry<TileKey, byte[]> t : staged.fullTiles.entrySet()) {
            store.writeOnce(TilePaths.tile(t.getKey().level, t.getKey().index, TilePaths.WIDTH), t.getValue());
        }
        for (int level = 0; level < next.tiles.size(); level++) {
            int width = next.width(level);
            if (width > 0) {
                byte[] data = new byte[width * Hashes.SIZE];
                System.arraycopy(next.tiles.get(level), 0, data, 0, data.length);
                store.writeOnce(TilePaths.tile(level, next.tileIndex(level), width), data);
            }
        }
        store.replace(TilePaths.CHECKPOINT, signedCheckpoint.getBytes(StandardCharsets.UTF_8));
        cache.putAll(staged.fullTiles);
        edge = next;
        checkpoint = signedCheckpoint;
    }

    /** What {@link #appendChecked} did. */
    public sealed interface Replayed {
        /** The entries lead to the checkpoint's tree head: appended, the checkpoint stored. */
        record Appended(long size) implements Replayed {}

        /** They do not: an entry under the checkpoint was rewritten, dropped or added. Nothing changed. */
        record Mismatch(long verifiedSize, long checkpointSize, long replayedSize, String detail) implements Replayed {}
    }

    /**
     * Appends entries rebuilt from replayed events and checks they lead to a signed checkpoint's tree
     * head (the auditor's replay; the note's signature is the caller's to check). On a mismatch the
     * log stays at its last verified size.
     */
    public synchronized Replayed appendChecked(List<byte[]> entries, String signedCheckpoint) throws IOException {
        Checkpoint cp = Checkpoint.parse(SignedNote.parse(signedCheckpoint).body());
        Staged staged = stage(entries);
        if (staged.size() != cp.size() || !MessageDigest.isEqual(staged.root, cp.root())) {
            return new Replayed.Mismatch(edge.size, cp.size(), staged.size(), staged.size() != cp.size()
                    ? "the checkpoint covers " + cp.size() + " entries, the replay has " + staged.size()
                    : "the entries after " + edge.size + " do not hash to the checkpoint's root");
        }
        commit(staged, signedCheckpoint);
        return new Replayed.Appended(cp.size());
    }

    /** Replaces the checkpoint by another note of the same tree head, e.g. with cosignatures gathered. */
    public synchronized void replaceCheckpoint(String signedCheckpoint) throws IOException {
        requireTreeHead(signedCheckpoint, edge.size, root());
        store.replace(TilePaths.CHECKPOINT, signedCheckpoint.getBytes(StandardCharsets.UTF_8));
        checkpoint = signedCheckpoint;
    }

    private static void requireTreeHead(String signedCheckpoint, long size, byte[] root) {
        Checkpoint cp = Checkpoint.parse(SignedNote.parse(signedCheckpoint).body());
        if (cp.size() != size || !MessageDigest.isEqual(cp.root(), root)) {
            throw new IllegalArgumentException("checkpoint at size " + cp.size() + " is not the tree head at size " + size);
        }
    }

    private void checkSize(long n) {
        if (n < 0 || n > edge.size) {
            throw new IllegalArgumentException("tree size " + n + " is not in a log of size " + edge.size);
        }
    }

    private HashSource view(Edge at, Map<TileKey, byte[]> pending) {
        return (level, index) -> {
            if (level < 0 || level > 62 || index < 0 || index >= (at.size >>> level)) {
                throw new IllegalArgumentException("subtree " + level + "/" + index + " is not complete at size " + at.size);
            }
            int tileLevel = level / TilePaths.HEIGHT;
            int rise = level % TilePaths.HEIGHT;
            long base = index << rise;
            byte[] data = tileData(at, pending, tileLevel, base >>> TilePaths.HEIGHT);
            return Tiles.subtreeHash(data, (int) (base & 0xFF), 1 << rise);
        };
    }

    private byte[] tileData(Edge at, Map<TileKey, byte[]> pending, int level, long index) {
        if (index == at.tileIndex(level)) {
            return at.tile(level);
        }
        TileKey key = new TileKey(level, index);
        byte[] data = pending.get(key);
        if (data == null) {
            data = cache.get(key);
        }
        if (data == null) {
            String path = TilePaths.tile(level, index, TilePaths.WIDTH);
            try {
                data = store.read(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (data == null || data.length != TilePaths.WIDTH * Hashes.SIZE) {
                throw new UncheckedIOException(new IOException(path + " is missing from the store or not a full tile"));
            }
            cache.put(key, data);
        }
        return data;
    }

    /** A log with entries appended, not yet written: its tree head to sign, then {@link #commit}. */
    public static final class Staged {
        private final TiledLog log;
        private final HashSource hashes;
        private final long oldSize;
        private final Edge edge;
        private final Map<TileKey, byte[]> fullTiles;
        private final Map<Long, byte[]> fullBundles;
        private final byte[] root;

        private Staged(TiledLog log, HashSource hashes, long oldSize, Edge edge, Map<TileKey, byte[]> fullTiles,
                       Map<Long, byte[]> fullBundles, byte[] root) {
            this.log = log;
            this.hashes = hashes;
            this.oldSize = oldSize;
            this.edge = edge;
            this.fullTiles = fullTiles;
            this.fullBundles = fullBundles;
            this.root = root;
        }

        public long size() {
            return edge.size;
        }

        public byte[] root() {
            return root.clone();
        }

        /** A complete subtree's root in the staged tree (see {@link HashSource}). */
        public byte[] subtree(int level, long index) {
            synchronized (log) {
                return hashes.subtree(level, index);
            }
        }

        /** The unsigned checkpoint of the staged tree, for a log with this origin. */
        public Checkpoint checkpoint(String origin) {
            return new Checkpoint(origin, edge.size, root, List.of());
        }
    }

    private record TileKey(int level, long index) {}

    /** The right edge: tree size, the hashes of each level's partial tile, the partial bundle's entries. */
    private static final class Edge {
        long size;
        final List<byte[]> tiles = new ArrayList<>();
        final List<byte[]> entries = new ArrayList<>();

        int width(int level) {
            return (int) ((size >>> (TilePaths.HEIGHT * level)) & 0xFF);
        }

        long tileIndex(int level) {
            int shift = TilePaths.HEIGHT * (level + 1);
            return shift >= 64 ? 0 : size >>> shift;
        }

        byte[] tile(int level) {
            while (tiles.size() <= level) {
                tiles.add(new byte[TilePaths.WIDTH * Hashes.SIZE]);
            }
            return tiles.get(level);
        }

        Edge copy() {
            Edge c = new Edge();
            c.size = size;
            for (byte[] t : tiles) {
                c.tiles.add(t.clone());
            }
            c.entries.addAll(entries);
            return c;
        }

        /** Adds a leaf; a tile filled to 256 is handed out and its root climbs one tile level. */
        void append(byte[] entry, Map<TileKey, byte[]> fullTiles, Map<Long, byte[]> fullBundles) {
            byte[] hash = Hashes.leaf(entry);
            for (int level = 0; ; level++) {
                int pos = width(level);
                System.arraycopy(hash, 0, tile(level), pos * Hashes.SIZE, Hashes.SIZE);
                if (pos < TilePaths.WIDTH - 1) {
                    break;
                }
                byte[] full = tile(level).clone();
                fullTiles.put(new TileKey(level, tileIndex(level)), full);
                hash = Tiles.subtreeHash(full, 0, TilePaths.WIDTH);
            }
            entries.add(entry.clone());
            if (entries.size() == TilePaths.WIDTH) {
                fullBundles.put(size >>> TilePaths.HEIGHT, EntryBundles.encode(entries));
                entries.clear();
            }
            size++;
        }
    }
}
