package rootzone.tlog.merkle;

/** Where proofs get their hashes: the root of a complete subtree, 2^level leaves starting at leaf index × 2^level. */
@FunctionalInterface
public interface HashSource {

    /** @throws IllegalArgumentException when the subtree is not complete in the tree behind this source */
    byte[] subtree(int level, long index);
}
