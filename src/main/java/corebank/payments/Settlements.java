package corebank.payments;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.ledger.AccountNumber;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.Money;
import corebank.ledger.Movement;
import corebank.payments.PaymentsModel.Biller;
import corebank.payments.PaymentsModel.Settleable;
import corebank.payments.PaymentsModel.SettlementRun;
import corebank.platform.ErrorCode;
import corebank.platform.Pages;
import corebank.platform.TransactionRunner;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Daily settlement per biller: the business date's bill payments leave the biller's clearing
 * account for the bank's settlement account in one ledger entry, and a pain.001 credit-transfer
 * file lists each payment with its customer reference. Settling a biller and date again
 * changes nothing: the run is unique per biller and date, and its ledger entry is made under
 * the Idempotency-Key "settlement:&lt;biller&gt;:&lt;date&gt;".
 */
@Singleton
public class Settlements {

    private static final Logger LOG = LoggerFactory.getLogger(Settlements.class);
    static final String BANK_NAME = "Corebank";

    private final TransactionRunner runner;
    private final PaymentsStore store;
    private final Billers billers;
    private final Ledger ledger;
    private final AuditLog auditLog;
    private final PaymentsSettings settings;
    private final Clock clock;

    Settlements(TransactionRunner runner, PaymentsStore store, Billers billers, Ledger ledger, AuditLog auditLog,
                PaymentsSettings settings, Clock clock) {
        this.runner = runner;
        this.store = store;
        this.billers = billers;
        this.ledger = ledger;
        this.auditLog = auditLog;
        this.settings = settings;
        this.clock = clock;
    }

    /** After each day's cut-off, settles that business date for every biller (idempotent). */
    @Scheduled(fixedDelay = "${corebank.payments.settlement-interval}", initialDelay = "${corebank.payments.settlement-initial-delay}")
    void scheduled() {
        ZonedDateTime now = clock.instant().atZone(settings.zoneId());
        if (now.toLocalTime().isBefore(settings.cutOffTime())) {
            return;
        }
        for (Biller biller : billers.list()) {
            try {
                settle(biller.code(), now.toLocalDate(), AuditContext.system("settlement"));
            } catch (RuntimeException e) {
                LOG.error("settlement of {} for {} failed; the next run retries", biller.code(), now.toLocalDate(), e);
            }
        }
    }

    public SettlementRun settle(String billerCode, LocalDate businessDate, AuditContext context) {
        Biller biller = billers.byCode(billerCode);
        if (businessDate == null || businessDate.isAfter(LocalDate.ofInstant(clock.instant(), settings.zoneId()))) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED, "businessDate is required and not in the future", "businessDate");
        }
        ZonedDateTime now0 = clock.instant().atZone(settings.zoneId());
        if (businessDate.equals(now0.toLocalDate()) && now0.toLocalTime().isBefore(settings.cutOffTime())) {
            throw new PaymentsException(ErrorCode.SETTLEMENT_BEFORE_CUT_OFF,
                    "today's payments can be settled after the cut-off at " + settings.cutOffTime(), "businessDate");
        }
        Optional<SettlementRun> done = runner.read(sql -> store.run(sql, biller.id(), businessDate));
        if (done.isPresent()) {
            return done.get();
        }
        List<Settleable> payments = runner.read(sql -> store.settleable(sql, biller.id(), businessDate));
        java.util.Currency currency = java.util.Currency.getInstance(biller.currency());
        Optional<Money> total = payments.stream().map(p -> new Money(p.amountMinor(), currency)).reduce(Money::plus);
        long sum = total.map(Money::amountMinor).orElse(0L);
        UUID entry = null;
        if (total.isPresent()) {
            Movement movement = new Movement(new AccountNumber(biller.clearingAccount()),
                    new AccountNumber(biller.settlementAccount()), total.get(), "settlement " + biller.code() + " " + businessDate);
            entry = ledger.transfer(movement,
                    IdempotencyRef.of("system:settlement", "settlement:" + biller.code() + ":" + businessDate), context).resultId();
        }
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        String messageId = "CB" + biller.code() + businessDate.toString().replace("-", "");
        String xml = payments.isEmpty() ? null : Pain001.write(messageId, now, businessDate, BANK_NAME, biller.settlementAccount(),
                biller, payments, sum);
        UUID entryId = entry;
        runner.serializable("settlement-record", sql -> {
            if (store.insertRun(sql, id, biller.id(), businessDate, entryId, payments.size(), sum, biller.currency(), messageId,
                    xml, context.actor(), now)) {
                auditLog.append(sql, AuditEvent.success(now, context, AuditAction.PAYMENTS_SETTLEMENT, "BILLER", biller.code(),
                        Map.of("businessDate", businessDate.toString(), "payments", payments.size(), "controlSumMinor", sum)));
            }
            return null;
        });
        return runner.readStatement(sql -> store.run(sql, biller.id(), businessDate)).orElseThrow();
    }

    /** A page of the runs from {@code from} on, newest business date first, then by biller code (see {@link Pages}). */
    public Pages.Slice<SettlementRun> runs(LocalDate from, String cursor, Integer limit) {
        int size = Pages.size(limit);
        RunKey after = Pages.key(cursor, 2, k -> new RunKey(LocalDate.parse(k[0]), k[1].isEmpty() ? null : k[1]));
        List<SettlementRun> rows = runner.readStatement(sql -> store.runs(sql, from, after == null ? null : after.date(),
                after == null ? null : after.billerCode(), size + 1));
        return Pages.slice(rows, size, r -> Pages.cursor(r.businessDate(), r.billerCode()));
    }

    private record RunKey(LocalDate date, String billerCode) {
        RunKey {
            java.util.Objects.requireNonNull(billerCode);
        }
    }

    public String file(UUID runId) {
        return runner.readStatement(sql -> store.runFile(sql, runId))
                .orElseThrow(() -> PaymentsException.notFound("no settlement file for run " + runId, "runId"));
    }
}
