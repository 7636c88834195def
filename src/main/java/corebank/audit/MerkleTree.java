package corebank.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6962 (Certificate Transparency) Merkle tree hashing over SHA-256: leaves are hashed as
 * SHA-256(0x00 || data), interior nodes as SHA-256(0x01 || left || right), and a tree of n
 * leaves splits at the largest power of two below n. Proofs follow RFC 6962 section 2.1.
 * Node hashes come from a {@link Nodes} source, so the same code serves the database-backed
 * log (stored perfect subtrees) and the offline verifier (leaves in memory).
 */
public final class MerkleTree {

    /** Hash of the leaves [start, start + size); size ≥ 1. */
    public interface Nodes {
        byte[] hash(long start, long size);
    }

    private MerkleTree() {
    }

    public static byte[] leafHash(byte[] data) {
        MessageDigest d = sha256();
        d.update((byte) 0x00);
        d.update(data);
        return d.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = sha256();
        d.update((byte) 0x01);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** Largest power of two strictly smaller than n (n ≥ 2). */
    public static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** MTH of [start, start + size) computed from {@code nodes}, recursing only where subtrees are not perfect. */
    public static byte[] subtreeHash(Nodes nodes, long start, long size) {
        if (size == 0) {
            return emptyRoot();
        }
        if (Long.bitCount(size) == 1 && start % size == 0) {
            return nodes.hash(start, size);
        }
        long k = split(size);
        return nodeHash(subtreeHash(nodes, start, k), subtreeHash(nodes, start + k, size - k));
    }

    public static byte[] root(Nodes nodes, long size) {
        return subtreeHash(nodes, 0, size);
    }

    /** PATH(m, D[n]): the audit path of leaf m in the tree of the first n leaves. */
    public static List<byte[]> inclusionProof(Nodes nodes, long m, long n) {
        if (m < 0 || m >= n) {
            throw new IllegalArgumentException("leaf " + m + " is not in a tree of " + n);
        }
        List<byte[]> path = new ArrayList<>();
        inclusion(nodes, m, 0, n, path);
        return path;
    }

    private static void inclusion(Nodes nodes, long m, long start, long n, List<byte[]> path) {
        if (n == 1) {
            return;
        }
        long k = split(n);
        if (m < k) {
            inclusion(nodes, m, start, k, path);
            path.add(subtreeHash(nodes, start + k, n - k));
        } else {
            inclusion(nodes, m - k, start + k, n - k, path);
            path.add(subtreeHash(nodes, start, k));
        }
    }

    /** PROOF(m, D[n]): that the tree of the first m leaves is a prefix of the tree of n. */
    public static List<byte[]> consistencyProof(Nodes nodes, long m, long n) {
        if (m < 1 || m > n) {
            throw new IllegalArgumentException("no consistency proof from " + m + " to " + n);
        }
        List<byte[]> proof = new ArrayList<>();
        if (m < n) {
            subproof(nodes, m, 0, n, true, proof);
        }
        return proof;
    }

    private static void subproof(Nodes nodes, long m, long start, long n, boolean complete, List<byte[]> proof) {
        if (m == n) {
            if (!complete) {
                proof.add(subtreeHash(nodes, start, n));
            }
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(nodes, m, start, k, complete, proof);
            proof.add(subtreeHash(nodes, start + k, n - k));
        } else {
            subproof(nodes, m - k, start + k, n - k, false, proof);
            proof.add(subtreeHash(nodes, start, k));
        }
    }

    /** Nodes over leaf hashes held in memory (the offline verifier, tests). */
    public static Nodes inMemory(List<byte[]> leafHashes) {
        return (start, size) -> {
            if (size == 1) {
                return leafHashes.get((int) start);
            }
            long k = split(size);
            return nodeHash(subtreeHash(inMemory(leafHashes), start, k), subtreeHash(inMemory(leafHashes), start + k, size - k));
        };
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
