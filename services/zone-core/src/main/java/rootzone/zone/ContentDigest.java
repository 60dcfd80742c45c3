package rootzone.zone;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The digest of a version's full content: SHA-256 over every record (signatures and ZONEMD included)
 * in canonical wire form (RFC 4034 §6.2, original TTL) and canonical order. Unlike ZONEMD it covers
 * everything, so it pins the exact version a node rebuilt from events.
 */
public final class ContentDigest {

    /** Its name among the zone's cached digests. */
    static final String NAME = "content-sha256";

    public static byte[] of(Zone zone) {
        MessageDigest sha = newDigest();
        return zone.digest(NAME, () -> {
            CanonicalDigest.update(sha, zone, r -> true);
            return sha.digest();
        });
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] digest) {
        return java.util.HexFormat.of().formatHex(digest);
    }

    private ContentDigest() {}
}
