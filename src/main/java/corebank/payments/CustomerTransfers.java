package corebank.payments;

import corebank.platform.ErrorCode;
import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.ledger.AccountKind;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.LedgerException;
import corebank.ledger.Movement;
import corebank.ledger.Outcome;
import corebank.ledger.SideFields;
import corebank.ledger.TransferConditions;
import corebank.ledger.Views;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * A customer's transfer: from an account the customer owns to any customer's deposit account
 * (their own or someone else's), never into a bank-internal account. The rules are stated here
 * and checked by the ledger inside the batch that moves the money, where both accounts are read
 * anyway, once each (TransferConditions):
 * <ul>
 *   <li>the source is the customer's own, else 404 {@code not_found} on fromAccount, exactly as
 *   for an account that does not exist, and the attempt is audited as
 *   {@code customer.object.access};</li>
 *   <li>the destination is a CUSTOMER_DEPOSIT account, else 404 {@code not_found} on toAccount;
 *   naming one of the bank's own accounts (suspense, equity, clearing...) is audited as
 *   {@code customer.object.access} too, a number that does not exist is not (any customer may
 *   mistype an account number).</li>
 * </ul>
 * Every refusal names the API's fields (fromAccount, toAccount) directly.
 */
@Singleton
public class CustomerTransfers {

    /** The customer API's names for the two sides. */
    public static final SideFields FIELDS = new SideFields("fromAccount", "toAccount");

    /** What the customer gets back: the entry written, and whether this was a replay of it. */
    public record Transferred(Views.EntryView entry, boolean replayed) {
    }

    private final Ledger ledger;
    private final Clock clock;

    CustomerTransfers(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Moves the money or throws the refusal (a LedgerException, marked replayed for a replay). */
    public Transferred transfer(String customerRef, Movement movement, IdempotencyRef idempotency, AuditContext context) {
        AuditEvent accessDenied = AuditEvent.failure(clock.instant(), context, AuditAction.CUSTOMER_OBJECT_ACCESS,
                ErrorCode.NOT_FOUND, "ACCOUNT", movement.debitAccount().value(), null);
        AuditEvent creditDenied = AuditEvent.failure(clock.instant(), context, AuditAction.CUSTOMER_OBJECT_ACCESS,
                ErrorCode.NOT_FOUND, "ACCOUNT", movement.creditAccount().value(), null);
        TransferConditions rules = new TransferConditions(customerRef, accessDenied, AccountKind.CUSTOMER_DEPOSIT, creditDenied);
        Outcome outcome = ledger.transfer(movement, FIELDS, rules, idempotency, context);
        return new Transferred(ledger.entryOf(outcome), outcome.replayed());
    }
}
