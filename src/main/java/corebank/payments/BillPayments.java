package corebank.payments;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.ledger.Account;
import corebank.ledger.AccountNumber;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.LedgerException;
import corebank.ledger.Money;
import corebank.payments.PayeeRepository.BillerRef;
import corebank.payments.PayeeRepository.PayeeRow;
import corebank.payments.PaymentsModel.BillPayment;
import corebank.payments.PaymentsModel.Biller;
import corebank.payments.PaymentsModel.Payee;
import corebank.platform.ErrorCode;
import corebank.platform.Pages;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A customer's payees and bill payments: now, on a future date, or recurring. Everything a
 * customer names is checked to be theirs (another customer's payee or account answers 404),
 * and a payment can be edited or cancelled until it has run.
 */
@Singleton
public class BillPayments {

    /** What a customer asks for; amounts are decimal strings. */
    public record Order(UUID payeeId, String fromAccount, String amount, String currency, String memo,
                        Schedule.Frequency frequency, LocalDate startDate, Integer dayOfMonth, LocalDate endDate,
                        Integer occurrences) {
    }

    private final TransactionRunner runner;
    private final PaymentsStore store;
    private final PayeeRepository payees;
    private final Billers billers;
    private final Ledger ledger;
    private final AuditLog auditLog;
    private final PaymentsSettings settings;
    private final Clock clock;

    BillPayments(TransactionRunner runner, PaymentsStore store, PayeeRepository payees, Billers billers, Ledger ledger,
                 AuditLog auditLog, PaymentsSettings settings, Clock clock) {
        this.runner = runner;
        this.store = store;
        this.payees = payees;
        this.billers = billers;
        this.ledger = ledger;
        this.auditLog = auditLog;
        this.settings = settings;
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), settings.zoneId());
    }

    // ---- payees --------------------------------------------------------------------------------

    public Payee savePayee(String customerRef, String billerCode, String reference, String nickname, AuditContext context) {
        Biller biller = billers.byCode(billerCode);
        String ref = reference == null ? null : reference.replace(" ", "");
        if (!References.valid(ref, biller.referencePattern(), biller.checkDigit())) {
            throw PaymentsException.invalid(ErrorCode.INVALID_REFERENCE, "the reference does not match " + biller.name()
                    + "'s format" + ("NONE".equals(biller.checkDigit()) ? "" : " or its " + biller.checkDigit() + " check digit"), "reference");
        }
        if (nickname == null || nickname.isBlank() || nickname.length() > 60) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED, "nickname is required (at most 60 characters)", "nickname");
        }
        // the repository's statements run in this transaction, beside the audit event's
        return runner.serializable("payee-save", sql -> {
            var existing = payees.findByCustomerRefAndBillerIdAndReferenceAndDeletedAtIsNull(customerRef, biller.id(), ref);
            if (existing.isPresent()) {
                return existing.get().toModel();
            }
            UUID id = UUID.randomUUID();
            payees.save(new PayeeRow(id, customerRef, BillerRef.of(biller), ref, nickname, clock.instant(), null));
            auditLog.append(sql, AuditEvent.success(clock.instant(), context, AuditAction.PAYMENTS_PAYEE_SAVE, "PAYEE", id.toString(),
                    Map.of("billerCode", biller.code())));
            return payees.findById(id).orElseThrow().toModel();
        });
    }

    /** A page of the customer's live payees in the order they were saved (see {@link Pages}). */
    public Pages.Slice<Payee> payees(String customerRef, String cursor, Integer limit) {
        int size = Pages.size(limit);
        PageKey after = cursor == null ? PageKey.FIRST : Pages.key(cursor, 2, PageKey::of);
        List<Payee> rows = payees.page(customerRef, after.at(), after.id(), size + 1).stream().map(PayeeRow::toModel).toList();
        return Pages.slice(rows, size, p -> Pages.cursor(p.createdAt(), p.id()));
    }

    /** A page of the customer's bill payments, newest first, each with its occurrences so far (see {@link Pages}). */
    public Pages.Slice<BillPayment> list(String customerRef, String cursor, Integer limit) {
        int size = Pages.size(limit);
        PageKey before = cursor == null ? null : Pages.key(cursor, 2, PageKey::of);
        List<BillPayment> rows = runner.readStatement(sql -> store.payments(sql, customerRef, before, size + 1));
        return Pages.slice(rows, size, p -> Pages.cursor(p.createdAt(), p.id()));
    }

    /** Where a page of rows in (creation time, id) order continues. */
    record PageKey(java.time.Instant at, UUID id) {
        static final PageKey FIRST = new PageKey(java.time.Instant.EPOCH, new UUID(0, 0));

        static PageKey of(String[] key) {
            return new PageKey(java.time.Instant.parse(key[0]), UUID.fromString(key[1]));
        }
    }

    /** The customer's live payee; another customer's answers 404 like none, the attempt audited. */
    private Payee ownPayee(String customerRef, UUID payeeId, AuditContext context) {
        if (payeeId != null && payees.findById(payeeId).filter(p -> !p.deleted() && !p.customerRef().equals(customerRef)).isPresent()) {
            notYours(context, "PAYEE", payeeId.toString());
        }
        return ownPayee(customerRef, payeeId);
    }

    /** Leaves the customer.object.access failure event of a refused reach into another customer's object. */
    private void notYours(AuditContext context, String type, String id) {
        auditLog.appendAlone(AuditEvent.failure(clock.instant(), context, AuditAction.CUSTOMER_OBJECT_ACCESS, ErrorCode.NOT_FOUND,
                type, id, null));
    }

    /** The customer's live payee; a deleted one, another customer's or none answers 404 alike. */
    private Payee ownPayee(String customerRef, UUID payeeId) {
        if (payeeId == null) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED, "payeeId is required", "payeeId");
        }
        return payees.findById(payeeId).filter(p -> !p.deleted()).map(PayeeRow::toModel).filter(p -> p.customerRef().equals(customerRef))
                .orElseThrow(() -> PaymentsException.notFound("no payee " + payeeId, "payeeId"));
    }

    /**
     * Deletes a payee of the customer's: the row is marked deleted (its payments and the audit
     * trail keep pointing at it) and the payments to it still to come are cancelled, each with
     * its own payments.bill_payment.cancel event, in one transaction with the
     * payments.payee.delete event. Another customer's payee answers 404 like a missing one and
     * leaves a customer.object.access failure event. Answers the ids of the cancelled payments.
     */
    public List<UUID> deletePayee(String customerRef, UUID payeeId, AuditContext context) {
        Payee payee = ownPayee(customerRef, payeeId, context);
        return runner.serializable("payee-delete", sql -> {
            if (!store.deletePayee(sql, payee.id(), clock.instant())) {
                throw PaymentsException.notFound("no payee " + payeeId, "payeeId"); // deleted meanwhile
            }
            List<UUID> cancelled = store.activePaymentsOfPayee(sql, payee.id());
            for (UUID paymentId : cancelled) {
                store.cancel(sql, paymentId, clock.instant());
                auditLog.append(sql, AuditEvent.success(clock.instant(), context, AuditAction.PAYMENTS_BILL_PAYMENT_CANCEL, "BILL_PAYMENT",
                        paymentId.toString(), Map.of("reason", "payee deleted")));
            }
            auditLog.append(sql, AuditEvent.success(clock.instant(), context, AuditAction.PAYMENTS_PAYEE_DELETE, "PAYEE",
                    payee.id().toString(), Map.of("billerCode", payee.billerCode(), "cancelledPayments", cancelled.size())));
            return cancelled;
        });
    }

    // ---- payments ------------------------------------------------------------------------------

    public BillPayment schedule(String customerRef, Order order, String idempotencyKey, AuditContext context) {
        String key = IdempotencyRef.of(customerRef, idempotencyKey).key();
        String hash = hash(order);
        // a replay answers first, whatever has changed since; the insert below checks again, for a concurrent twin
        Optional<UUID> replay = replayOf(runner.readStatement(sql -> store.paymentByKey(sql, customerRef, key)), hash);
        if (replay.isPresent()) {
            return get(customerRef, replay.get());
        }
        Payee payee = ownPayee(customerRef, order.payeeId(), context);
        Biller biller = billers.byCode(payee.billerCode());
        Account from = ownAccount(customerRef, order.fromAccount(), context);
        Money money = Money.parse(order.amount(), order.currency(), "amount");
        if (!money.currency().getCurrencyCode().equals(biller.currency()) || !from.currency().equals(money.currency())) {
            throw new LedgerException(ErrorCode.CURRENCY_MISMATCH, "the payment must be in "
                    + biller.currency() + ", the currency of the biller and of the account paid from", "currency");
        }
        Schedule schedule = validSchedule(order);
        LocalDate firstDue = schedule.due(1).orElseThrow();
        String memo = order.memo() == null ? null : order.memo().strip();
        if (memo != null && memo.length() > 140) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED, "memo: at most 140 characters", "memo");
        }
        UUID newId = UUID.randomUUID();
        // Two requests with one key at once: both read no row here; the second insert then meets
        // the first's row and fails to serialize (PaymentsStore.insertPayment), and its re-run replays.
        UUID id = runner.serializable("bill-payment-schedule", sql -> {
            Optional<UUID> twin = replayOf(store.paymentByKey(sql, customerRef, key), hash);
            if (twin.isPresent()) {
                return twin.get();
            }
            store.insertPayment(sql, newId, customerRef, payee.id(), from.number(), money.amountMinor(),
                    money.currency().getCurrencyCode(), memo, schedule, firstDue, key, hash, clock.instant());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("billerCode", biller.code());
            details.put("fromAccount", from.number());
            details.put("amountMinor", money.amountMinor());
            details.put("currency", money.currency().getCurrencyCode());
            details.put("frequency", schedule.frequency().name());
            details.put("firstDue", firstDue.toString());
            auditLog.append(sql, AuditEvent.success(clock.instant(), context, AuditAction.PAYMENTS_BILL_PAYMENT_SCHEDULE, "BILL_PAYMENT",
                    newId.toString(), details));
            return newId;
        });
        return get(customerRef, id);
    }

    /** The payment stored under the key, if the same request made it; a different request is a conflict. */
    private static Optional<UUID> replayOf(Optional<BillPayment> stored, String hash) {
        if (stored.isPresent() && !stored.get().requestHash().equals(hash)) {
            throw new PaymentsException(ErrorCode.IDEMPOTENCY_CONFLICT,
                    "this Idempotency-Key was already used with a different request", IdempotencyRef.HEADER);
        }
        return stored.map(BillPayment::id);
    }

    private Schedule validSchedule(Order o) {
        if (o.frequency() == null) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED, "frequency is ONCE, WEEKLY or MONTHLY", "frequency");
        }
        LocalDate start = o.startDate() == null ? today() : o.startDate();
        if (start.isBefore(today())) {
            throw PaymentsException.invalid(ErrorCode.EXECUTION_DATE_IN_PAST, "the execution date " + start + " is in the past", "startDate");
        }
        if (o.dayOfMonth() != null && (o.frequency() != Schedule.Frequency.MONTHLY || o.dayOfMonth() < 1 || o.dayOfMonth() > 31)) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED, "dayOfMonth (1 to 31) is for MONTHLY payments", "dayOfMonth");
        }
        if (o.occurrences() != null && o.occurrences() < 1) {
            throw PaymentsException.invalid(ErrorCode.RECURRENCE_NEVER_RUNS, "occurrences must be at least 1", "occurrences");
        }
        if (o.frequency() == Schedule.Frequency.ONCE && (o.endDate() != null || o.occurrences() != null)) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED, "a ONCE payment has no end date or count", "frequency");
        }
        if (o.frequency() != Schedule.Frequency.ONCE && o.endDate() == null && o.occurrences() == null) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED, "a recurring payment needs endDate or occurrences", "endDate");
        }
        if (o.endDate() != null && o.endDate().isAfter(start.plusYears(30))) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED, "endDate: at most 30 years ahead", "endDate");
        }
        Schedule schedule = new Schedule(o.frequency(), start, o.dayOfMonth(), o.endDate(), o.occurrences());
        if (schedule.due(1).isEmpty()) {
            throw PaymentsException.invalid(ErrorCode.RECURRENCE_NEVER_RUNS, "this schedule never runs: it ends before its first date", "endDate");
        }
        return schedule;
    }

    /** The customer's payment; another customer's answers 404 like a missing one, the attempt audited. */
    public BillPayment get(String customerRef, UUID id, AuditContext context) {
        Optional<BillPayment> found = runner.read(sql -> store.payment(sql, id, false));
        if (found.isPresent() && !found.get().customerRef().equals(customerRef)) {
            notYours(context, "BILL_PAYMENT", id.toString());
        }
        return get(customerRef, id);
    }

    public BillPayment get(String customerRef, UUID id) {
        return runner.read(sql -> store.payment(sql, id, false)).filter(p -> p.customerRef().equals(customerRef))
                .orElseThrow(() -> PaymentsException.notFound("no bill payment " + id, "paymentId"));
    }

    /** Changes amount or memo of the occurrences still to come. */
    public BillPayment edit(String customerRef, UUID id, String amount, String memo, AuditContext context) {
        BillPayment before = get(customerRef, id, context);
        long amountMinor = amount == null ? before.amountMinor() : Money.parse(amount, before.currency(), "amount").amountMinor();
        String newMemo = memo == null ? before.memo() : memo.strip();
        runner.serializable("bill-payment-edit", sql -> {
            BillPayment p = store.payment(sql, id, true).orElseThrow();
            requireActive(p);
            store.updateTerms(sql, id, amountMinor, newMemo, clock.instant());
            auditLog.append(sql, AuditEvent.success(clock.instant(), context, AuditAction.PAYMENTS_BILL_PAYMENT_EDIT, "BILL_PAYMENT",
                    id.toString(), Map.of("amountMinor", amountMinor)));
            return null;
        });
        return get(customerRef, id);
    }

    public BillPayment cancel(String customerRef, UUID id, AuditContext context) {
        get(customerRef, id, context);
        runner.serializable("bill-payment-cancel", sql -> {
            BillPayment p = store.payment(sql, id, true).orElseThrow();
            p.status().requireTransition(BillPaymentStatus.CANCELLED, "the payment", "paymentId");
            store.cancel(sql, id, clock.instant());
            auditLog.append(sql, AuditEvent.success(clock.instant(), context, AuditAction.PAYMENTS_BILL_PAYMENT_CANCEL, "BILL_PAYMENT",
                    id.toString(), null));
            return null;
        });
        return get(customerRef, id);
    }

    private static void requireActive(BillPayment p) {
        if (p.status() != BillPaymentStatus.ACTIVE) {
            throw new PaymentsException(ErrorCode.PAYMENT_NOT_EDITABLE,
                    "the payment is " + p.status() + " and can no longer change", "paymentId");
        }
    }

    private Account ownAccount(String customerRef, String number, AuditContext context) {
        AccountNumber parsed = AccountNumber.parse(number, "fromAccount");
        try {
            Account a = ledger.account(parsed);
            if (customerRef.equals(a.ownerRef())) {
                return a;
            }
            notYours(context, "ACCOUNT", parsed.value());
        } catch (LedgerException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
        throw new LedgerException(ErrorCode.NOT_FOUND, "no account " + number, "fromAccount");
    }

    private static String hash(Order o) {
        String canonical = String.join("|", String.valueOf(o.payeeId()), String.valueOf(o.fromAccount()), String.valueOf(o.amount()),
                String.valueOf(o.currency()), String.valueOf(o.memo()), String.valueOf(o.frequency()), String.valueOf(o.startDate()),
                String.valueOf(o.dayOfMonth()), String.valueOf(o.endDate()), String.valueOf(o.occurrences()));
        return IdempotencyRef.hash(canonical);
    }
}
