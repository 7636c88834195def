package corebank.ledger;

import corebank.platform.ErrorCode;

import java.util.Currency;

/**
 * The working copy of an account's balances inside one batch. Every change is checked first
 * with {@link #refusalFor}, which states in Java the same rules the database enforces with
 * CHECK constraints (limits, caps, non-negative totals) and a trigger (status): two layers for money.
 */
final class AccountState {

    final long id;
    final String number;
    final AccountKind kind;
    /** The account's owner (a customer or bank reference), for callers' conditions. */
    final String ownerRef;
    final Currency currency;
    final boolean debitsMustNotExceedCredits;
    final boolean creditsMustNotExceedDebits;
    final long overdraftLimitMinor;
    final AccountStatus status;
    long debitsPosted;
    long creditsPosted;
    long debitsPending;
    long creditsPending;
    long postingCount;
    boolean dirty;

    AccountState(long id, String number, AccountKind kind, String ownerRef, Currency currency, boolean debitsMustNotExceedCredits,
                 boolean creditsMustNotExceedDebits, long overdraftLimitMinor, AccountStatus status,
                 long debitsPosted, long creditsPosted, long debitsPending, long creditsPending, long postingCount) {
        this.id = id;
        this.number = number;
        this.kind = kind;
        this.ownerRef = ownerRef;
        this.currency = currency;
        this.debitsMustNotExceedCredits = debitsMustNotExceedCredits;
        this.creditsMustNotExceedDebits = creditsMustNotExceedDebits;
        this.overdraftLimitMinor = overdraftLimitMinor;
        this.status = status;
        this.debitsPosted = debitsPosted;
        this.creditsPosted = creditsPosted;
        this.debitsPending = debitsPending;
        this.creditsPending = creditsPending;
        this.postingCount = postingCount;
    }

    /** The refusal code if these deltas may not be applied, else null. Deltas may be negative. */
    ErrorCode refusalFor(long debitsPostedDelta, long creditsPostedDelta, long debitsPendingDelta, long creditsPendingDelta) {
        long dp = debitsPosted + debitsPostedDelta;
        long cp = creditsPosted + creditsPostedDelta;
        long dq = debitsPending + debitsPendingDelta;
        long cq = creditsPending + creditsPendingDelta;
        boolean takesMoney = debitsPostedDelta != 0 || creditsPostedDelta != 0 || debitsPendingDelta > 0 || creditsPendingDelta > 0;
        if (takesMoney && status == AccountStatus.FROZEN) {
            return ErrorCode.ACCOUNT_FROZEN;
        }
        if (takesMoney && status == AccountStatus.CLOSED) {
            return ErrorCode.ACCOUNT_CLOSED;
        }
        if (dp > Money.TOTAL_MAX_MINOR || cp > Money.TOTAL_MAX_MINOR || dq > Money.TOTAL_MAX_MINOR || cq > Money.TOTAL_MAX_MINOR) {
            return ErrorCode.LIMIT_EXCEEDED;
        }
        if (dp < 0 || cp < 0 || dq < 0 || cq < 0) {
            throw new IllegalStateException("negative total on account " + number + ": a ledger invariant is broken");
        }
        if (debitsMustNotExceedCredits && (debitsPostedDelta > 0 || debitsPendingDelta > 0) && dp + dq > cp + overdraftLimitMinor) {
            return ErrorCode.INSUFFICIENT_FUNDS;
        }
        if (creditsMustNotExceedDebits && (creditsPostedDelta > 0 || creditsPendingDelta > 0) && cp + cq > dp) {
            return ErrorCode.INSUFFICIENT_FUNDS;
        }
        return null;
    }

    void apply(long debitsPostedDelta, long creditsPostedDelta, long debitsPendingDelta, long creditsPendingDelta) {
        debitsPosted += debitsPostedDelta;
        creditsPosted += creditsPostedDelta;
        debitsPending += debitsPendingDelta;
        creditsPending += creditsPendingDelta;
        dirty = true;
    }

    /** Counts a posting and returns its sequence number within the account. */
    long nextPostingSeq() {
        dirty = true;
        return ++postingCount;
    }

    long balance() {
        return kind.normalSide() == Side.CREDIT ? creditsPosted - debitsPosted : debitsPosted - creditsPosted;
    }
}
