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
 * position order. An entry's event is recomputed into its leaf and compared with the leaf that
 * was sealed; the sealed leaves must rebuild the checkpoint's root, whose signature must hold.
 * The first position where anything differs is reported.
 */
public final class LogVerifier {

    /** One position of the log: the leaf sealed there and the canonical JSON of the event found there now (or null). */
    public record Entry(long position, byte[] sealedLeaf, String eventJson) {
        public static Entry of(AuditRecord r) {
            return new Entry(r.position(), r.leafHash(), r.occurredAt() == null ? null : r.canonicalJson());
        }
    }

    private final long treeSize;
    private final byte[] expectedRoot;
    private final List<byte[]> leaves = new ArrayList<>();
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
        if (entry.eventJson() == null) {
            fail(entry.position(), "the event sealed at position " + entry.position() + " is gone");
        } else if (!MessageDigest.isEqual(MerkleTree.leafHash(entry.eventJson().getBytes(StandardCharsets.UTF_8)), entry.sealedLeaf())) {
            fail(entry.position(), "the event at position " + entry.position() + " is not the one that was sealed there");
        }
    }

    /** Records an event found where the log says none belongs (forged into sealed history). */
    public void forgedBefore(long position, long eventId) {
        fail(position, "event " + eventId + " was inserted into the sealed history before position " + position);
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
