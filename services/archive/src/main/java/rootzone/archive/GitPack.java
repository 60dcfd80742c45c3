package rootzone.archive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The objects of one git pack (gitformat-pack(5)), read in memory: a bundle's pack is small (2 MB
 * for the 2.4 GB of texts of 1,978 root zones, nearly all of it deltas), so it is parsed here rather
 * than cloned, whose index-pack cost ~10 s of CPU. Every object's id is computed (SHA-1 over its type,
 * size and content, as git names it), so the ids the commits and trees name are checked against the
 * bytes, and the pack's trailing checksum is checked.
 *
 * <p>Only self-contained packs: a delta naming its base by id (REF_DELTA, as in a thin pack) is refused,
 * and the caller falls back to git. Deltas are resolved through a cache of resolved objects (bounded in
 * bytes), so a chain is applied once when its objects are read in order.
 */
final class GitPack {

    static final int COMMIT = 1;
    static final int TREE = 2;
    static final int BLOB = 3;
    static final int TAG = 4;
    private static final int OFS_DELTA = 6;
    private static final int REF_DELTA = 7;
    private static final String[] TYPE_NAMES = {null, "commit", "tree", "blob", "tag"};

    /** Thrown for what this reader does not handle (the caller then uses git itself). */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message);
        }
    }

    /** One object: its resolved type, where its data starts, and its delta base (an earlier object) or -1. */
    private record Entry(int type, int dataAt, int base, byte[] delta) {}

    private final byte[] pack;
    private final Entry[] entries;
    private final Map<String, Integer> byId;
    private final Cache cache;

    private GitPack(byte[] pack, Entry[] entries, Map<String, Integer> byId, long cacheBytes) {
        this.pack = pack;
        this.entries = entries;
        this.byId = byId;
        this.cache = new Cache(cacheBytes);
    }

    /**
     * Parses {@code pack[from..]} (a pack with its trailing checksum) and computes every object's id.
     *
     * @param cacheBytes how many bytes of resolved objects to keep for delta bases
     */
    static GitPack parse(byte[] data, int from, long cacheBytes) throws ArchiveException, Unsupported {
        byte[] pack = from == 0 ? data : Arrays.copyOfRange(data, from, data.length);
        if (pack.length < 32 || pack[0] != 'P' || pack[1] != 'A' || pack[2] != 'C' || pack[3] != 'K') {
            throw new ArchiveException("not a git pack (no PACK signature)");
        }
        int version = int32(pack, 4);
        if (version != 2 && version != 3) {
            throw new Unsupported("pack version " + version);
        }
        MessageDigest sha = sha1();
        sha.update(pack, 0, pack.length - 20);
        if (!Arrays.equals(sha.digest(), Arrays.copyOfRange(pack, pack.length - 20, pack.length))) {
            throw new ArchiveException("git pack checksum does not match: the bundle is damaged");
        }
        int count = int32(pack, 8);
        if (count < 0 || count > pack.length) {
            throw new ArchiveException("git pack claims " + count + " objects in " + pack.length + " bytes");
        }
        Entry[] entries = new Entry[count];
        Map<Integer, Integer> indexAt = new HashMap<>(count * 2);
        Inflater inflater = new Inflater();
        int at = 12;
        try {
            for (int i = 0; i < count; i++) {
                int start = at;
                int c = pack[at++] & 0xff;
                int type = (c >> 4) & 7;
                long size = c & 15;
                int shift = 4;
                while ((c & 0x80) != 0) {
                    c = pack[at++] & 0xff;
                    size |= (long) (c & 0x7f) << shift;
                    shift += 7;
                }
                int base = -1;
                if (type == OFS_DELTA) {
                    c = pack[at++] & 0xff;
                    long back = c & 0x7f;
                    while ((c & 0x80) != 0) {
                        c = pack[at++] & 0xff;
                        back = ((back + 1) << 7) | (c & 0x7f);
                    }
                    Integer b = indexAt.get((int) (start - back));
                    if (back <= 0 || b == null) {
                        throw new ArchiveException("git pack: delta at offset " + start + " names no earlier object");
                    }
                    base = b;
                } else if (type == REF_DELTA) {
                    throw new Unsupported("a thin pack (a delta naming its base by id)");
                } else if (type < COMMIT || type > TAG) {
                    throw new ArchiveException("git pack: object of unknown type " + type + " at offset " + start);
                }
                if (size > Integer.MAX_VALUE - 16) {
                    throw new Unsupported("an object of " + size + " bytes");
                }
                int dataAt = at;
                // Inflate to find where the object ends; a delta is kept (small), a whole object re-inflated when read.
                inflater.reset();
                inflater.setInput(pack, at, pack.length - 20 - at);
                byte[] out = new byte[(int) size];
                int n = inflateFully(inflater, out, start);
                if (n != size) {
                    throw new ArchiveException("git pack: object at offset " + start + " inflates to " + n + " bytes, not " + size);
                }
                at += (int) inflater.getBytesRead();
                int resolvedType = base >= 0 ? entries[base].type : type;
                entries[i] = new Entry(resolvedType, dataAt, base, base >= 0 ? out : null);
                indexAt.put(start, i);
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new ArchiveException("git pack: truncated", e);
        } finally {
            inflater.end();
        }
        GitPack p = new GitPack(pack, entries, new HashMap<>(count * 2), cacheBytes);
        // Every object's id, in pack order (a delta's base comes before it, so the cache serves it).
        for (int i = 0; i < count; i++) {
            byte[] content = p.content(i);
            p.byId.put(HexFormat.of().formatHex(id(entries[i].type, content)), i);
        }
        return p;
    }

    private static int inflateFully(Inflater inflater, byte[] out, int start) throws ArchiveException {
        int n = 0;
        try {
            while (!inflater.finished()) {
                int k = inflater.inflate(out, n, out.length - n);
                n += k;
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary() || n == out.length)) {
                    if (inflater.finished()) {
                        break;
                    }
                    if (n == out.length) {
                        // the stream may still have its end marker to give: one more call with no room
                        if (inflater.inflate(new byte[1]) != 0) {
                            throw new ArchiveException("git pack: object at offset " + start + " is larger than its header says");
                        }
                        if (inflater.finished()) {
                            break;
                        }
                    }
                    throw new ArchiveException("git pack: object at offset " + start + " is truncated");
                }
            }
        } catch (DataFormatException e) {
            throw new ArchiveException("git pack: object at offset " + start + " is damaged: " + e.getMessage(), e);
        }
        return n;
    }

    /** The git object id: SHA-1 of "TYPE SIZE\0" and the content. */
    static byte[] id(int type, byte[] content) {
        MessageDigest sha = sha1();
        sha.update((TYPE_NAMES[type] + " " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
        sha.update(content);
        return sha.digest();
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The type of the object with this id (hex), or 0 when the pack has none. */
    int typeOf(String id) {
        Integer i = byId.get(id);
        return i == null ? 0 : entries[i].type;
    }

    /** The content of the object with this id (hex), or null when the pack has none. */
    byte[] read(String id) throws ArchiveException {
        Integer i = byId.get(id);
        return i == null ? null : content(i);
    }

    /** An object's content (callers must not modify it: it may be cached). */
    private byte[] content(int i) throws ArchiveException {
        byte[] cached = cache.get(i);
        if (cached != null) {
            return cached;
        }
        // Walk down to the nearest whole or cached object, then apply the deltas back up (no recursion:
        // chains are up to git's depth, 50 by default, but a hostile pack could make them longer).
        List<Integer> chain = new ArrayList<>();
        int k = i;
        byte[] content = null;
        while (true) {
            byte[] c = cache.get(k);
            if (c != null) {
                content = c;
                break;
            }
            Entry e = entries[k];
            if (e.base < 0) {
                content = inflateWhole(e, k);
                cache.put(k, content);
                break;
            }
            chain.add(k);
            k = e.base;
        }
        for (int d = chain.size() - 1; d >= 0; d--) {
            int at = chain.get(d);
            content = Delta.apply(content, entries[at].delta, at);
            cache.put(at, content);
        }
        return content;
    }

    private byte[] inflateWhole(Entry e, int index) throws ArchiveException {
        // The size was checked when parsing; inflate again from the data offset.
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(pack, e.dataAt, pack.length - 20 - e.dataAt);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 16);
            byte[] buf = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new ArchiveException("git pack: object " + index + " is truncated");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException x) {
            throw new ArchiveException("git pack: object " + index + " is damaged: " + x.getMessage(), x);
        } finally {
            inflater.end();
        }
    }

    private static int int32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    /** git's delta format: the sizes, then copy-from-base and insert instructions. */
    static final class Delta {
        static byte[] apply(byte[] base, byte[] delta, int index) throws ArchiveException {
            try {
                int[] at = {0};
                long baseSize = varint(delta, at);
                long size = varint(delta, at);
                if (baseSize != base.length || size > Integer.MAX_VALUE - 16) {
                    throw new ArchiveException("git pack: delta " + index + " does not fit its base");
                }
                byte[] out = new byte[(int) size];
                int o = 0;
                int p = at[0];
                while (p < delta.length) {
                    int op = delta[p++] & 0xff;
                    if ((op & 0x80) != 0) {
                        long offset = 0;
                        long length = 0;
                        for (int bit = 0; bit < 4; bit++) {
                            if ((op & (1 << bit)) != 0) {
                                offset |= (long) (delta[p++] & 0xff) << (8 * bit);
                            }
                        }
                        for (int bit = 0; bit < 3; bit++) {
                            if ((op & (0x10 << bit)) != 0) {
                                length |= (long) (delta[p++] & 0xff) << (8 * bit);
                            }
                        }
                        if (length == 0) {
                            length = 0x10000;
                        }
                        if (offset + length > base.length || o + length > out.length) {
                            throw new ArchiveException("git pack: delta " + index + " copies outside its base");
                        }
                        System.arraycopy(base, (int) offset, out, o, (int) length);
                        o += (int) length;
                    } else if (op != 0) {
                        if (o + op > out.length || p + op > delta.length) {
                            throw new ArchiveException("git pack: delta " + index + " inserts past its end");
                        }
                        System.arraycopy(delta, p, out, o, op);
                        p += op;
                        o += op;
                    } else {
                        throw new ArchiveException("git pack: delta " + index + " has a reserved instruction");
                    }
                }
                if (o != out.length) {
                    throw new ArchiveException("git pack: delta " + index + " makes " + o + " bytes, not " + out.length);
                }
                return out;
            } catch (ArrayIndexOutOfBoundsException e) {
                throw new ArchiveException("git pack: delta " + index + " is truncated", e);
            }
        }

        private static long varint(byte[] b, int[] at) {
            long v = 0;
            int shift = 0;
            int c;
            do {
                c = b[at[0]++] & 0xff;
                v |= (long) (c & 0x7f) << shift;
                shift += 7;
            } while ((c & 0x80) != 0 && shift < 63);
            return v;
        }
    }

    /** Resolved objects by index, least recently used dropped beyond a byte budget. */
    private static final class Cache {
        private final long budget;
        private long used;
        private final LinkedHashMap<Integer, byte[]> map = new LinkedHashMap<>(256, 0.75f, true);

        Cache(long budget) {
            this.budget = budget;
        }

        byte[] get(int i) {
            return map.get(i);
        }

        void put(int i, byte[] content) {
            byte[] old = map.put(i, content);
            used += content.length - (old == null ? 0 : old.length);
            var it = map.entrySet().iterator();
            while (used > budget && map.size() > 1 && it.hasNext()) {
                var e = it.next();
                if (e.getKey() == i) {
                    continue;
                }
                used -= e.getValue().length;
                it.remove();
            }
        }
    }
}
