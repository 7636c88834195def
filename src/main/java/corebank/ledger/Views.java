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

    /**
     * The other side of an entry, as an account's history shows it: only the account's number,
     * name and kind are read, never its owner or balances. What of it a caller may show is the
     * caller's decision (the customer edge shows bank-internal accounts as "the bank").
     */
    public record Counterparty(String accountNumber, String name, AccountKind kind) {
    }

    /**
     * A line of an account's history: the posting, its entry's description and the other side
     * of the entry (null when the entry has more than one other leg), and the entry's kind.
     */
    public record HistoryLine(PostingView posting, String description, Counterparty counterparty, EntryKind kind) {
    }

    /** A page of an account's history, newest first; {@code nextBefore} continues it with the same filter. */
    public record HistoryPage(List<HistoryLine> lines, Long nextBefore) {
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
