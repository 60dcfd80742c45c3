package rootzone.zone;

/** RFC 1982 serial number arithmetic for 32-bit SOA serials. */
public final class Serial {

    private static final long MOD = 1L << 32;
    private static final long HALF = 1L << 31;

    /**
     * Compares two serials: negative if a is older than b, 0 if equal, positive if a is newer.
     *
     * @throws IllegalArgumentException when the two are exactly 2^31 apart, where RFC 1982 §3.2 leaves
     *     the comparison undefined
     */
    public static int compare(long a, long b) {
        check(a);
        check(b);
        if (a == b) {
            return 0;
        }
        long distance = (b - a + MOD) % MOD;
        if (distance == HALF) {
            throw new IllegalArgumentException("serials " + a + " and " + b + " are 2^31 apart: undefined (RFC 1982)");
        }
        return distance < HALF ? -1 : 1;
    }

    public static boolean isNewer(long candidate, long than) {
        return compare(candidate, than) > 0;
    }

    /** RFC 1982 §3.1 addition: n must be in [0, 2^31 - 1]. */
    public static long add(long serial, long n) {
        check(serial);
        if (n < 0 || n >= HALF) {
            throw new IllegalArgumentException("serial increment out of range: " + n);
        }
        return (serial + n) % MOD;
    }

    private static void check(long serial) {
        if (serial < 0 || serial >= MOD) {
            throw new IllegalArgumentException("not a 32-bit serial: " + serial);
        }
    }

    private Serial() {}
}
