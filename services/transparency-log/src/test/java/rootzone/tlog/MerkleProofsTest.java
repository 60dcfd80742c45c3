package rootzone.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import rootzone.tlog.merkle.HashSource;
import rootzone.tlog.merkle.Hashes;
import rootzone.tlog.merkle.MerkleProofs;

/** RFC 9162 §2.1 tree heads and proofs against the definitions computed naively, and the test vectors of Certificate Transparency. */
class MerkleProofsTest {

    private static final HexFormat HEX = HexFormat.of();

    /** MTH(D[lo:hi]) straight from RFC 9162 §2.1.1. */
    static byte[] mth(List<byte[]> leaves, int lo, int hi) {
        if (hi - lo == 1) {
            return Hashes.leaf(leaves.get(lo));
        }
        int k = Integer.highestOneBit(hi - lo - 1);
        return Hashes.node(mth(leaves, lo, lo + k), mth(leaves, lo + k, hi));
    }

    static HashSource naive(List<byte[]> leaves) {
        return (level, index) -> {
            int lo = (int) (index << level);
            int hi = (int) ((index + 1) << level);
            if (hi > leaves.size()) {
                throw new IllegalArgumentException("incomplete");
            }
            return mth(leaves, lo, hi);
        };
    }

    static List<byte[]> leaves(int n) {
        List<byte[]> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(("leaf " + i).getBytes());
        }
        return l;
    }

    @Test
    void certificateTransparencyTestVectors() {
        // certificate-transparency merkle_tree_test: eight leaves, the roots of their prefixes
        List<byte[]> leaves = List.of(HEX.parseHex(""), HEX.parseHex("00"), HEX.parseHex("10"), HEX.parseHex("2021"),
                HEX.parseHex("3031"), HEX.parseHex("40414243"), HEX.parseHex("5051525354555657"),
                HEX.parseHex("606162636465666768696a6b6c6d6e6f"));
        String[] roots = {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        };
        for (int n = 1; n <= 8; n++) {
            assertEquals(roots[n - 1], HEX.formatHex(MerkleProofs.treeHash(naive(leaves.subList(0, n)), n)), "size " + n);
        }
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", HEX.formatHex(MerkleProofs.treeHash(naive(List.of()), 0)));
    }

    @Test
    void everyInclusionProofOfSmallTreesVerifiesAndNoOtherDoes() {
        List<byte[]> leaves = leaves(70);
        HashSource src = naive(leaves);
        for (int n = 1; n <= 70; n++) {
            byte[] root = MerkleProofs.treeHash(src, n);
            assertArrayEquals(mth(leaves, 0, n), root);
            for (int i = 0; i < n; i++) {
                List<byte[]> p = MerkleProofs.inclusion(src, i, n);
                byte[] leaf = Hashes.leaf(leaves.get(i));
                assertTrue(MerkleProofs.verifyInclusion(i, n, leaf, p, root), n + "/" + i);
                assertFalse(MerkleProofs.verifyInclusion(i, n, Hashes.leaf("other".getBytes()), p, root));
                if (n > 1) {
                    assertFalse(MerkleProofs.verifyInclusion((i + 1) % n, n, leaf, p, root), "wrong index " + n + "/" + i);
                    List<byte[]> shorter = p.subList(0, p.size() - 1);
                    assertFalse(MerkleProofs.verifyInclusion(i, n, leaf, shorter, root));
                }
            }
        }
    }

    @Test
    void everyConsistencyProofOfSmallTreesVerifiesAndForksDoNot() {
        List<byte[]> leaves = leaves(40);
        HashSource src = naive(leaves);
        List<byte[]> forked = new ArrayList<>(leaves);
        forked.set(0, "rewritten".getBytes());
        for (int n = 1; n <= 40; n++) {
            byte[] rootN = MerkleProofs.treeHash(src, n);
            for (int m = 0; m <= n; m++) {
                byte[] rootM = m == 0 ? Hashes.emptyTree() : MerkleProofs.treeHash(src, m);
                List<byte[]> p = MerkleProofs.consistency(src, m, n);
                assertTrue(MerkleProofs.verifyConsistency(m, n, rootM, rootN, p), m + "->" + n);
                if (m > 0) {
                    byte[] forkM = mth(forked, 0, m);
                    assertFalse(MerkleProofs.verifyConsistency(m, n, forkM, rootN, p), "fork at " + m + "->" + n);
                }
                if (m > 0 && m < n) {
                    assertFalse(MerkleProofs.verifyConsistency(m, n, rootM, mth(forked, 0, n), p));
                    assertFalse(MerkleProofs.verifyConsistency(m, n, rootM, rootN, p.subList(1, p.size())));
                }
            }
        }
        // the same size with two roots is never consistent
        assertFalse(MerkleProofs.verifyConsistency(5, 5, mth(leaves, 0, 5), mth(forked, 0, 5), List.of()));
    }

    @Test
    void firstDifferenceFindsTheRewrittenLeaf() {
        List<byte[]> a = leaves(1000);
        for (int changed : new int[] {0, 1, 255, 256, 511, 999}) {
            List<byte[]> b = new ArrayList<>(a);
            b.set(changed, "x".getBytes());
            assertEquals(OptionalLong.of(changed), MerkleProofs.firstDifference(naive(a), naive(b), 1000));
        }
        assertEquals(OptionalLong.empty(), MerkleProofs.firstDifference(naive(a), naive(a), 1000));
    }
}
