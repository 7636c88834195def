package corebank.payments;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.ledger.Account;
import corebank.ledger.AccountKind;
import corebank.ledger.AccountNumber;
import corebank.ledger.Ledger;
import corebank.ledger.Money;
import corebank.payments.BillerRepository.AccountRef;
import corebank.payments.BillerRepository.BillerRow;
import corebank.payments.PaymentsModel.Biller;
import corebank.platform.ErrorCode;
import corebank.platform.Pages;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The biller directory, managed by administrators and tellers. Registering a biller opens its
 * clearing account in the ledger; customers' payments collect there until settlement moves them
 * to the bank's settlement account (named at registration) for payout.
 */
@Singleton
public class Billers {

    private final TransactionRunner runner;
    private final BillerRepository repository;
    private final Ledger ledger;
    private final AuditLog auditLog;
    private final Clock clock;

    Billers(TransactionRunner runner, BillerRepository repository, Ledger ledger, AuditLog auditLog, Clock clock) {
        this.runner = runner;
        this.repository = repository;
        this.ledger = ledger;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    public Biller register(String code, String name, String currency, String settlementAccount, String creditorAccount,
                           String referencePattern, String checkDigit, AuditContext context) {
        if (code == null || !code.matches("[A-Z0-9]{3,16}")) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED, "code: 3 to 16 of A-Z and 0-9", "code");
        }
        if (name == null || name.isBlank() || name.length() > 140) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED, "name is required (at most 140 characters)", "name");
        }
        Money.currency(currency, "currency");
        if (creditorAccount == null || !creditorAccount.matches("[A-Z0-9]{5,34}")) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED,
                    "creditorAccount: the biller's account for payouts (IBAN or other id, 5 to 34 of A-Z and 0-9)", "creditorAccount");
        }
        try {
            References.compile(referencePattern == null ? "" : referencePattern);
        } catch (com.google.re2j.PatternSyntaxException e) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED,
                    "referencePattern is not a regular expression of the RE2 syntax (no backreferences or lookaround)", "referencePattern");
        }
        if (referencePattern == null || referencePattern.isBlank() || referencePattern.length() > 200) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED, "referencePattern is required", "referencePattern");
        }
        String digits = checkDigit == null ? "NONE" : checkDigit;
        if (!List.of("NONE", "MOD10", "MOD97").contains(digits)) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED, "checkDigit is NONE, MOD10 or MOD97", "checkDigit");
        }
        // refusals name "accountNumber", as the ledger's read of the account always has
        Account settlement = ledger.account(AccountNumber.parse(settlementAccount, "accountNumber"));
        if (settlement.kind() != AccountKind.SETTLEMENT || !settlement.currency().getCurrencyCode().equals(currency)) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED,
                    "settlementAccount must be a SETTLEMENT account in " + currency, "settlementAccount");
        }
        if (repository.findByCode(code).isPresent()) {
            throw new PaymentsException(ErrorCode.BILLER_EXISTS, "biller " + code + " exists", "code");
        }
        Account clearing = ledger.openAccount(new Ledger.NewAccount(AccountKind.CLEARING, currency, "Clearing " + code,
                "biller:" + code, null, null, null), context);
        return runner.serializable("biller-register", sql -> {
            repository.save(new BillerRow(UUID.randomUUID(), code, name, currency, new AccountRef(clearing.id(), clearing.number()),
                    new AccountRef(settlement.id(), settlement.number()), creditorAccount, referencePattern, digits, clock.instant()));
            auditLog.append(sql, AuditEvent.success(clock.instant(), context, AuditAction.PAYMENTS_BILLER_REGISTER, "BILLER", code,
                    Map.of("clearingAccount", clearing.number(), "settlementAccount", settlement.number())));
            return repository.findByCode(code).orElseThrow().toModel();
        });
    }

    public List<Biller> list() {
        return repository.listOrderByCode().stream().map(BillerRow::toModel).toList();
    }

    /**
     * A page of the directory by code: billers whose code or name contains the query (ignoring
     * case; all of them without one), {@code limit} at a time (see {@link Pages}); {@code cursor}
     * continues a page.
     */
    public Pages.Slice<Biller> page(String query, String cursor, Integer limit) {
        String q = query == null ? "" : query.strip().toLowerCase(java.util.Locale.ROOT);
        if (q.length() > 100) {
            throw PaymentsException.invalid(ErrorCode.VALIDATION_FAILED, "query: at most 100 characters", "query");
        }
        int size = Pages.size(limit);
        String after = cursor == null ? "" : Pages.key(cursor, 1, k -> k[0].isEmpty() ? null : k[0]);
        List<Biller> rows = repository.page(q, after, size + 1).stream().map(BillerRow::toModel).toList();
        return Pages.slice(rows, size, b -> Pages.cursor(b.code()));
    }

    public Biller byCode(String code) {
        return (code == null ? Optional.<BillerRow>empty() : repository.findByCode(code)).map(BillerRow::toModel)
                .orElseThrow(() -> PaymentsException.notFound("no biller " + code, "billerCode"));
    }
}
