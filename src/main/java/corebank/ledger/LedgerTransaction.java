package corebank.ledger;

import corebank.audit.AuditContext;
import corebank.platform.ErrorCode;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The ledger inside another feature's transaction ({@link Ledger#inTransaction}): the caller
 * reads accounts and applies named transfers in the same SERIALIZABLE transaction as its own
 * writes, so both commit or neither does. The transaction holds the ledger's batch lock from its
 * first statement (as group commit does), so it is applied between batches, never beside one.
 * For low-volume operations whose own rows must agree with the entry (the cash desk); money
 * moves by the same rules, audit events and Idempotency-Key outcomes as through group commit.
 */
public final class LedgerTransaction {

    /** The work of a caller, given the transaction's SQL context and the ledger within it. */
    @FunctionalInterface
    public interface Work<T> {
        T run(DSLContext sql, LedgerTransaction ledger);
    }

    private final DSLContext sql;
    private final LedgerStore store;
    private final BatchApplier applier;
    private final Instant now;

    LedgerTransaction(DSLContext sql, LedgerStore store, BatchApplier applier, Instant now) {
        this.sql = sql;
        this.store = store;
        this.applier = applier;
        this.now = now;
    }

    /** The account as this transaction sees it. */
    public Optional<Account> account(AccountNumber number) {
        return store.account(sql, number.value());
    }

    /** The hold as this transaction sees it. */
    public Optional<Views.HoldView> hold(java.util.UUID holdId) {
        return store.hold(sql, holdId);
    }

    /**
     * Voids a pending hold now (its reservation released), as {@link Ledger#voidHold} does; the
     * outcome is answered, not thrown. With a transfer after it in the same transaction, the money
     * a hold kept for an operation is released and moved at once, or neither happens.
     */
    public Outcome voidHold(java.util.UUID holdId, AuditContext context) {
        return applier.apply(sql, List.of(new LedgerCommand.VoidHold(holdId, null, context)), now).get(0);
    }

    /**
     * A transfer recorded as {@code kind}, applied now. The outcome is answered, not thrown: a
     * refusal is audited and stored under the key like any other, and the caller decides what to
     * do with it (its transaction should commit so the refusal's audit event does).
     */
    public Outcome transfer(Movement movement, EntryKind kind, IdempotencyRef idempotency, AuditContext context) {
        if (kind == EntryKind.REVERSAL || kind == EntryKind.HOLD_POSTED) {
            throw new IllegalArgumentException(kind + " entries are the ledger's own");
        }
        if (movement.debitAccount().equals(movement.creditAccount())) {
            throw LedgerException.invalid(ErrorCode.SAME_ACCOUNT, "the debit and credit accounts must differ", "creditAccount");
        }
        Ledger.optionalText(movement.description(), "description", 500);
        LedgerCommand command = new LedgerCommand.Transfer(movement, SideFields.LEDGER, null, idempotency, context, kind);
        return applier.apply(sql, List.of(command), now).get(0);
    }
}
