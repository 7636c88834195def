package corebank.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks a sealed log, position by position, against a signed checkpoint. Shared by the engine
 * (reading the database) and the offline verifier (reading an export): both feed it entries in
 * position order. Each position's subject (an event, a journal entry, an account) is recomputed
 * from its rows into its leaf and compared with the leaf that was sealed; the sealed leaves must
 * rebuild the checkpoint's root, whose signature must hold; the tree must extend the latest
 * witnessed checkpoint. The first position where anything differs is reported.
 */
public final class LogVerifier {

    /** One position of the log: the leaf sealed there and the canonical JSON of its subject found there now (or null). */
    public record Entry(long position, byte[] sealedLeaf, SealedLeaf.Subject subject, String canonical) {
        public static Entry of(SealedLeaf l) {
            return new Entry(l.position(), l.leafHash(), l.subject(), l.canonical());
        }
    }

    /** A row found in sealed history without a log position, and the position it would precede. */
    public record Forged(String what, long beforePosition) {
    }

    /** A checkpoint kept outside the database (a witness): the log must extend it. */
    public record Witnessed(long treeSize, byte[] rootHash) {
    }

    private final long treeSize;
    private final byte[] expectedRoot;
    private final List<byte[]> leaves = new ArrayList<>();
    private final List<Witnessed> witnessed = new ArrayList<>();
    private long firstBad = -1;
    private String problem;
    private long expectedPosition;

    public LogVerifier(long treeSize, byte[] expectedRoot, Instant signedAt, byte[] signature, byte[] publicKey) {
        this.treeSize = treeSize;
        this.expectedRoot = expectedRoot;
        if (!AuditSigner.verify(publicKey, treeSize, expectedRoot, signedAt, signature)) {
            fail(0, "the checkpoint's signature does not verify with this public key");
        }
    }

    /** Feeds the next entry; entries must come in position order. */
    public void accept(Entry entry) {
        if (entry.position() >= treeSize) {
            return;
        }
        if (entry.position() != expectedPosition) {
            fail(expectedPosition, "log position " + expectedPosition + " is missing");
            expectedPosition = entry.position();
        }
        leaves.add(entry.sealedLeaf());
        expectedPosition++;
        String label = entry.subject().label;
        if (entry.canonical() == null) {
            fail(entry.position(), "the " + label + " sealed at position " + entry.position() + " is gone");
        } else if (!MessageDigest.isEqual(MerkleTree.leafHash(entry.canonical().getBytes(StandardCharsets.UTF_8)), entry.sealedLeaf())) {
            fail(entry.position(), "the " + label + " at position " + entry.position() + " is not the one that was sealed there");
        }
    }

    /** Records a row found where the log says none belongs (forged into sealed history). */
    public void forged(Forged forged) {
        fail(forged.beforePosition(), forged.what() + " was inserted into the sealed history before position " + forged.beforePosition());
    }

    /** Records any other problem found at a position (an account whose totals disagree with its postings, an untrusted witness). */
    public void problemAt(long position, String why) {
        fail(position, why);
    }

    /** The log must be at least as large as this witnessed checkpoint and agree with it. */
    public void witnessed(Witnessed checkpoint) {
        witnessed.add(checkpoint);
    }

    public VerificationResult finish() {
        if (expectedPosition < treeSize) {
            fail(expectedPosition, "the log ends at position " + expectedPosition + " but the checkpoint covers " + treeSize);
        }
        if (firstBad < 0 && leaves.size() == treeSize) {
            byte[] root = MerkleTree.root(MerkleTree.inMemory(leaves), treeSize);
            if (!MessageDigest.isEqual(root, expectedRoot)) {
                fail(0, "the sealed leaves do not rebuild the signed root " + Base64.getEncoder().encodeToString(expectedRoot));
            }
        }
        for (Witnessed w : witnessed) {
            if (w.treeSize() > treeSize) {
                fail(treeSize, "the log was rolled back: its latest checkpoint covers " + treeSize
                        + " leaves but a witnessed checkpoint covers " + w.treeSize());
            } else if (leaves.size() == treeSize && w.treeSize() > 0
                    && !MessageDigest.isEqual(MerkleTree.root(MerkleTree.inMemory(leaves), w.treeSize()), w.rootHash())) {
                fail(0, "the log is not consistent with the witnessed checkpoint of " + w.treeSize()
                        + " leaves: its first " + w.treeSize() + " leaves do not rebuild the witnessed root");
            }
        }
        return firstBad < 0 ? VerificationResult.good(treeSize)
                : VerificationResult.bad(treeSize, Math.min(expectedPosition, treeSize), firstBad, problem);
    }

    private void fail(long position, String why) {
        if (firstBad < 0 || position < firstBad) {
            firstBad = position;
            problem = why;
        }
    }
}
