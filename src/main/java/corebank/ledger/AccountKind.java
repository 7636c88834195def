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
    EQUITY(Side.CREDIT);

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
