package rootzone.tlog.tile;

import rootzone.tlog.merkle.Hashes;

/** Hashing inside one tile's hashes. */
final class Tiles {

    /** The Merkle root over count (a power of two ≤ 256) consecutive hashes of a tile, from offset. */
    static byte[] subtreeHash(byte[] tile, int offset, int count) {
        int from = offset * Hashes.SIZE;
        if (count == 1) {
            byte[] h = new byte[Hashes.SIZE];
            System.arraycopy(tile, from, h, 0, Hashes.SIZE);
            return h;
        }
        byte[] work = new byte[count / 2 * Hashes.SIZE];
        for (int i = 0; i < count / 2; i++) {
            byte[] h = Hashes.node(tile, from + 2 * i * Hashes.SIZE, tile, from + (2 * i + 1) * Hashes.SIZE);
            System.arraycopy(h, 0, work, i * Hashes.SIZE, Hashes.SIZE);
        }
        for (int n = count / 2; n > 1; n /= 2) {
            for (int i = 0; i < n / 2; i++) {
                byte[] h = Hashes.node(work, 2 * i * Hashes.SIZE, work, (2 * i + 1) * Hashes.SIZE);
                System.arraycopy(h, 0, work, i * Hashes.SIZE, Hashes.SIZE);
            }
        }
        byte[] root = new byte[Hashes.SIZE];
        System.arraycopy(work, 0, root, 0, Hashes.SIZE);
        return root;
    }

    private Tiles() {}
}
