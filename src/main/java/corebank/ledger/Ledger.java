package corebank.ledger;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.platform.ErrorCode;
import corebank.platform.Pages;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.time.Clock;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ledger's API: what other packages may call. Money and account numbers arrive typed
 * ({@link Money}, {@link AccountNumber}, {@link Movement}: the HTTP edges parse a client's text
 * once, internal callers never make text); bounds and free text are checked here before
 * anything is queued. Money-moving commands then go through group commit, every other write
 * through the serializable runner, and reads through read-only snapshots. Refusals are
 * {@link LedgerException}s with stable codes.
 */
@Singleton
public class Ledger {

    private final TransactionRunner runner;
    private final LedgerStore store;
    private final GroupCommitter committer;
    private final AuditLog auditLog;
    private final Clock clock;
    private final LedgerSettings settings;
    private final BatchApplier applier;

    Ledger(TransactionRunner runner, LedgerStore store, GroupCommitter committer, AuditLog auditLog, Clock clock,
           LedgerSettings settings, BatchApplier applier) {
        this.applier = applier;
        this.runner = runner;
        this.store = store;
        this.committer = committer;
        this.auditLog = auditLog;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * What a new account should be. {@code overdraftLimit} is a decimal string or null. A
     * customer deposit's {@code ownerRef} names an existing customer ("customer:..."; the
     * database refuses any other) and its {@code product} is CURRENT unless given; bank-internal
     * accounts have no product.
     */
    public record NewAccount(AccountKind kind, String currency, String name, String ownerRef,
                             Boolean debitsMustNotExceedCredits, Boolean creditsMustNotExceedDebits,
                             String overdraftLimit, AccountProduct product) {

        public NewAccount(AccountKind kind, String currency, String name, String ownerRef,
                          Boolean debitsMustNotExceedCredits, Boolean creditsMustNotExceedDebits, String overdraftLimit) {
            this(kind, currency, name, ownerRef, debitsMustNotExceedCredits, creditsMustNotExceedDebits, overdraftLimit, null);
        }
    }

    /** A new account, checked: what the store inserts. */
    private record ValidAccount(AccountKind kind, Currency currency, String name, String ownerRef, boolean noOverdraft,
                                boolean noNegativeAsset, long overdraftMinor, AccountProduct product) {
    }

    public Account openAccount(NewAccount request, AuditContext context) {
        ValidAccount valid = validate(request);
        try {
            return runner.serializable("open-account", sql -> insert(sql, valid, context));
        } catch (RuntimeException e) {
            throw unknownOwner(e);
        }
    }

    /**
     * Opens an account inside the caller's transaction (which it does not retry or commit), for
     * a feature that opens it together with other records (customers' onboarding). An owner that
     * names no customer fails the caller's transaction; {@link #unknownOwner} explains it.
     */
    public Account openAccount(org.jooq.DSLContext sql, NewAccount request, AuditContext context) {
        return insert(sql, validate(request), context);
    }

    /**
     * The refusal a failed account insert deserves: the database's foreign key from an account's
     * customer owner to customers (SQLSTATE 23503) is {@code unknown_customer} on ownerRef;
     * anything else is rethrown as it is.
     */
    public static RuntimeException unknownOwner(RuntimeException e) {
        if ("23503".equals(TransactionRunner.sqlState(e))) {
            return new LedgerException(ErrorCode.UNKNOWN_CUSTOMER, "ownerRef names no customer", "ownerRef");
        }
        return e;
    }

