package corebank.ledger;

import corebank.audit.AuditEvent;

import java.util.Locale;

/**
 * What a caller requires of a transfer's accounts beyond the ledger's own rules, stated as data
 * and checked by the batch where it reads the accounts anyway (BatchApplier), so the caller does
 * not read them first. The check comes before the Idempotency-Key is looked at; a transfer that
 * fails it is answered {@code not_found} on the side's field, as if the account did not exist,
 * moves nothing, writes no ledger audit event and is not stored under the key.
 *
 * @param debitOwnerRef     the owner the debit account must have; null for any
 * @param debitAccessDenied written (at the batch's time) when the debit account is not the
 *                          owner's or does not exist; null for none
 * @param creditKind        the kind the credit account must be; null for any
 * @param creditAccessDenied written (at the batch's time, its target the credit account) when
 *                          the credit account exists but is not of that kind (a customer naming
 *                          one of the bank's own accounts); null for none
 */
public record TransferConditions(String debitOwnerRef, AuditEvent debitAccessDenied, AccountKind creditKind,
                                 AuditEvent creditAccessDenied) {

    public TransferConditions(String debitOwnerRef, AuditEvent debitAccessDenied, AccountKind creditKind) {
        this(debitOwnerRef, debitAccessDenied, creditKind, null);
    }

    String debitRefusalDetail(AccountNumber number) {
        return "no account " + number;
    }

    String creditRefusalDetail(AccountNumber number) {
        String kind = creditKind == AccountKind.CUSTOMER_DEPOSIT ? "customer"
                : creditKind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return "no " + kind + " account " + number;
    }
}
