package corebank.cash;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.cash.CashModel.CashCurrency;
import corebank.cash.CashModel.Till;
import corebank.identity.user.Role;
import corebank.identity.user.User;
import corebank.identity.user.UserAdmin;
import corebank.ledger.Account;
import corebank.ledger.AccountKind;
import corebank.ledger.AccountNumber;
import corebank.ledger.Ledger;
import corebank.ledger.Money;
import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cash desk's set-up and who may reach which till. Per currency, a vault (a CASH_VAULT
 * account) and an over/short account; per teller and currency, a till (a TILL account of its
 * own). A teller sees and works only their own tills; a supervisor sees every till and works
 * only their own. A till the caller may not see answers 404 as if it did not exist, one they may
 * see but not work answers 403; both are audited ({@code cash.till.access}).
 */
@Singleton
public class Tills {

    private final TransactionRunner runner;
    private final CashStore store;
    private final Ledger ledger;
    private final UserAdmin users;
    private final AuditLog auditLog;
    private final Clock clock;

    Tills(TransactionRunner runner, CashStore store, Ledger ledger, UserAdmin users, AuditLog auditLog, Clock clock) {
        this.runner = runner;
        this.store = store;
        this.ledger = ledger;
        this.users = users;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /**
     * Sets a currency up for cash: its vault ({@code vaultAccount}, an existing CASH_VAULT account
     * in the currency, or a new one when null) and a new over/short account. Asking again with the
     * same vault (or none) answers what exists; with another vault is refused.
     */
    public CashCurrency setUpCurrency(String currencyCode, String vaultAccount, AuditContext context) {
        Currency currency = Money.currency(currencyCode, "currency");
        Account vault = vaultAccount == null ? null : ledger.account(AccountNumber.parse(vaultAccount, "vaultAccount"));
        if (vault != null && (vault.kind() != AccountKind.CASH_VAULT || !vault.currency().equals(currency))) {
            throw new CashException(ErrorCode.VALIDATION_FAILED,
                    "vaultAccount must be a CASH_VAULT account in " + currency.getCurrencyCode(), "vaultAccount");
        }
        CashCurrency existing = runner.read(sql -> store.currency(sql, currency.getCurrencyCode())).orElse(null);
        if (existing != null) {
            if (vault != null && !vault.number().equals(existing.vaultAccount())) {
                throw new CashException(ErrorCode.CASH_CURRENCY_EXISTS, currency.getCurrencyCode()
                        + " already has the vault " + existing.vaultAccount(), "vaultAccount");
            }
            return existing;
        }
        String code = currency.getCurrencyCode();
        Account theVault = vault != null ? vault : ledger.openAccount(new Ledger.NewAccount(AccountKind.CASH_VAULT, code,
                "Cash vault " + code, null, null, null, null), context);
        Account overShort = ledger.openAccount(new Ledger.NewAccount(AccountKind.CASH_OVER_SHORT, code,
                "Cash over/short " + code, null, null, null, null), context);
        return runner.serializable("cash-currency", sql -> {
            CashCurrency raced = store.currency(sql, code).orElse(null);
            if (raced != null) {
                return raced;
            }
            store.insertCurrency(sql, code, theVault.number(), overShort.number(), clock.instant());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("vaultAccount", theVault.number());
            details.put("overShortAccount", overShort.number());
            auditLog.append(sql, AuditEvent.success(clock.instant(), context, AuditAction.CASH_CURRENCY_SET_UP, "CURRENCY", code, details));
            return store.currency(sql, code).orElseThrow();
        });
    }

    public List<CashCurrency> currencies() {
        return runner.read(store::currencies);
    }

    CashCurrency currencyOf(Till till) {
        return runner.read(sql -> store.currency(sql, till.currency().getCurrencyCode())).orElseThrow();
    }

    /** A till for a teller (or supervisor) in a currency already set up; one per teller and currency. */
    public Till create(String username, String currencyCode, AuditContext context) {
        Currency currency = Money.currency(currencyCode, "currency");
        String code = currency.getCurrencyCode();
        if (runner.read(sql -> store.currency(sql, code)).isEmpty()) {
            throw new CashException(ErrorCode.NOT_FOUND, code + " is not set up for cash (no vault)", "currency");
        }
        User teller = users.get(username);
        if (!teller.roles().contains(Role.TELLER) && !teller.roles().contains(Role.SUPERVISOR)) {
            throw new CashException(ErrorCode.VALIDATION_FAILED, username + " is not a teller or supervisor", "teller");
        }
        if (runner.read(sql -> store.tillOf(sql, teller.id(), code)).isPresent()) {
            throw new CashException(ErrorCode.TILL_EXISTS, teller.username() + " already has a till in " + code, "currency");
        }
        Account account = ledger.openAccount(new Ledger.NewAccount(AccountKind.TILL, code,
                "Till of " + teller.username() + " " + code, null, null, null, null), context);
        return runner.serializable("till-create", sql -> {
            if (store.tillOf(sql, teller.id(), code).isPresent()) {
                throw new CashException(ErrorCode.TILL_EXISTS, teller.username() + " already has a till in " + code, "currency");
            }
            long id = store.insertTill(sql, teller.id(), teller.username(), code, account.number(), clock.instant());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("teller", teller.username());
            details.put("currency", code);
            details.put("account", account.number());
            auditLog.append(sql, AuditEvent.success(clock.instant(), context, AuditAction.CASH_TILL_CREATE, "TILL",
                    Long.toString(id), details));
            return store.till(sql, id).orElseThrow();
        });
    }

    /** The till's book balance (cash the books say is in the drawer). */
    public long balanceMinor(Till till) {
        return ledger.account(new AccountNumber(till.account())).balanceMinor();
    }

    /** The tills the caller may see: their own, or every till for a supervisor. */
    public List<Till> visibleTo(Staff staff) {
        return runner.read(sql -> store.tills(sql, staff.supervisor() ? null : staff.userId()));
    }

    /** A page of the tills the caller may see, by id (see {@link corebank.platform.Pages}). */
    public corebank.platform.Pages.Slice<Till> visibleTo(Staff staff, String cursor, Integer limit) {
        int size = corebank.platform.Pages.size(limit);
        Long after = corebank.platform.Pages.sequence(cursor);
        List<Till> rows = runner.read(sql -> store.tills(sql, staff.supervisor() ? null : staff.userId(), after == null ? 0 : after, size + 1));
        return corebank.platform.Pages.slice(rows, size, t -> corebank.platform.Pages.cursor(t.id()));
    }

    /** A till the caller may see (their own; any for a supervisor), else 404, audited. */
    public Till visible(Staff staff, long tillId, AuditContext context) {
        Till till = runner.read(sql -> store.till(sql, tillId)).orElse(null);
        if (till == null || (!staff.supervisor() && !till.tellerUserId().equals(staff.userId()))) {
            throw denied(ErrorCode.NOT_FOUND, "no till " + tillId, tillId, context);
        }
        return till;
    }

    /** A till the caller may work (move cash, open or close its day): their own only. */
    public Till workable(Staff staff, long tillId, AuditContext context) {
        Till till = visible(staff, tillId, context);
        if (!till.tellerUserId().equals(staff.userId())) {
            throw denied(ErrorCode.FORBIDDEN, "till " + tillId + " is " + till.tellerUsername() + "'s; a teller works only their own",
                    tillId, context);
        }
        return till;
    }

    private CashException denied(ErrorCode code, String detail, long tillId, AuditContext context) {
        auditLog.appendAlone(AuditEvent.failure(clock.instant(), context, AuditAction.CASH_TILL_ACCESS, code, "TILL",
                Long.toString(tillId), Map.of()));
        return new CashException(code, detail, "tillId");
    }
}
