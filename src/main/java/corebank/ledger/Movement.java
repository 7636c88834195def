package corebank.ledger;

import java.util.Objects;

/**
 * Money to move from one account to another, in typed values: what a transfer or a hold is
 * asked to do. Parsing happened at the edge; rules that need the accounts (existence,
 * currency, funds, status) are the batch's.
 *
 * @param description free text, may be null; its length is checked by {@link Ledger}
 */
public record Movement(AccountNumber debitAccount, AccountNumber creditAccount, Money amount, String description) {

    public Movement {
        Objects.requireNonNull(debitAccount, "debitAccount");
        Objects.requireNonNull(creditAccount, "creditAccount");
        Objects.requireNonNull(amount, "amount");
    }
}
