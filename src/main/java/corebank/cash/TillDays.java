package corebank.cash;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.cash.CashModel.CashCurrency;
import corebank.cash.CashModel.Difference;
import corebank.cash.CashModel.Stage;
import corebank.cash.CashModel.Till;
import corebank.cash.CashModel.TillDay;
import corebank.ledger.AccountNumber;
import corebank.ledger.EntryKind;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.LedgerTransaction;
import corebank.ledger.Money;
import corebank.ledger.Movement;
import corebank.ledger.Outcome;
import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A till's day: opened with a counted amount, closed with a counted amount. What the drawer
 * should hold ("expected") is the till's book balance plus the till's differences still awaiting
 * approval (cash already found over or short that the books do not show yet). A count that
 * differs from it, at the opening as at the closing, is recorded as a difference
 * PENDING_APPROVAL with the teller's note (required then) and is not posted: a supervisor's
 * approval posts it through {@link #postDifference}, once, to the currency's over/short account.
 * Opening and closing run in the ledger's transaction ({@link Ledger#inTransaction}) with the
 * day locked, so no cash movement slips between the count and the books.
 */
@Singleton
public class TillDays {

    private final Ledger ledger;
    private final Tills tills;
    private final CashStore store;
    private final AuditLog auditLog;
    private final TransactionRunner runner;
    private final Clock clock;

    TillDays(Ledger ledger, Tills tills, CashStore store, AuditLog auditLog, TransactionRunner runner, Clock clock) {
        this.ledger = ledger;
        this.tills = tills;
        this.store = store;
        this.auditLog = auditLog;
        this.runner = runner;
        this.clock = clock;
    }

    /** Opens the till's day; one open day per till. */
    public TillDay open(Staff staff, long tillId, String countedAmount, String note, AuditContext context) {
        Till till = tills.workable(staff, tillId, context);
        long counted = counted(countedAmount, till);
        String checkedNote = note(note);
        return ledger.<Attempt<TillDay>>inTransaction("till-day-open", (sql, ledgerTx) -> {
            Map<String, Object> details = details(till, counted);
            if (store.lockOpenDay(sql, till.id()).isPresent()) {
                return refuse(sql, context, AuditAction.CASH_TILL_DAY_OPEN, till, details, new CashException(
                        ErrorCode.TILL_DAY_ALREADY_OPEN, "till " + till.id() + " already has an open day", "tillId"));
            }
            long expected = expected(sql, ledgerTx, till);
            long difference = counted - expected;
            if (difference != 0 && checkedNote == null) {
                return Attempt.<TillDay>refused(noteRequired(till, difference));
            }
            long dayId = store.insertDay(sql, till.id(), context.actor(), counted, expected, clock.instant());
            recordDifference(sql, dayId, Stage.OPENING, difference, checkedNote, context, details);
            details.put("tillDayId", dayId);
            details.put("expectedMinor", expected);
            auditLog.append(sql, AuditEvent.success(clock.instant(), context, AuditAction.CASH_TILL_DAY_OPEN, "TILL",
                    Long.toString(till.id()), details));
            return Attempt.of(store.day(sql, till.id(), dayId).orElseThrow());
        }).orThrow();
    }

    /** Closes the till's open day {@code dayId}; after it, the till moves no cash until the next day opens. */
    public TillDay close(Staff staff, long tillId, long dayId, String countedAmount, String note, AuditContext context) {
        Till till = tills.workable(staff, tillId, context);
        long counted = counted(countedAmount, till);
        String checkedNote = note(note);
        return ledger.<Attempt<TillDay>>inTransaction("till-day-close", (sql, ledgerTx) -> {
            Map<String, Object> details = details(till, counted);
            details.put("tillDayId", dayId);
            TillDay open = store.lockOpenDay(sql, till.id()).orElse(null);
            if (open == null || open.id() != dayId) {
                if (store.day(sql, till.id(), dayId).isEmpty()) {
                    return Attempt.<TillDay>refused(new CashException(ErrorCode.NOT_FOUND, "till " + till.id() + " has no day " + dayId,
                            "dayId"));
                }
                return refuse(sql, context, AuditAction.CASH_TILL_DAY_CLOSE, till, details, new CashException(
                        ErrorCode.TILL_DAY_NOT_OPEN, "day " + dayId + " of till " + till.id() + " is already closed", "dayId"));
            }
            long expected = expected(sql, ledgerTx, till);
            long difference = counted - expected;
            if (difference != 0 && checkedNote == null) {
                return Attempt.<TillDay>refused(noteRequired(till, difference));
            }
            store.closeDay(sql, dayId, context.actor(), counted, expected, clock.instant());
            recordDifference(sql, dayId, Stage.CLOSING, difference, checkedNote, context, details);
            details.put("expectedMinor", expected);
            auditLog.append(sql, AuditEvent.success(clock.instant(), context, AuditAction.CASH_TILL_DAY_CLOSE, "TILL",
                    Long.toString(till.id()), details));
            return Attempt.of(store.day(sql, till.id(), dayId).orElseThrow());
        }).orThrow();
    }

    /**
     * Posts a recorded difference to the over/short account of its currency (an entry of kind
     * TILL_DIFFERENCE: a shortage credits the till, a surplus debits it), as {@code checker}'s
     * approval. Exactly once: a difference already posted is answered as it is, and the entry's
     * Idempotency-Key is the difference's own. The teller who recorded it cannot approve it.
     */
    public Difference postDifference(long differenceId, AuditContext checker) {
        return ledger.<Attempt<Difference>>inTransaction("till-difference-post", (sql, ledgerTx) -> {
            Difference d = store.lockDifference(sql, differenceId).orElse(null);
            if (d == null) {
                return Attempt.<Difference>refused(new CashException(ErrorCode.NOT_FOUND, "no till difference " + differenceId,
                        "differenceId"));
            }
            if (d.status() == DifferenceStatus.POSTED) {
                return Attempt.of(d);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("tillDayId", d.tillDayId());
            details.put("amountMinor", d.amountMinor());
            details.put("recordedBy", d.recordedBy());
            if (checker.actor().equals(d.recordedBy())) {
                return refuseDifference(sql, checker, d, details, new CashException(ErrorCode.TILL_DIFFERENCE_OWN,
                        "the difference was recorded by you; another supervisor approves it", "differenceId"));
            }
            d.status().requireTransition(DifferenceStatus.POSTED, "difference " + differenceId, "status");
            Till till = store.tillOfDay(sql, d.tillDayId()).orElseThrow();
            CashCurrency currency = store.currency(sql, till.currency().getCurrencyCode()).orElseThrow();
            AccountNumber tillAccount = new AccountNumber(till.account());
            AccountNumber overShort = new AccountNumber(currency.overShortAccount());
            Money money = new Money(Math.abs(d.amountMinor()), till.currency());
            String description = "till difference " + d.stage().name().toLowerCase(java.util.Locale.ROOT) + " (day " + d.tillDayId()
                    + "): " + d.note();
            Movement movement = d.amountMinor() > 0 ? new Movement(tillAccount, overShort, money, description)
                    : new Movement(overShort, tillAccount, money, description);
            Outcome outcome = ledgerTx.transfer(movement, EntryKind.TILL_DIFFERENCE,
                    IdempotencyRef.of("system:cash", "till-difference:" + d.id()), checker);
            if (!outcome.applied()) {
                return refuseDifference(sql, checker, d, details, new CashException(outcome.refusalCode(), outcome.errorDetail(),
                        "differenceId"));
            }
            store.markPosted(sql, d.id(), outcome.resultId(), checker.actor(), clock.instant());
            details.put("entryId", outcome.resultId().toString());
            details.put("overShortAccount", overShort.value());
            auditLog.append(sql, AuditEvent.success(clock.instant(), checker, AuditAction.CASH_DIFFERENCE_POST, "TILL_DIFFERENCE",
                    Long.toString(d.id()), details));
            return Attempt.of(store.difference(sql, d.id()).orElseThrow());
        }).orThrow();
    }

    /** A day of a till the caller may see, with its differences. */
    public TillDay day(Staff staff, long tillId, long dayId, AuditContext context) {
        Till till = tills.visible(staff, tillId, context);
        return runner.read(sql -> store.day(sql, till.id(), dayId))
                .orElseThrow(() -> new CashException(ErrorCode.NOT_FOUND, "till " + tillId + " has no day " + dayId, "dayId"));
    }

    /** The till's latest days, newest first. */
    public List<TillDay> days(Staff staff, long tillId, AuditContext context) {
        Till till = tills.visible(staff, tillId, context);
        return runner.read(sql -> store.days(sql, till.id(), 31));
    }

    /** A page of a till's days, newest first (see {@link corebank.platform.Pages}). */
    public corebank.platform.Pages.Slice<TillDay> days(Staff staff, long tillId, String cursor, Integer limit, AuditContext context) {
        int size = corebank.platform.Pages.size(limit);
        Long before = corebank.platform.Pages.sequence(cursor);
        Till till = tills.visible(staff, tillId, context);
        List<TillDay> rows = runner.read(sql -> store.days(sql, till.id(), before == null ? Long.MAX_VALUE : before, size + 1));
        return corebank.platform.Pages.slice(rows, size, d -> corebank.platform.Pages.cursor(d.id()));
    }

    /** A page of the differences awaiting a supervisor's approval, oldest first (see {@link corebank.platform.Pages}). */
    public corebank.platform.Pages.Slice<Difference> pendingDifferences(String cursor, Integer limit) {
        int size = corebank.platform.Pages.size(limit);
        DifferenceKey after = cursor == null ? DifferenceKey.FIRST
                : corebank.platform.Pages.key(cursor, 2, k -> new DifferenceKey(java.time.Instant.parse(k[0]), Long.parseLong(k[1])));
        List<Difference> rows = runner.read(sql -> store.pendingDifferences(sql, after.recordedAt(), after.id(), size + 1));
        return corebank.platform.Pages.slice(rows, size, d -> corebank.platform.Pages.cursor(d.recordedAt(), d.id()));
    }

    /** Where a page of differences in (recorded time, id) order continues. */
    private record DifferenceKey(java.time.Instant recordedAt, long id) {
        static final DifferenceKey FIRST = new DifferenceKey(java.time.Instant.EPOCH, 0);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private long expected(DSLContext sql, LedgerTransaction ledgerTx, Till till) {
        long book = ledgerTx.account(new AccountNumber(till.account())).orElseThrow().balanceMinor();
        return book + store.pendingDifferenceSum(sql, till.id());
    }

    private void recordDifference(DSLContext sql, long dayId, Stage stage, long difference, String note, AuditContext context,
                                  Map<String, Object> details) {
        details.put("differenceMinor", difference);
        if (difference != 0) {
            long id = store.insertDifference(sql, dayId, stage, difference, note, context.actor(), clock.instant());
            details.put("differenceId", id);
        }
    }

    private static Map<String, Object> details(Till till, long counted) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("countedMinor", counted);
        details.put("currency", till.currency().getCurrencyCode());
        return details;
    }

    private static CashException noteRequired(Till till, long difference) {
        return new CashException(ErrorCode.VALIDATION_FAILED, "the count differs from the books by "
                + Money.format(difference, till.currency()) + " " + till.currency().getCurrencyCode()
                + "; a note saying why is required", "note");
    }

    private <T> Attempt<T> refuse(DSLContext sql, AuditContext context, AuditAction action, Till till,
                                  Map<String, Object> details, CashException refusal) {
        auditLog.append(sql, AuditEvent.failure(clock.instant(), context, action, refusal.code(), "TILL", Long.toString(till.id()),
                details));
        return Attempt.refused(refusal);
    }

    private Attempt<Difference> refuseDifference(DSLContext sql, AuditContext checker, Difference d, Map<String, Object> details,
                                                 CashException refusal) {
        auditLog.append(sql, AuditEvent.failure(clock.instant(), checker, AuditAction.CASH_DIFFERENCE_POST, refusal.code(),
                "TILL_DIFFERENCE", Long.toString(d.id()), details));
        return Attempt.refused(refusal);
    }

    /** A counted amount: a decimal string in the till's currency, zero allowed (an empty drawer). */
    static long counted(String amount, Till till) {
        if (amount != null && amount.matches("0{1,20}(\\.0{1,20})?")) {
            return 0;
        }
        return Money.parseMinor(amount, till.currency(), "countedAmount");
    }

    private static String note(String note) {
        if (note == null || note.isBlank()) {
            return null;
        }
        if (note.length() > 500 || note.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw new CashException(ErrorCode.VALIDATION_FAILED, "note must be at most 500 characters without control characters",
                    "note");
        }
        return note.strip();
    }
}
