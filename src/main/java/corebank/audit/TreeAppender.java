package corebank.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Appends leaves to an RFC 6962 tree kept as its right edge: one perfect subtree per set bit of
 * the size. Appending merges equal-sized subtrees (like binary addition), which yields exactly
 * the new perfect-subtree nodes to store; the root folds the edge from right to left.
 */
final class TreeAppender {

    private record Subtree(int level, byte[] hash) {
    }

    private final List<Subtree> edge = new ArrayList<>();
    private final List<long[]> newCoordinates = new ArrayList<>();
    private final List<byte[]> newHashes = new ArrayList<>();
    private long size;

    private TreeAppender(long size) {
        this.size = size;
    }

    /** Rebuilds the right edge of a tree of {@code size} leaves from stored perfect subtrees. */
    static TreeAppender resume(long size, MerkleTree.Nodes stored) {
        TreeAppender tree = new TreeAppender(size);
        long offset = 0;
        for (int level = 62; level >= 0; level--) {
            long width = 1L << level;
            if ((size & width) != 0) {
                tree.edge.add(new Subtree(level, stored.hash(offset, width)));
                offset += width;
            }
        }
        return tree;
    }

    void append(byte[] leafHash) {
        Subtree carry = new Subtree(0, leafHash);
        long position = size;
        while (!edge.isEmpty() && edge.get(edge.size() - 1).level() == carry.level()) {
            Subtree left = edge.remove(edge.size() - 1);
            int level = carry.level() + 1;
            carry = new Subtree(level, MerkleTree.nodeHash(left.hash(), carry.hash()));
            newCoordinates.add(new long[]{level, (position + 1) / (1L << level) - 1});
            newHashes.add(carry.hash());
        }
        edge.add(carry);
        size++;
    }

    long size() {
        return size;
    }

    byte[] root() {
        if (edge.isEmpty()) {
            return MerkleTree.emptyRoot();
        }
        byte[] hash = edge.get(edge.size() - 1).hash();
        for (int i = edge.size() - 2; i >= 0; i--) {
            hash = MerkleTree.nodeHash(edge.get(i).hash(), hash);
        }
        return hash;
    }

    List<long[]> newNodeCoordinates() {
        return newCoordinates;
    }

    List<byte[]> newNodeHashes() {
        return newHashes;
    }
}
