package rootzone.tlog.tile;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** tlog-tiles entry bundles: each entry as a big-endian uint16 length, then its bytes. */
public final class EntryBundles {

    public static final int MAX_ENTRY = 0xFFFF;

    public static byte[] encode(List<byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : entries) {
            checkSize(e);
            out.write(e.length >>> 8);
            out.write(e.length & 0xFF);
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a sequence of length-prefixed entries */
    public static List<byte[]> decode(byte[] bundle) {
        List<byte[]> entries = new ArrayList<>();
        int i = 0;
        while (i < bundle.length) {
            if (i + 2 > bundle.length) {
                throw new IllegalArgumentException("entry bundle ends inside a length prefix at byte " + i);
            }
            int n = (bundle[i] & 0xFF) << 8 | bundle[i + 1] & 0xFF;
            i += 2;
            if (i + n > bundle.length) {
                throw new IllegalArgumentException("entry bundle ends inside entry " + entries.size());
            }
            byte[] e = new byte[n];
            System.arraycopy(bundle, i, e, 0, n);
            entries.add(e);
            i += n;
        }
        return entries;
    }

    static void checkSize(byte[] entry) {
        if (entry.length > MAX_ENTRY) {
            throw new IllegalArgumentException("entry of " + entry.length + " bytes: tlog-tiles bundles hold at most " + MAX_ENTRY);
        }
    }

    private EntryBundles() {}
}
