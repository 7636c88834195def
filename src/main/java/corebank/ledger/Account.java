package corebank.ledger;

import java.time.Instant;
import java.util.Currency;

/**
 * An account and its balances as read from the ledger. All figures are minor units.
 *
 * <p>{@code balanceMinor} is the posted balance on the account's normal side (positive when a
 * customer's deposit holds money); {@code availableMinor} also deducts reservations (holds)
 * that would reduce it. {@code product} is null for bank-internal accounts.
 */
public record Account(long id, String number, AccountKind kind, Currency currency, String name, String ownerRef,
                      boolean debitsMustNotExceedCredits, boolean creditsMustNotExceedDebits,
                      long overdraftLimitMinor, AccountStatus status,
                      long debitsPostedMinor, long creditsPostedMinor, long debitsPendingMinor,
                      long creditsPendingMinor, long postingCount, Instant createdAt, AccountProduct product) {

    public long balanceMinor() {
        return kind.normalSide() == Side.CREDIT
                ? creditsPostedMinor - debitsPostedMinor
                : debitsPostedMinor - creditsPostedMinor;
    }

    public long availableMinor() {
        return kind.normalSide() == Side.CREDIT
                ? balanceMinor() - debitsPendingMinor
                : balanceMinor() - creditsPendingMinor;
    }
}