    private ValidAccount validate(NewAccount request) {
        if (request.kind() == null) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED, "kind is required", "kind");
        }
        Currency currency = Money.currency(request.currency(), "currency");
        String name = requireText(request.name(), "name", 200);
        long overdraft = request.overdraftLimit() == null || request.overdraftLimit().matches("0+(\\.0+)?") ? 0
                : Money.parseMinor(request.overdraftLimit(), currency, "overdraftLimit");
        // Customers' deposits may not go below their overdraft limit unless a teller says otherwise;
        // bank-internal accounts are unconstrained unless asked (a vault cannot hold negative cash).
        boolean noOverdraft = request.debitsMustNotExceedCredits() != null ? request.debitsMustNotExceedCredits()
                : request.kind() == AccountKind.CUSTOMER_DEPOSIT;
        boolean noNegativeAsset = request.creditsMustNotExceedDebits() != null ? request.creditsMustNotExceedDebits()
                : request.kind() == AccountKind.CASH_VAULT || request.kind() == AccountKind.TILL;
        if (noOverdraft && noNegativeAsset) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED,
                    "an account cannot forbid both debits exceeding credits and credits exceeding debits", "creditsMustNotExceedDebits");
        }
        if (overdraft > 0 && !noOverdraft) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED,
                    "an overdraft limit needs debitsMustNotExceedCredits", "overdraftLimit");
        }
        String owner = request.ownerRef() == null ? null : requireText(request.ownerRef(), "ownerRef", 100);
        boolean deposit = request.kind() == AccountKind.CUSTOMER_DEPOSIT;
        if (deposit && (owner == null || !owner.startsWith(CUSTOMER_REF_PREFIX))) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED,
                    "a customer deposit's ownerRef names its customer (customer:<id>)", "ownerRef");
        }
        if (!deposit && request.product() != null) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED, "only a customer deposit has a product", "product");
        }
        AccountProduct product = deposit && request.product() == null ? AccountProduct.CURRENT : request.product();
        return new ValidAccount(request.kind(), currency, name, owner, noOverdraft, noNegativeAsset, overdraft, product);
    }

    /** What an owner reference of a customer starts with; other owners (e.g. "bank:...") are free text. */
    public static final String CUSTOMER_REF_PREFIX = "customer:";

    private Account insert(org.jooq.DSLContext sql, ValidAccount valid, AuditContext context) {
        Account account = store.insertAccount(sql, valid.kind(), valid.currency(), valid.name(), valid.ownerRef(),
                valid.noOverdraft(), valid.noNegativeAsset(), valid.overdraftMinor(), valid.product(), clock.instant());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", account.kind().name());
        details.put("currency", valid.currency().getCurrencyCode());
        details.put("ownerRef", valid.ownerRef());
        if (valid.product() != null) {
            details.put("product", valid.product().name());
        }
        auditLog.append(sql, AuditEvent.success(clock.instant(), context, AuditAction.LEDGER_ACCOUNT_OPEN, "ACCOUNT",
                account.number(), details));
        return account;
    }

    public Account changeStatus(AccountNumber number, AccountStatus next, AuditContext context) {
        return runner.serializable("account-status", sql -> {
            Account account = store.lockAccount(sql, number.value())
                    .orElseThrow(() -> LedgerException.notFound("no account " + number, "accountNumber"));
            if (account.status() == next) {
                return account;
            }
            account.status().requireTransition(next, "account " + number, "status");
            if (next == AccountStatus.CLOSED && (account.debitsPostedMinor() != account.creditsPostedMinor()
                    || account.debitsPendingMinor() != 0 || account.creditsPendingMinor() != 0)) {
                throw new LedgerException(ErrorCode.ACCOUNT_NOT_EMPTY,
                        "account " + number + " still has a balance or holds; move them before closing", "accountNumber");
            }
            Account updated = store.updateStatus(sql, account.id(), next);
            auditLog.append(sql, AuditEvent.success(clock.instant(), context, next.auditAction(),
                    "ACCOUNT", number.value(), Map.of("from", account.status().name(), "to", next.name())));
            return updated;
        });
    }

    /**
     * Sets an account's overdraft limit (a decimal string in its currency; setting the limit it
     * has does nothing). Refused for an account that forbids no overdraft, a closed account, and a
     * limit below the overdraft the account already uses (postings and holds).
     */
    public Account setOverdraftLimit(AccountNumber number, String limit, AuditContext context) {
        return runner.serializable("account-overdraft", sql -> {
            Account account = store.lockAccount(sql, number.value())
                    .orElseThrow(() -> LedgerException.notFound("no account " + number, "accountNumber"));
            long minor = overdraftMinor(account, limit);
            if (account.overdraftLimitMinor() == minor) {
                return account;
            }
            if (account.status() == AccountStatus.CLOSED) {
                throw new LedgerException(ErrorCode.ACCOUNT_CLOSED, "account " + number + " is closed", "accountNumber");
            }
            if (account.debitsPostedMinor() + account.debitsPendingMinor() - account.creditsPostedMinor() > minor) {
                throw new LedgerException(ErrorCode.LIMIT_EXCEEDED,
                        "account " + number + " already uses more overdraft than " + limit, "limit");
            }
            Account updated = store.updateOverdraftLimit(sql, account.id(), minor);
            auditLog.append(sql, AuditEvent.success(clock.instant(), context, AuditAction.LEDGER_ACCOUNT_OVERDRAFT_LIMIT, "ACCOUNT",
                    number.value(), Map.of("fromMinor", account.overdraftLimitMinor(), "toMinor", minor,
                            "currency", account.currency().getCurrencyCode())));
            return updated;
        });
    }

    /** An overdraft limit as minor units of the account's currency, checked as {@link #setOverdraftLimit} needs it. */
    public long overdraftMinor(Account account, String limit) {
        long minor = limit != null && limit.matches("0+(\\.0+)?") ? 0 : Money.parseMinor(limit, account.currency(), "limit");
        if (minor > 0 && !account.debitsMustNotExceedCredits()) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED,
                    "an overdraft limit needs debitsMustNotExceedCredits", "limit");
        }
        return minor;
    }

    // ---- money movements (group commit) ---------------------------------------------------------

    /** A transfer under the ledger's own rules, refusals naming debitAccount and creditAccount. */
    public Outcome transfer(Movement movement, IdempotencyRef idempotency, AuditContext context) {
        return transfer(movement, SideFields.LEDGER, null, idempotency, context);
    }

    /**
     * A transfer that must also meet the caller's {@code conditions} (null for none), checked in
     * the batch where the accounts are read; refusals about a side name {@code fields}.
     */
    public Outcome transfer(Movement movement, SideFields fields, TransferConditions conditions,
                            IdempotencyRef idempotency, AuditContext context) {
        return submit(transferCommand(movement, fields, conditions, idempotency, context));
    }

    public Outcome placeHold(Movement movement, Long timeoutSeconds, IdempotencyRef idempotency, AuditContext context) {
        return placeHold(movement, timeoutSeconds, EntryKind.HOLD_POSTED, idempotency, context);
    }

    /**
     * A hold whose posting records an entry of kind {@code postsAs} (a held transfer posts as
     * TRANSFER, not HOLD_POSTED); the entry still names the hold.
     */
    public Outcome placeHold(Movement movement, Long timeoutSeconds, EntryKind postsAs, IdempotencyRef idempotency,
                             AuditContext context) {
        if (postsAs == null || postsAs == EntryKind.REVERSAL) {
            throw new IllegalArgumentException("a hold cannot post as " + postsAs);
        }
        requireDistinct(movement, SideFields.LEDGER);
        long timeout = timeoutSeconds == null ? settings.holdTimeoutSecondsDefault() : timeoutSeconds;
        if (timeout < 1 || timeout > settings.holdTimeoutSecondsMax()) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED,
                    "timeoutSeconds must be between 1 and " + settings.holdTimeoutSecondsMax(), "timeoutSeconds");
        }
        optionalText(movement.description(), "description", 500);
        return submit(new LedgerCommand.PlaceHold(movement, timeout, postsAs, idempotency, context));
    }

    /** Posts a hold, in full when {@code amount} is null; see {@link Money#parseDecimal}. */
    public Outcome postHold(UUID holdId, java.math.BigDecimal amount, IdempotencyRef idempotency, AuditContext context) {
        return submit(new LedgerCommand.PostHold(holdId, amount, idempotency, context));
    }

    public Outcome voidHold(UUID holdId, IdempotencyRef idempotency, AuditContext context) {
        return submit(new LedgerCommand.VoidHold(holdId, idempotency, context));
    }

    public Outcome reverse(UUID entryId, String reason, IdempotencyRef idempotency, AuditContext context) {
        return submit(new LedgerCommand.Reverse(entryId, requireText(reason, "reason", 500), idempotency, context));
    }

    /**
     * One transfer of a batch request, as its edge parsed it: a movement, or the refusal its
     * text earned ({@code malformed}), which refuses this transfer alone, or fails a linked batch.
     */
    public record BatchItem(String idempotencyKey, Movement movement, LedgerException malformed) {

        public static BatchItem of(String idempotencyKey, Movement movement) {
            return new BatchItem(idempotencyKey, movement, null);
        }

        public static BatchItem malformed(String idempotencyKey, LedgerException refusal) {
            return new BatchItem(idempotencyKey, null, refusal);
        }
    }

    /**
     * Many transfers in one request. Independent: each has its own Idempotency-Key and outcome
     * (invalid ones are refused on their own). Linked: all or nothing, under the request's key.
     */
    public List<Outcome> transferBatch(List<BatchItem> items, boolean linked, String scope, IdempotencyRef groupKey,
                                       AuditContext context) {
        if (items == null || items.isEmpty() || items.size() > settings.apiBatchMax()) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED,
                    "a batch carries 1 to " + settings.apiBatchMax() + " transfers", "transfers");
        }
        if (linked) {
            List<LedgerCommand.Transfer> transfers = new java.util.ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                transfers.add(validTransfer(items.get(i), null, context, "transfers[" + i + "]."));
            }
            Outcome group = committer.submit(new LedgerCommand.LinkedTransfers(transfers, groupKey, context));
            return group.linked() == null ? List.of(group) : group.linked();
        }
        List<LedgerCommand> commands = new java.util.ArrayList<>();
        Outcome[] early = new Outcome[items.size()];
        for (int i = 0; i < items.size(); i++) {
            try {
                commands.add(validTransfer(items.get(i), IdempotencyRef.of(scope, items.get(i).idempotencyKey()), context,
                        "transfers[" + i + "]."));
            } catch (LedgerException e) {
                early[i] = Outcome.refused(e.code(), e.detail(), "transfers[" + i + "]." + e.field());
            }
        }
        java.util.Iterator<Outcome> submitted = committer.submitAll(commands).iterator();
        List<Outcome> outcomes = new java.util.ArrayList<>(items.size());
        for (Outcome e : early) {
            outcomes.add(e != null ? e : submitted.next());
        }
        return outcomes;
    }

    private LedgerCommand.Transfer validTransfer(BatchItem item, IdempotencyRef ref, AuditContext context, String prefix) {
        try {
            if (item == null) {
                throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED, "a transfer is required", "");
            }
            if (item.malformed() != null) {
                throw item.malformed();
            }
            return transferCommand(item.movement(), SideFields.LEDGER, null, ref, context);
        } catch (LedgerException e) {
            if (ref == null) {
                throw new LedgerException(e.code(), e.detail(), prefix + e.field());
            }
            throw e;
        }
    }

    private static LedgerCommand.Transfer transferCommand(Movement movement, SideFields fields, TransferConditions conditions,
                                                          IdempotencyRef idempotency, AuditContext context) {
        requireDistinct(movement, fields);
        optionalText(movement.description(), "description", 500);
        return new LedgerCommand.Transfer(movement, fields, conditions, idempotency, context);
    }

    private Outcome submit(LedgerCommand command) {
        Outcome outcome = committer.submit(command);
        if (!outcome.applied()) {
            throw outcome.toException();
        }
        return outcome;
    }

    /**
     * Runs {@code work} in one SERIALIZABLE transaction holding the ledger's batch lock, with the
     * ledger at hand ({@link LedgerTransaction}): another feature's rows and the entries it makes
     * commit together. Retried whole on a serialization failure, like every write.
     */
    public <T> T inTransaction(String name, LedgerTransaction.Work<T> work) {
        return runner.serializable(name, LedgerStore.BATCH_LOCK,
                sql -> work.run(sql, new LedgerTransaction(sql, store, applier, clock.instant())));
    }

    // ---- reads ----------------------------------------------------------------------------------

    public Account account(AccountNumber number) {
        return runner.readStatement(sql -> store.account(sql, number.value()))
                .orElseThrow(() -> LedgerException.notFound("no account " + number, "accountNumber"));
    }

    public List<Account> accountsOwnedBy(String ownerRef) {
        return runner.read(sql -> store.accountsOwnedBy(sql, ownerRef));
    }

    /** Which accounts a teller's list shows; null means "any". */
    public record AccountFilter(String ownerRef, AccountStatus status, Currency currency, AccountProduct product,
                                AccountKind kind) {
    }

    /** A page of accounts and the cursor of the next one (null on the last page). */
    public record AccountsPage(List<Account> accounts, String nextCursor) {
    }

    /**
     * Accounts matching {@code filter} in the order they were opened, {@code limit} (50 unless
     * asked, at most the configured maximum) at a time; {@code cursor} continues a page.
     */
    public AccountsPage accounts(AccountFilter filter, String cursor, Integer limit) {
        int size = pageSize(limit);
        Long afterId = Pages.sequence(cursor);
        long after = afterId == null ? 0 : afterId;
        Pages.Slice<Account> page = Pages.slice(runner.read(sql -> store.accounts(sql, filter, after, size + 1)), size,
                a -> Pages.cursor(a.id()));
        return new AccountsPage(page.rows(), page.nextCursor());
    }

    /** The account's pending holds (on either side), oldest first, at most {@code limit}. */
    public List<Views.HoldView> pendingHolds(Account account, int limit) {
        return runner.read(sql -> store.pendingHolds(sql, account.id(), limit));
    }

    /** An account's postings, newest first, continuing before {@code beforeSeq} when given. */
    public Views.PostingsPage postings(AccountNumber number, Long beforeSeq, Integer limit) {
        int size = pageSize(limit);
        long before = postingsBefore(beforeSeq);
        Account account = account(number);
        return runner.read(sql -> store.postings(sql, account, before, size));
    }

    /**
     * Which lines of an account's history to show; null means "any". {@code from} is inclusive
     * and {@code to} exclusive (instants); {@code side} is the account's side of the posting
     * (CREDIT is money in); the amount bounds are minor units of the account's currency,
     * inclusive. Bounds that cannot both hold are refused, naming the later field.
     */
    public record HistoryFilter(java.time.Instant from, java.time.Instant to, Side side, Long minAmountMinor,
                                Long maxAmountMinor) {
        public static final HistoryFilter ANY = new HistoryFilter(null, null, null, null, null);

        public HistoryFilter {
            if (from != null && to != null && !to.isAfter(from)) {
                throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED, "to must be later than from", "to");
            }
            if (minAmountMinor != null && maxAmountMinor != null && maxAmountMinor < minAmountMinor) {
                throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED, "maxAmount must not be below minAmount", "maxAmount");
            }
        }
    }

    /**
     * An account's history, newest first: each posting with its entry's description and
     * counterparty, filtered, continuing before {@code beforeSeq} when given. One query per page,
     * driven by the postings' (account, sequence) index.
     */
    public Views.HistoryPage history(Account account, HistoryFilter filter, Long beforeSeq, Integer limit) {
        int size = pageSize(limit);
        long before = postingsBefore(beforeSeq);
        HistoryFilter f = filter == null ? HistoryFilter.ANY : filter;
        return runner.read(sql -> store.history(sql, account, f, before, size));
    }

    /** A page of postings: 50 unless asked, at most the configured maximum. */
    private int pageSize(Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > settings.pageSizeMax()) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED,
                    "limit must be between 1 and " + settings.pageSizeMax(), "limit");
        }
        return size;
    }

    /** The keyset cursor of a postings page: an account sequence number, or from the newest when absent. */
    private static long postingsBefore(Long beforeSeq) {
        if (beforeSeq != null && beforeSeq < 1) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED, "cursor is not one this API handed out", "cursor");
        }
        return beforeSeq == null ? Long.MAX_VALUE : beforeSeq;
    }

    /**
     * The entry an applied outcome made: as the batch that wrote it saw it, or, for a replay,
     * read back from the journal.
     */
    public Views.EntryView entryOf(Outcome outcome) {
        return outcome.entry() != null ? outcome.entry() : entry(outcome.resultId());
    }

    public Views.EntryView entry(UUID id) {
        return runner.read(sql -> store.entry(sql, id))
                .orElseThrow(() -> LedgerException.notFound("no journal entry " + id, "entryId"));
    }

    public Views.HoldView hold(UUID id) {
        return runner.read(sql -> store.hold(sql, id))
                .orElseThrow(() -> LedgerException.notFound("no hold " + id, "holdId"));
    }

    public List<Views.TrialBalanceLine> trialBalance() {
        return runner.read(store::trialBalance);
    }

    /**
     * Auditors' journal filter; null means "any". Amount bounds are decimal strings in
     * {@code currency}, which they then require. {@code cursor} continues a previous page.
     */
    public record JournalFilter(AccountNumber account, java.time.Instant from, java.time.Instant to, EntryKind kind,
                                String currency, Long minAmountMinor, Long maxAmountMinor, String cursor) {
    }

    public record JournalPage(List<Views.EntryView> entries, String nextCursor) {
    }

    public JournalPage journal(String account, java.time.Instant from, java.time.Instant to, String kind, String currency,
                               String minAmount, String maxAmount, String cursor, Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > settings.pageSizeMax()) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED, "limit must be between 1 and " + settings.pageSizeMax(), "limit");
        }
        JournalFilter filter = journalFilter(account, from, to, kind, currency, minAmount, maxAmount, cursor);
        JournalPage page = runner.read(sql -> journalPage(sql, filter, size));
        return new JournalPage(page.entries(), page.nextCursor() == null ? null : Pages.cursor(page.nextCursor()));
    }

    /**
     * The auditors' journal filter from the request's text, checked field by field (a bad value
     * is a 400 naming it); the JSON API and the exports parse theirs here alike.
     */
    public JournalFilter journalFilter(String account, java.time.Instant from, java.time.Instant to, String kind, String currency,
                                       String minAmount, String maxAmount, String cursor) {
        AccountNumber number = account == null ? null : AccountNumber.parse(account, "account");
        EntryKind entryKind = kind == null ? null : EntryKind.parse(kind, "kind");
        String position = Pages.key(cursor, 1, k -> k[0].matches("s:\\d{1,19}|t:[0-9T:.\\-]+Z_[0-9a-f-]{36}") ? k[0] : null);
        Long min = null;
        Long max = null;
        if (minAmount != null || maxAmount != null) {
            Currency c = Money.currency(currency, "currency");
            min = minAmount == null ? null : Money.parseMinor(minAmount, c, "minAmount");
            max = maxAmount == null ? null : Money.parseMinor(maxAmount, c, "maxAmount");
        }
        return new JournalFilter(number, from, to, entryKind, currency, min, max, position);
    }

    /**
     * A page of the journal inside the caller's transaction (an export's held snapshot reads
     * page after page with the position each page hands out, {@link #after}); newest first, as
     * {@link #journal}, whose clients get the position as an opaque cursor.
     */
    public JournalPage journalPage(DSLContext sql, JournalFilter filter, int size) {
        LedgerStore.JournalPage page = store.journal(sql, filter, size);
        return new JournalPage(page.entries(), page.nextCursor());
    }

    /** The journal filter continued after a page: the same filter with the page's cursor. */
    public static JournalFilter after(JournalFilter f, String cursor) {
        return new JournalFilter(f.account(), f.from(), f.to(), f.kind(), f.currency(), f.minAmountMinor(), f.maxAmountMinor(), cursor);
    }

    /**
     * One account's postings summed up to a time: debits and credits in minor units, the balance
     * on the account's normal side from those sums, and how many postings were summed.
     */
    public record BalanceAsOf(long accountId, String accountNumber, String ownerRef, String currency, AccountKind kind,
                              long debitsMinor, long creditsMinor, long postings) {
        public long balanceMinor() {
            return kind.normalSide() == Side.CREDIT ? creditsMinor - debitsMinor : debitsMinor - creditsMinor;
        }
    }

    /**
     * The balances of the accounts opened by {@code asOf}, each the sum of its postings created
     * at or before {@code asOf} (inclusive), never the stored totals; in account order, a page
     * of {@code limit} after the account id {@code afterAccountId}, in the caller's transaction.
     */
    public List<BalanceAsOf> balancesAsOf(DSLContext sql, java.time.Instant asOf, long afterAccountId, int limit) {
        return store.balancesAsOf(sql, asOf, afterAccountId, limit);
    }

    /** The trial balance from the postings recorded up to {@code asOf} (holds are not postings). */
    public List<Views.TrialBalanceLine> trialBalanceAsOf(java.time.Instant asOf) {
        return runner.read(sql -> store.trialBalanceAsOf(sql, asOf));
    }

    // ---- validation -----------------------------------------------------------------------------

    private static void requireDistinct(Movement movement, SideFields fields) {
        if (movement.debitAccount().equals(movement.creditAccount())) {
            throw LedgerException.invalid(ErrorCode.SAME_ACCOUNT,
                    "the debit and credit accounts must differ", fields.credit());
        }
    }

    private static String requireText(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED, field + " is required", field);
        }
        return optionalText(value, field, maxLength);
    }

    static String optionalText(String value, String field, int maxLength) {
        if (value != null && (value.length() > maxLength || value.chars().anyMatch(c -> c < 0x20 && c != '\t'))) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED,
                    field + " must be at most " + maxLength + " characters without control characters", field);
        }
        return value;
    }
}
