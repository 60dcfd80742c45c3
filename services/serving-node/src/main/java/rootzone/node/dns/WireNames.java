package rootzone.node.dns;

/**
 * Domain names as uncompressed wire bytes (label length, label bytes, ..., 0), compared and hashed
 * case-insensitively without building objects, so a query's name can be looked up in place.
 */
final class WireNames {

    static final int MAX_LABELS = 128;
    private static final int ROOT_HASH = 0x1b873593;

    static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    /** Hash of one more label in front of a name whose hash is {@code rest}; see suffixHashes. */
    static int hashLabel(int rest, byte[] buf, int labelOffset) {
        int len = buf[labelOffset];
        int h = rest * 0x9E3779B1 + len;
        for (int i = labelOffset + 1, end = labelOffset + 1 + len; i < end; i++) {
            h = h * 31 + lower(buf[i] & 0xff);
        }
        return h;
    }

    /**
     * Fills hashes[i] with the hash of the suffix starting at label i (hashes[labels] is the root), so
     * every ancestor of a query name is hashed in one right-to-left pass.
     */
    static void suffixHashes(byte[] buf, int[] labelOffsets, int labels, int[] hashes) {
        int h = ROOT_HASH;
        hashes[labels] = h;
        for (int i = labels - 1; i >= 0; i--) {
            h = hashLabel(h, buf, labelOffsets[i]);
            hashes[i] = h;
        }
    }

    /** Hash of a whole wire name, equal to suffixHashes' value for the same name. */
    static int hash(byte[] wire) {
        int[] offsets = new int[MAX_LABELS];
        int labels = labelOffsets(wire, 0, offsets);
        int[] hashes = new int[labels + 1];
        suffixHashes(wire, offsets, labels, hashes);
        return hashes[0];
    }

    /** Label start offsets of an uncompressed, already validated wire name; returns the label count. */
    static int labelOffsets(byte[] wire, int offset, int[] out) {
        int n = 0;
        int p = offset;
        while (wire[p] != 0) {
            out[n++] = p;
            p += 1 + wire[p];
        }
        return n;
    }

    /** Case-insensitive equality of buf[offset..offset+length) with a lower-case wire name. */
    static boolean equalsLower(byte[] buf, int offset, int length, byte[] lowerWire) {
        if (length != lowerWire.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (lower(buf[offset + i] & 0xff) != lowerWire[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * DNSSEC canonical order (RFC 4034 §6.1) of a name in a buffer (labels given by their offsets)
     * against a lower-case wire name with its label offsets: labels compared from the root down as
     * lower-cased unsigned bytes, a shorter label first, a name with fewer labels first.
     */
    static int compareCanonical(byte[] a, int[] aLabels, int aCount, byte[] b, int[] bLabels, int bCount) {
        int i = aCount - 1;
        int j = bCount - 1;
        for (; i >= 0 && j >= 0; i--, j--) {
            int ao = aLabels[i];
            int bo = bLabels[j];
            int al = a[ao];
            int bl = b[bo];
            int n = Math.min(al, bl);
            for (int k = 1; k <= n; k++) {
                int c = lower(a[ao + k] & 0xff) - lower(b[bo + k] & 0xff);
                if (c != 0) {
                    return c;
                }
            }
            if (al != bl) {
                return al - bl;
            }
        }
        return Integer.compare(aCount, bCount);
    }

    private WireNames() {}
}
