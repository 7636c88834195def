package corebank.cash;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.cash.CashModel.Receipt;
import corebank.cash.CashModel.Till;
import corebank.cash.CashModel.TillDay;
import corebank.ledger.Account;
import corebank.ledger.AccountKind;
import corebank.ledger.AccountNumber;
import corebank.ledger.EntryKind;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.LedgerException;
import corebank.ledger.LedgerTransaction;
import corebank.ledger.Money;
import corebank.ledger.Movement;
import corebank.ledger.Outcome;
import corebank.ledger.Views;
import corebank.platform.ErrorCode;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Cash moving through a teller's till: deposits and withdrawals for a customer (entries of kind
 * CASH_DEPOSIT and CASH_WITHDRAWAL between the customer's account and the till) and transfers
 * between the currency's vault and the till (TILL_TRANSFER). Each runs in one transaction with
 * the till's open day locked ({@link Ledger#inTransaction}), so no cash moves on a closed day
 * and a day's close sees every movement of the day; the movement row, the entry and both audit
 * events ({@code cash.*} and the ledger's) commit together. Refusals change nothing but their
 * audit events: the till is not the caller's (404/403), its day is not open, the currencies
 * differ, the account is not a customer's, funds are short.
 */
@Singleton
public class CashDesk {

    private final Ledger ledger;
    private final Tills tills;
    private final CashStore store;
    private final AuditLog auditLog;
    private final Clock clock;

    CashDesk(Ledger ledger, Tills tills, CashStore store, AuditLog auditLog, Clock clock) {
        this.ledger = ledger;
        this.tills = tills;
        this.store = store;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** Cash paid in: the till is debited (more cash), the customer's account credited. */
    public Receipt deposit(Staff staff, CashOrder order, IdempotencyRef idempotency, AuditContext context) {
        return customerMovement(staff, order, EntryKind.CASH_DEPOSIT, idempotency, context, null);
    }

    /**
     * Cash paid out: the customer's account is debited, the till credited. Safe to run later from a
     * stored {@link CashOrder} (an approval's execution): everything is checked when it runs, and
     * the Idempotency-Key makes it happen once.
     */
    public Receipt withdraw(Staff staff, CashOrder order, IdempotencyRef idempotency, AuditContext context) {
        return customerMovement(staff, order, EntryKind.CASH_WITHDRAWAL, idempotency, context, null);
    }

    /**
     * A withdrawal whose funds a pending hold on the customer's account has kept (for example
     * while it awaited a supervisor's approval): the hold is voided and the withdrawal applied in
     * one transaction, so the customer's money is never both free and gone, nor released while
     * the withdrawal is refused (a refusal leaves the hold pending).
     */
    public Receipt withdraw(Staff staff, CashOrder order, IdempotencyRef idempotency, AuditContext context, UUID heldBy) {
        if (heldBy == null) {
            throw new IllegalArgumentException("heldBy is the hold that kept the funds");
        }
        return customerMovement(staff, order, EntryKind.CASH_WITHDRAWAL, idempotency, context, heldBy);
    }

    /** Cash from the vault into the till (TO_TILL) or back (TO_VAULT), while the till's day is open. */
    public Receipt transferWithVault(Staff staff, VaultTransfer transfer, IdempotencyRef idempotency, AuditContext context) {
        if (transfer.direction() == null) {
            throw new CashException(ErrorCode.VALIDATION_FAILED, "direction is TO_TILL or TO_VAULT", "direction");
        }
        Till till = tills.workable(staff, transfer.tillId(), context);
        Money money = amountInTillCurrency(till, transfer.amount(), transfer.currency(), AuditAction.CASH_TILL_TRANSFER, context);
        AccountNumber vault = new AccountNumber(tills.currencyOf(till).vaultAccount());
        boolean toTill = transfer.direction() == VaultTransfer.Direction.TO_TILL;
        return move(new Move(till, EntryKind.TILL_TRANSFER, AuditAction.CASH_TILL_TRANSFER, vault, toTill, money,
                transfer.description(), idempotency, context, null));
    }

    private Receipt customerMovement(Staff staff, CashOrder order, EntryKind kind, IdempotencyRef idempotency,
                                     AuditContext context, UUID heldBy) {
        AuditAction action = kind == EntryKind.CASH_DEPOSIT ? AuditAction.CASH_DEPOSIT : AuditAction.CASH_WITHDRAWAL;
        Till till = tills.workable(staff, order.tillId(), context);
        AccountNumber account = AccountNumber.parse(order.account(), "account");
        Money money = amountInTillCurrency(till, order.amount(), order.currency(), action, context);
        return move(new Move(till, kind, action, account, kind == EntryKind.CASH_DEPOSIT, money, order.description(),
                idempotency, context, heldBy));
    }

    /** The amount, which must be in the till's currency (refused and audited otherwise). */
    private Money amountInTillCurrency(Till till, String amount, String currency, AuditAction action, AuditContext context) {
        Money money = Money.parse(amount, currency, "amount");
        if (!money.currency().equals(till.currency())) {
            CashException refusal = new CashException(ErrorCode.CURRENCY_MISMATCH, "till " + till.id() + " holds "
                    + till.currency().getCurrencyCode() + ", not " + money.currency().getCurrencyCode(), "currency");
            auditLog.appendAlone(AuditEvent.failure(clock.instant(), context, action, refusal.code(), "TILL",
                    Long.toString(till.id()), Map.of("currency", money.currency().getCurrencyCode())));
            throw refusal;
        }
        return money;
    }

    /**
     * One movement between the till and {@code counterparty} (a customer's account, or the vault).
     * {@code intoTill}: the till is debited (cash comes in). {@code heldBy}: a hold on the
     * counterparty to void first, or null.
     */
    private record Move(Till till, EntryKind kind, AuditAction action, AccountNumber counterparty, boolean intoTill,
                        Money money, String description, IdempotencyRef idempotency, AuditContext context, UUID heldBy) {
    }

    /** Undoes a voided hold with the whole transaction when the movement after it is refused. */
    private static final class HoldKept extends RuntimeException {
        private final CashException refusal;
        private final AuditEvent event;

        HoldKept(CashException refusal, AuditEvent event) {
            super(refusal.getMessage(), null, false, false);
            this.refusal = refusal;
            this.event = event;
        }
    }

    private Receipt move(Move m) {
        try {
            return ledger.inTransaction("cash-" + m.kind().name().toLowerCase(java.util.Locale.ROOT),
                    (sql, ledgerTx) -> moveWithin(sql, ledgerTx, m)).orThrow();
        } catch (HoldKept kept) {
            auditLog.appendAlone(kept.event);
            throw kept.refusal;
        }
    }

    private Attempt<Receipt> moveWithin(DSLContext sql, LedgerTransaction ledgerTx, Move m) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tillId", m.till().id());
        details.put("counterparty", m.counterparty().value());
        details.put("amountMinor", m.money().amountMinor());
        details.put("currency", m.money().currency().getCurrencyCode());
        TillDay day = store.lockOpenDay(sql, m.till().id()).orElse(null);
        if (day == null) {
            return refuse(sql, m, details, new CashException(ErrorCode.TILL_DAY_NOT_OPEN,
                    "till " + m.till().id() + " has no open day; open it before moving cash", "tillId"));
        }
        details.put("tillDayId", day.id());
        if (m.kind() != EntryKind.TILL_TRANSFER) {
            Account customer = ledgerTx.account(m.counterparty()).orElse(null);
            if (customer == null || customer.kind() != AccountKind.CUSTOMER_DEPOSIT) {
                return refuse(sql, m, details, new CashException(ErrorCode.NOT_FOUND,
                        "no customer account " + m.counterparty(), "account"));
            }
            if (!customer.currency().equals(m.till().currency())) {
                return refuse(sql, m, details, new CashException(ErrorCode.CURRENCY_MISMATCH, "account " + m.counterparty()
                        + " holds " + customer.currency().getCurrencyCode() + ", the till " + m.till().currency().getCurrencyCode(),
                        "account"));
            }
        }
        if (m.heldBy() != null) {
            Views.HoldView hold = ledgerTx.hold(m.heldBy()).orElse(null);
            if (hold == null || !hold.debitAccount().equals(m.counterparty().value())) {
                throw new IllegalArgumentException("hold " + m.heldBy() + " is not on account " + m.counterparty());
            }
            Outcome voided = ledgerTx.voidHold(m.heldBy(), m.context());
            if (!voided.applied()) {
                LedgerException e = voided.toException();
                return refuse(sql, m, details, new CashException(e.code(), e.detail(), "holdId"));
            }
            details.put("releasedHoldId", m.heldBy().toString());
        }
        AccountNumber till = new AccountNumber(m.till().account());
        Movement movement = m.intoTill() ? new Movement(till, m.counterparty(), m.money(), m.description())
                : new Movement(m.counterparty(), till, m.money(), m.description());
        Outcome outcome = ledgerTx.transfer(movement, m.kind(), m.idempotency(), m.context());
        if (!outcome.applied()) {
            LedgerException e = outcome.toException();
            String field = e.field();
            if ("debitAccount".equals(field) || "creditAccount".equals(field)) {
                // the customer's side is named "account"; short cash in the till or vault is about the amount
                String customerSide = m.intoTill() ? "creditAccount" : "debitAccount";
                field = m.kind() != EntryKind.TILL_TRANSFER && customerSide.equals(field) ? "account" : "amount";
            }
            CashException refusal = new CashException(e.code(), e.detail(), field);
            if (outcome.replayed()) {
                refusal.markReplayed();
            }
            if (m.heldBy() != null) {
                throw new HoldKept(refusal, AuditEvent.failure(clock.instant(), m.context(), m.action(), refusal.code(), "TILL",
                        Long.toString(m.till().id()), details));
            }
            return refuse(sql, m, details, refusal);
        }
        long tillBalance = ledgerTx.account(till).orElseThrow().balanceMinor();
        if (outcome.replayed()) {
            return Attempt.of(new Receipt(store.movementOfEntry(sql, outcome.resultId()).orElseThrow(), m.till().currency(), tillBalance, true));
        }
        UUID entryId = outcome.resultId();
        long signed = m.intoTill() ? m.money().amountMinor() : -m.money().amountMinor();
        store.insertMovement(sql, day.id(), m.kind(), entryId, m.counterparty().value(), signed, m.description(),
                m.context().actor(), clock.instant());
        details.put("entryId", entryId.toString());
        auditLog.append(sql, AuditEvent.success(clock.instant(), m.context(), m.action(), "TILL", Long.toString(m.till().id()),
                details));
        return Attempt.of(new Receipt(store.movementOfEntry(sql, entryId).orElseThrow(), m.till().currency(), tillBalance, false));
    }

    private Attempt<Receipt> refuse(DSLContext sql, Move m, Map<String, Object> details, CashException refusal) {
        auditLog.append(sql, AuditEvent.failure(clock.instant(), m.context(), m.action(), refusal.code(), "TILL",
                Long.toString(m.till().id()), details));
        return Attempt.refused(refusal);
    }
}
