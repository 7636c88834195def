package corebank.ledger;

import corebank.platform.ErrorCode;

/** What a customer's deposit account is sold as; bank-internal accounts have none. */
public enum AccountProduct {
    CURRENT, SAVINGS;

    /** A client's product name, or {@code validation_failed} naming {@code field}. */
    public static AccountProduct parse(String text, String field) {
        for (AccountProduct p : values()) {
            if (p.name().equals(text)) {
                return p;
            }
        }
        throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED, field + " must be CURRENT or SAVINGS", field);
    }
}
