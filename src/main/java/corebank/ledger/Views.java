package corebank.ledger;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Read models of the ledger, for screens, tellers and auditors. All amounts are minor units. */
public final class Views {

    private Views() {
    }

    public record PostingView(UUID entryId, int index, String accountNumber, Side side, long amountMinor,
                              String currency, long accountSeq, long balanceAfterMinor, Instant createdAt) {
    }

    public record EntryView(UUID id, EntryKind kind, String description, UUID reversesEntryId, UUID reversedByEntryId,
                            UUID holdId, String actor, String requestId, Instant createdAt, List<PostingView> postings) {
    }

    /** A page of an account's postings, newest first; {@code nextBefore} continues it (keyset). */
    public record PostingsPage(List<PostingView> postings, Long nextBefore) {
    }

    public record HoldView(UUID id, String debitAccount, String creditAccount, String currency, long amountMinor,
                           HoldStatus status, Long postedAmountMinor, UUID entryId, Instant expiresAt,
                           Instant createdAt, Instant resolvedAt, String description) {
    }

    /** Sums over all accounts may exceed a bigint in principle, so they are exact big integers. */
    public record TrialBalanceLine(String currency, BigInteger debitsPostedMinor, BigInteger creditsPostedMinor,
                                   BigInteger debitsPendingMinor, BigInteger creditsPendingMinor, long accounts) {
        public boolean balanced() {
            return debitsPostedMinor.equals(creditsPostedMinor) && debitsPendingMinor.equals(creditsPendingMinor);
        }
    }
}
