package rootzone.zone;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A hash tree over a version's full content (every record, signatures and ZONEMD included, in
 * canonical wire form and order, RFC 4034 §6, original TTL), whose root a version can state in place
 * of the flat {@link ContentDigest}: the next version's root costs the blocks its change touched, not
 * a pass over the zone.
 *
 * <ol>
 *   <li><b>Blocks.</b> The owners in canonical order are cut into runs: a run ends after an owner
 *       whose name hash is 0 modulo {@value Zone#BLOCK_OWNERS} (FNV-1a 32 over the owner's canonical
 *       wire form, lower case; see Zone.endsBlock), and at the last owner. Where runs end depends on
 *       the names alone, never on the versions a zone went through. Block digest: SHA-256 of 0x00
 *       then the block's records, each as ContentDigest feeds it (owner, type, class, TTL, RDATA
 *       length, canonical RDATA).</li>
 *   <li><b>Pages.</b> Consecutive blocks are cut the same way: a page ends after a block whose digest's
 *       first byte is 0 modulo {@value #PAGE_BLOCKS}, and at the last block. Page digest: SHA-256 of
 *       0x01 then its block digests.</li>
 *   <li><b>Root.</b> SHA-256 of the ASCII context {@code rootzone content root v1}, one 0x00 byte, the
 *       page count (4 bytes, big-endian), then the page digests. A zone without records has no pages.</li>
 * </ol>
 *
 * The prefixes keep a block's digest from ever being read as a page's (as RFC 6962 §2.1 does for
 * leaves and nodes). Blocks and pages are shared between versions, and each keeps its digest, so a
 * version of a 1,000,000-record zone re-digests a few blocks and pages and the list of page digests.
 */
public final class ContentRoot {

    /** Its name among the zone's cached digests. */
    static final String NAME = "content-root-v1";
    static final int PAGE_BLOCKS = 64;
    /** From this many blocks on (about 250,000 records), missing block digests are made side by side. */
    private static final int PARALLEL_BLOCKS = 4096;

    private static final byte[] CONTEXT = "rootzone content root v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The page a block ended when its digest was last made: its blocks (by identity) and digest. */
    record Page(Zone.Block[] blocks, byte[] digest) {}

    /** The content root of a version (32 bytes), computed once per version; a copy. */
    public static byte[] of(Zone zone) {
        return zone.digest(NAME, () -> compute(zone));
    }

    private static byte[] compute(Zone zone) {
        MessageDigest sha = ContentDigest.newDigest();
        Zone.Block[] blocks = zone.blocks();
        if (blocks.length >= PARALLEL_BLOCKS) {
            // Blocks digest independently: a version built whole (a first one, a 1,000,000-record zone) has none yet.
            java.util.Arrays.stream(blocks).parallel().filter(b -> b.digest == null)
                    .forEach(b -> blockDigest(ContentDigest.newDigest(), b));
        }
        List<byte[]> pages = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < blocks.length; k++) {
            byte[] d = blockDigest(sha, blocks[k]);
            if ((d[0] & (PAGE_BLOCKS - 1)) == 0 || k == blocks.length - 1) {
                pages.add(pageDigest(sha, blocks, start, k + 1));
                start = k + 1;
            }
        }
        sha.update(CONTEXT);
        sha.update((byte) 0);
        int n = pages.size();
        sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        for (byte[] p : pages) {
            sha.update(p);
        }
        return sha.digest();
    }

    private static byte[] blockDigest(MessageDigest sha, Zone.Block block) {
        byte[] d = block.digest;
        if (d == null) {
            sha.update((byte) 0);
            CanonicalDigest.update(sha, block);
            block.digest = d = sha.digest();
        }
        return d;
    }

    /** The digest of blocks [from, to), kept with the page's last block and reused while its blocks are the same. */
    private static byte[] pageDigest(MessageDigest sha, Zone.Block[] blocks, int from, int to) {
        Zone.Block last = blocks[to - 1];
        Page kept = last.page;
        if (kept != null && kept.blocks().length == to - from) {
            boolean same = true;
            for (int k = from; k < to && same; k++) {
                same = kept.blocks()[k - from] == blocks[k];
            }
            if (same) {
                return kept.digest();
            }
        }
        sha.update((byte) 1);
        for (int k = from; k < to; k++) {
            sha.update(blocks[k].digest);
        }
        byte[] d = sha.digest();
        last.page = new Page(java.util.Arrays.copyOfRange(blocks, from, to), d);
        return d;
    }

    private ContentRoot() {}
}
