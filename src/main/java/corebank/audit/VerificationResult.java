package corebank.audit;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The outcome of checking the audit log against a signed checkpoint.
 *
 * @param firstBadPosition the first log position whose event is missing, altered, moved or
 *                         forged; -1 when none
 */
@Serdeable
public record VerificationResult(boolean ok, long treeSize, long checkedPositions, long firstBadPosition, @io.micronaut.core.annotation.Nullable String problem) {

    public static VerificationResult good(long treeSize) {
        return new VerificationResult(true, treeSize, treeSize, -1, null);
    }

    public static VerificationResult bad(long treeSize, long checked, long position, String problem) {
        return new VerificationResult(false, treeSize, checked, position, problem);
    }
}
