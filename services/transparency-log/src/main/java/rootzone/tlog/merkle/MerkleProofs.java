package rootzone.tlog.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Merkle tree heads, inclusion and consistency proofs (RFC 9162 §2.1.2–2.1.4): generation by the
 * recursive definitions over any {@link HashSource}, verification by the iterative algorithms of
 * §2.1.3.2 and §2.1.4.2, which need nothing but the hashes.
 */
public final class MerkleProofs {

    /** MTH(D[0:n]), §2.1.1. */
    public static byte[] treeHash(HashSource hashes, long n) {
        if (n < 0) {
            throw new IllegalArgumentException("tree size " + n);
        }
        return n == 0 ? Hashes.emptyTree() : rangeHash(hashes, 0, n);
    }

    /**
     * MTH(D[lo:hi]) for the ranges the recursion of §2.1 visits: lo is a multiple of the smallest
     * power of two not below hi - lo, so the range splits into complete subtrees, largest first.
     */
    static byte[] rangeHash(HashSource hashes, long lo, long hi) {
        long n = hi - lo;
        if (Long.bitCount(n) == 1) {
            int level = Long.numberOfTrailingZeros(n);
            return hashes.subtree(level, lo >>> level);
        }
        long k = largestPowerOfTwoBelow(n);
        return Hashes.node(rangeHash(hashes, lo, lo + k), rangeHash(hashes, lo + k, hi));
    }

    /** PATH(index, D[0:n]), §2.1.3.1: the audit path from the leaf's sibling up to the root's child. */
    public static List<byte[]> inclusion(HashSource hashes, long index, long n) {
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + n);
        }
        List<byte[]> proof = new ArrayList<>();
        path(hashes, index, 0, n, proof);
        return proof;
    }

    private static void path(HashSource hashes, long m, long lo, long hi, List<byte[]> out) {
        long n = hi - lo;
        if (n == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m - lo < k) {
            path(hashes, m, lo, lo + k, out);
            out.add(rangeHash(hashes, lo + k, hi));
        } else {
            path(hashes, m, lo + k, hi, out);
            out.add(rangeHash(hashes, lo, lo + k));
        }
    }

    /** PROOF(m, D[0:n]), §2.1.4.1; empty when m is 0 or n (nothing to prove). */
    public static List<byte[]> consistency(HashSource hashes, long m, long n) {
        if (m < 0 || m > n) {
            throw new IllegalArgumentException("no consistency proof from size " + m + " to size " + n);
        }
        List<byte[]> proof = new ArrayList<>();
        if (m > 0 && m < n) {
            subproof(hashes, m, 0, n, true, proof);
        }
        return proof;
    }

    private static void subproof(HashSource hashes, long m, long lo, long hi, boolean complete, List<byte[]> out) {
        long n = hi - lo;
        if (m == n) {
            if (!complete) {
                out.add(rangeHash(hashes, lo, hi));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(hashes, m, lo, lo + k, complete, out);
            out.add(rangeHash(hashes, lo + k, hi));
        } else {
            subproof(hashes, m - k, lo + k, hi, false, out);
            out.add(rangeHash(hashes, lo, lo + k));
        }
    }

    /** §2.1.3.2: whether the proof shows the leaf hash at index in the tree of size n with this root. */
    public static boolean verifyInclusion(long index, long n, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= n || !allHashes(proof) || leafHash.length != Hashes.SIZE) {
            return false;
        }
        long fn = index;
        long sn = n - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = Hashes.node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = Hashes.node(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * §2.1.4.2: whether the proof shows the tree of size n with rootN extends the tree of size m with
     * rootM. m = 0 is consistent with anything (empty proof); m = n needs equal roots and no proof.
     */
    public static boolean verifyConsistency(long m, long n, byte[] rootM, byte[] rootN, List<byte[]> proof) {
        if (m < 0 || m > n || !allHashes(proof)) {
            return false;
        }
        if (m == 0) {
            return proof.isEmpty();
        }
        if (m == n) {
            return proof.isEmpty() && MessageDigest.isEqual(rootM, rootN);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = proof;
        if (Long.bitCount(m) == 1) {
            path = new ArrayList<>(proof.size() + 1);
            path.add(rootM);
            path.addAll(proof);
        }
        long fn = m - 1;
        long sn = n - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = Hashes.node(c, fr);
                sr = Hashes.node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = Hashes.node(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, rootM) && MessageDigest.isEqual(sr, rootN);
    }

    /**
     * The first leaf index where two trees of size n differ, by descending from the root through the
     * subtrees whose hashes differ (O(log n) hashes); empty when their roots are equal.
     */
    public static java.util.OptionalLong firstDifference(HashSource a, HashSource b, long n) {
        long lo = 0;
        long hi = n;
        if (n == 0 || MessageDigest.isEqual(rangeHash(a, 0, n), rangeHash(b, 0, n))) {
            return java.util.OptionalLong.empty();
        }
        while (hi - lo > 1) {
            long k = largestPowerOfTwoBelow(hi - lo);
            if (!MessageDigest.isEqual(rangeHash(a, lo, lo + k), rangeHash(b, lo, lo + k))) {
                hi = lo + k;
            } else {
                lo = lo + k;
            }
        }
        return java.util.OptionalLong.of(lo);
    }

    /** The largest power of two smaller than n (n ≥ 2): the split point k of RFC 9162 §2.1.1. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static boolean allHashes(List<byte[]> proof) {
        for (byte[] h : proof) {
            if (h == null || h.length != Hashes.SIZE) {
                return false;
            }
        }
        return true;
    }

    private MerkleProofs() {}
}
