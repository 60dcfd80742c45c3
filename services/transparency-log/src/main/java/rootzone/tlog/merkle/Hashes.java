package rootzone.tlog.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 6962 §2.1 / RFC 9162 §2.1.1 hashing with SHA-256, the domain separation bytes keeping leaves and nodes apart. */
public final class Hashes {

    public static final int SIZE = 32;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    });

    /** SHA-256(0x00 || entry). */
    public static byte[] leaf(byte[] entry) {
        MessageDigest md = SHA256.get();
        md.update((byte) 0);
        md.update(entry);
        return md.digest();
    }

    /** SHA-256(0x01 || left || right). */
    public static byte[] node(byte[] left, byte[] right) {
        return node(left, 0, right, 0);
    }

    /** SHA-256(0x01 || left[lo..lo+32) || right[ro..ro+32)), on slices of tile buffers. */
    public static byte[] node(byte[] left, int lo, byte[] right, int ro) {
        MessageDigest md = SHA256.get();
        md.update((byte) 1);
        md.update(left, lo, SIZE);
        md.update(right, ro, SIZE);
        return md.digest();
    }

    /** The root of the empty tree, SHA-256 of nothing (RFC 9162 §2.1.1). */
    public static byte[] emptyTree() {
        return SHA256.get().digest();
    }

    private Hashes() {}
}
