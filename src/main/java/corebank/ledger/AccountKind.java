package corebank.ledger;

/**
 * What an account is for. The normal side says which side increases its balance: a customer's
 * deposit is the bank's liability (credit-normal); cash in the vault is an asset (debit-normal).
 */
public enum AccountKind {
    CUSTOMER_DEPOSIT(Side.CREDIT),
    CASH_VAULT(Side.DEBIT),
    CLEARING(Side.CREDIT),
    SETTLEMENT(Side.DEBIT),
    FEE_INCOME(Side.CREDIT),
    SUSPENSE(Side.DEBIT),
    EQUITY(Side.CREDIT),
    /** A teller's cash drawer (cash desk): an asset like the vault, one per teller and currency. */
    TILL(Side.DEBIT),
    /** Where counted till differences are posted, per currency; net shortages are a loss, so debit-normal. */
    CASH_OVER_SHORT(Side.DEBIT);

    private final Side normalSide;

    AccountKind(Side normalSide) {
        this.normalSide = normalSide;
    }

    public Side normalSide() {
        return normalSide;
    }

    public boolean isBankInternal() {
        return this != CUSTOMER_DEPOSIT;
    }
}
