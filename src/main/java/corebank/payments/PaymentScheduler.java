package corebank.payments;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.ledger.AccountNumber;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.LedgerException;
import corebank.ledger.Money;
import corebank.ledger.Movement;
import corebank.payments.PaymentsModel.BillPayment;
import corebank.payments.PaymentsModel.Biller;
import corebank.payments.PaymentsModel.Occurrence;
import corebank.payments.PaymentsModel.Payee;
import corebank.platform.CorebankException;
import corebank.platform.TransactionRunner;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Runs every due bill payment exactly once, on any number of engine instances and across
 * restarts. Two steps, each its own transaction:
 * <ol>
 *   <li>claim: lock due payments (SKIP LOCKED: other instances take others), record the
 *   occurrence as RUNNING (unique per payment and sequence) and move the payment to its next
 *   date;</li>
 *   <li>execute: lock one RUNNING occurrence, move the money through the ledger under the
 *   Idempotency-Key "occurrence:&lt;id&gt;", record SUCCEEDED or FAILED.</li>
 * </ol>
 * A crash between the ledger's commit and step 2's leaves the occurrence RUNNING; the next run
 * executes it again and the ledger replays its first outcome, so it is never paid twice. A
 * payment that fell due while no engine ran is claimed at the next start.
 *
 * <p>Insufficient funds (or a frozen or closed account): the occurrence FAILS with the ledger's
 * reason, no entry is written, and it is not retried automatically; a recurring payment goes
 * on with its next date. The customer sees the failure in the payment's history.
 */
@Singleton
public class PaymentScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentScheduler.class);
    private static final AuditContext SCHEDULER = AuditContext.system("bill-payments");

    private final TransactionRunner runner;
    private final PaymentsStore store;
    private final PayeeRepository payees;
    private final Billers billers;
    private final Ledger ledger;
    private final AuditLog auditLog;
    private final PaymentsSettings settings;
    private final Clock clock;

    PaymentScheduler(TransactionRunner runner, PaymentsStore store, PayeeRepository payees, Billers billers, Ledger ledger,
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

    @Scheduled(fixedDelay = "${corebank.payments.scheduler-interval}", initialDelay = "${corebank.payments.scheduler-initial-delay}")
    void scheduled() {
        try {
            runDue();
        } catch (RuntimeException e) {
            LOG.error("bill payment run failed; the next run picks up where it stopped", e);
        }
    }

    /** Claims and executes everything due now; answers how many occurrences it executed. */
    public int runDue() {
        while (claim() > 0) {
            // a payment that missed several dates is claimed once per date
        }
        int executed = 0;
        Set<UUID> leftForNextRun = new HashSet<>();
        while (true) {
            Occurrence o;
            int tried = leftForNextRun.size();
            try {
                o = executeOne(leftForNextRun);
            } catch (RuntimeException e) {
                if (leftForNextRun.size() == tried) {
                    // failed before taking an occurrence (no connection, database down): nothing
                    // to skip, so going on would spin on the same failure; the next run retries
                    throw e;
                }
                // nothing of it was written (its transaction rolled back): it stays RUNNING and the
                // next run tries it again, under the same Idempotency-Key; the others go on now
                LOG.warn("bill payment occurrence could not be executed now; retried on the next run", e);
                continue;
            }
            if (o == null) {
                return executed;
            }
            executed++;
        }
    }

    int claim() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), settings.zoneId());
        return runner.serializable("bill-payments-claim", sql -> {
            Instant now = clock.instant();
            int claimed = 0;
            for (BillPayment p : store.claimDue(sql, today, settings.claimBatchMax())) {
                if (store.insertOccurrence(sql, UUID.randomUUID(), p.id(), p.nextSequence(), p.nextDueDate(), p.amountMinor(),
                        p.currency(), now)) {
                    claimed++;
                }
                int next = p.nextSequence() + 1;
                LocalDate nextDue = p.schedule().due(next).orElse(null);
                BillPaymentStatus status = nextDue == null ? p.status().requireTransition(BillPaymentStatus.COMPLETED) : p.status();
                store.advance(sql, p.id(), next, nextDue, status, now);
            }
            return claimed;
        });
    }

    /**
     * Executes one RUNNING occurrence not in {@code skip}, and answers it; null when none is left
     * for this instance. The occurrence is added to {@code skip} first, so that one that fails
     * (or whose transaction is re-run after a serialization failure) is not taken again in this
     * run; it stays RUNNING and the next run executes it.
     */
    Occurrence executeOne(Set<UUID> skip) {
        return runner.serializable("bill-payments-execute", sql -> {
            Occurrence o = store.lockRunning(sql, skip);
            if (o == null) {
                return null;
            }
            skip.add(o.id());
            BillPayment p = store.payment(sql, o.paymentId(), false).orElseThrow();
            // repositories: in this transaction, on its connection
            Payee payee = payees.findById(p.payeeId()).orElseThrow().toModel();
            Biller biller = billers.byCode(payee.billerCode());
            Money amount = new Money(o.amountMinor(), java.util.Currency.getInstance(o.currency()));
            Instant now = clock.instant();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("paymentId", p.id().toString());
            details.put("sequence", o.sequence());
            details.put("billerCode", biller.code());
            details.put("fromAccount", p.fromAccount());
            details.put("amountMinor", o.amountMinor());
            AuditContext onBehalf = new AuditContext(SCHEDULER.actor(), "SYSTEM", null, "bill-payments", null,
                    "on behalf of " + p.customerRef());
            try {
                Movement movement = new Movement(new AccountNumber(p.fromAccount()), new AccountNumber(biller.clearingAccount()),
                        amount, "bill payment " + biller.code() + " ref " + payee.reference());
                UUID entry = ledger.transfer(movement, IdempotencyRef.of(SCHEDULER.actor(), "occurrence:" + o.id()), onBehalf)
                        .resultId();
                store.finish(sql, o.id(), o.status().requireTransition(OccurrenceStatus.SUCCEEDED), entry, null, null, now, businessDate(now));
                details.put("entryId", entry.toString());
                auditLog.append(sql, AuditEvent.success(now, onBehalf, AuditAction.PAYMENTS_OCCURRENCE_EXECUTE, "OCCURRENCE", o.id().toString(), details));
            } catch (LedgerException refused) {
                if (refused.kind() == CorebankException.Kind.UNAVAILABLE) {
                    // overloaded or timed out: the outcome is unknown, so it is not a refusal to record
                    throw refused;
                }
                String reason = readable(refused);
                store.finish(sql, o.id(), o.status().requireTransition(OccurrenceStatus.FAILED), null, refused.code().wire(), reason, now, null);
                details.put("reason", reason);
                auditLog.append(sql, AuditEvent.failure(now, onBehalf, AuditAction.PAYMENTS_OCCURRENCE_EXECUTE, refused.code(), "OCCURRENCE",
                        o.id().toString(), details));
            }
            return o;
        });
    }

    /** Executions after the cut-off settle with the next business date. */
    LocalDate businessDate(Instant at) {
        ZonedDateTime local = at.atZone(settings.zoneId());
        return local.toLocalTime().isBefore(settings.cutOffTime()) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
    }

    private static String readable(LedgerException e) {
        return switch (e.code()) {
            case INSUFFICIENT_FUNDS -> "Not enough money in the account on the due date; the bill was not paid.";
            case ACCOUNT_FROZEN -> "The account paid from is frozen; the bill was not paid.";
            case ACCOUNT_CLOSED -> "The account paid from is closed; the bill was not paid.";
            default -> "The bill was not paid: " + e.detail();
        };
    }
}
