package corebank.ledger;

import corebank.jooq.tables.Accounts;
import corebank.jooq.tables.JournalEntries;
import corebank.jooq.tables.Postings;
import corebank.platform.StatementPipeline;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static corebank.jooq.Tables.ACCOUNTS;
import static corebank.jooq.Tables.JOURNAL_ENTRIES;
import static corebank.jooq.Tables.POSTINGS;

/**
 * All SQL on the ledger's tables, and the only code that touches them.
 *
 * <p>Write path, per batch of N commands, under the batch lock: one read of stored idempotency
 * outcomes, one locking read of the holds and one read of the accounts involved, then one
 * statement each for account updates, entries, postings, holds and
 * idempotency rows, sent together in one round trip ({@link StatementPipeline}): with BEGIN,
 * the lock and COMMIT, five round trips whatever N is. Bulk statements bind arrays and
 * {@code unnest} them. A transfer writes 1 entry + 2 postings + 2 account row versions +
 * 1 idempotency row + 1 audit row, about 1.5 kB of WAL.
 *
 * <p>The reads of account history, entries and the auditors' journal are built on the jOOQ
 * classes generated from db/ (corebank.jooq), so renaming a column they use breaks the build.
 * The write path keeps its plain SQL: statements that bind arrays to {@code unnest}, and JDBC
 * where jOOQ's record access showed in the profile.
 */
@Singleton
class LedgerStore {

    private static final String ACCOUNT_COLUMNS = """
            id, number, kind, currency, name, owner_ref, debits_must_not_exceed_credits,
            credits_must_not_exceed_debits, overdraft_limit_minor, status, debits_posted, credits_posted,
            debits_pending, credits_pending, posting_count, created_at, product""";

    private final JsonMapper json;

    LedgerStore(JsonMapper json) {
        this.json = json;
    }

    /**
     * One ledger batch at a time, across every engine instance on the database: every batch
     * transaction opens with this (GroupCommitter). The lock is the transaction's first
     * statement, so it is granted before the SERIALIZABLE snapshot is taken (PostgreSQL takes
     * it at the first query): a batch then never reads balances that a batch
     * committed while it waited, and batches cannot fail each other with 40001. Throughput
     * comes from the size of the batches (group commit), not from concurrent ones; DESIGN.md's
     * measurements show one writer within 15% of the best and free of retries. Reads are not
     * blocked (SHARE ROW EXCLUSIVE conflicts only with writers of accounts).
     */
    static final String BATCH_LOCK = "LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE";

    // ---- idempotency ------------------------------------------------------------------------

    static String keyOf(IdempotencyRef ref) {
        return ref.scope() + '\u0000' + ref.key();
    }

    Map<String, StoredOutcome> findOutcomes(DSLContext sql, Collection<IdempotencyRef> refs) {
        Map<String, StoredOutcome> found = new HashMap<>();
        if (refs.isEmpty()) {
            return found;
        }
        String[] scopes = refs.stream().map(IdempotencyRef::scope).toArray(String[]::new);
        String[] keys = refs.stream().map(IdempotencyRef::key).toArray(String[]::new);
        for (Record r : sql.fetch("""
                SELECT k.scope, k.key, k.request_hash, k.outcome::text AS outcome
                  FROM idempotency_keys k
                  JOIN unnest(?::text[], ?::text[]) AS w(scope, key) ON k.scope = w.scope AND k.key = w.key
                """, scopes, keys)) {
            found.put(r.get("scope", String.class) + '\u0000' + r.get("key", String.class),
                    new StoredOutcome(r.get("request_hash", String.class), fromJson(r.get("outcome", String.class))));
        }
        return found;
    }

    record OutcomeRow(IdempotencyRef ref, String requestHash, Outcome outcome) {
    }

    void insertOutcomes(StatementPipeline writes, List<OutcomeRow> rows, Instant now) {
        if (rows.isEmpty()) {
            return;
        }
        writes.add("""
                INSERT INTO idempotency_keys (scope, key, request_hash, outcome, created_at)
                SELECT t.scope, t.key, t.hash, t.outcome::jsonb, ?
                  FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS t(scope, key, hash, outcome)
                """, ts(now),
                rows.stream().map(r -> r.ref().scope()).toArray(String[]::new),
                rows.stream().map(r -> r.ref().key()).toArray(String[]::new),
                rows.stream().map(OutcomeRow::requestHash).toArray(String[]::new),
                rows.stream().map(r -> toJson(r.outcome())).toArray(String[]::new));
    }

    // ---- locking reads of the write path ----------------------------------------------------

    Map<UUID, HoldState> lockHolds(DSLContext sql, Collection<UUID> ids) {
        Map<UUID, HoldState> holds = new HashMap<>();
        if (ids.isEmpty()) {
            return holds;
        }
        for (Record r : sql.fetch("""
                SELECT id, debit_account_id, credit_account_id, currency, amount_minor, status, expires_at, description, posts_as
                  FROM holds WHERE id = ANY(?::uuid[]) ORDER BY id FOR UPDATE
                """, (Object) ids.toArray(UUID[]::new))) {
            UUID id = r.get("id", UUID.class);
            holds.put(id, new HoldState(id, r.get("debit_account_id", Long.class), r.get("credit_account_id", Long.class),
                    r.get("currency", String.class), r.get("amount_minor", Long.class),
                    instant(r, "expires_at"), r.get("description", String.class),
                    EntryKind.valueOf(r.get("posts_as", String.class)), HoldStatus.valueOf(r.get("status", String.class)), false));
        }
        return holds;
    }

    Map<UUID, EntryToReverse> entriesToReverse(DSLContext sql, Collection<UUID> ids) {
        Map<UUID, EntryToReverse> entries = new HashMap<>();
        if (ids.isEmpty()) {
            return entries;
        }
        UUID[] idArray = ids.toArray(UUID[]::new);
        Map<UUID, List<EntryToReverse.Leg>> legs = new HashMap<>();
        for (Record r : sql.fetch("""
                SELECT entry_id, account_id, side, amount_minor, currency FROM postings
                 WHERE entry_id = ANY(?::uuid[]) ORDER BY entry_id, posting_index
                """, (Object) idArray)) {
            legs.computeIfAbsent(r.get("entry_id", UUID.class), k -> new ArrayList<>()).add(new EntryToReverse.Leg(
                    r.get("account_id", Long.class), Side.ofCode(r.get("side", String.class)),
                    r.get("amount_minor", Long.class), r.get("currency", String.class)));
        }
        for (Record r : sql.fetch("""
                SELECT e.id, e.kind, EXISTS (SELECT 1 FROM journal_entries x WHERE x.reverses_entry_id = e.id) AS reversed
                  FROM journal_entries e WHERE e.id = ANY(?::uuid[])
                """, (Object) idArray)) {
            UUID id = r.get("id", UUID.class);
            entries.put(id, new EntryToReverse(id, EntryKind.valueOf(r.get("kind", String.class)), r.get("reversed", Boolean.class),
                    legs.getOrDefault(id, List.of())));
        }
        return entries;
    }

    /**
     * Reads the batch's accounts, with their owner for callers' conditions. No row locks: the batch lock ({@link #BATCH_LOCK}) already
     * keeps every other writer off the table (any INSERT, UPDATE or DELETE needs ROW EXCLUSIVE,
     * which SHARE ROW EXCLUSIVE excludes) until the batch commits, and a FOR UPDATE would write
     * every row, and a WAL record for it, once more before the batch updates it. Plain JDBC:
     * this runs on the one writer thread, on the critical path of every batch, where jOOQ's
     * by-name record access showed up in the profile.
     */
    List<AccountState> readAccountsOfBatch(DSLContext sql, Collection<String> numbers, Collection<Long> ids) {
        List<AccountState> accounts = new ArrayList<>();
        if (numbers.isEmpty() && ids.isEmpty()) {
            return accounts;
        }
        String where = ids.isEmpty() ? "number = ANY(?::text[])" : "number = ANY(?::text[]) OR id = ANY(?::bigint[])";
        sql.connection(connection -> {
            try (java.sql.PreparedStatement statement = connection.prepareStatement("SELECT id, number, kind, owner_ref, currency,"
                    + " debits_must_not_exceed_credits, credits_must_not_exceed_debits, overdraft_limit_minor, status,"
                    + " debits_posted, credits_posted, debits_pending, credits_pending, posting_count"
                    + " FROM accounts WHERE " + where + " ORDER BY id")) {
                statement.setObject(1, numbers.toArray(String[]::new));
                if (!ids.isEmpty()) {
                    statement.setObject(2, ids.toArray(Long[]::new));
                }
                try (java.sql.ResultSet r = statement.executeQuery()) {
                    while (r.next()) {
                        accounts.add(new AccountState(r.getLong(1), r.getString(2), AccountKind.valueOf(r.getString(3)),
                                r.getString(4), Currency.getInstance(r.getString(5)), r.getBoolean(6), r.getBoolean(7),
                                r.getLong(8), AccountStatus.valueOf(r.getString(9)), r.getLong(10), r.getLong(11),
                                r.getLong(12), r.getLong(13), r.getLong(14)));
                    }
                }
            }
        });
        return accounts;
    }

    // ---- writes of the write path -------------------------------------------------------------

    void updateAccounts(StatementPipeline writes, List<AccountState> accounts) {
        if (accounts.isEmpty()) {
            return;
        }
        writes.add("""
                UPDATE accounts a
                   SET debits_posted = t.dp, credits_posted = t.cp, debits_pending = t.dq, credits_pending = t.cq,
                       posting_count = t.pc
                  FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
                       AS t(id, dp, cp, dq, cq, pc)
                 WHERE a.id = t.id
                """,
                accounts.stream().map(a -> a.id).toArray(Long[]::new),
                accounts.stream().map(a -> a.debitsPosted).toArray(Long[]::new),
                accounts.stream().map(a -> a.creditsPosted).toArray(Long[]::new),
                accounts.stream().map(a -> a.debitsPending).toArray(Long[]::new),
                accounts.stream().map(a -> a.creditsPending).toArray(Long[]::new),
                accounts.stream().map(a -> a.postingCount).toArray(Long[]::new));
    }

    void insertEntries(StatementPipeline writes, List<NewEntry> entries, Instant now) {
        if (entries.isEmpty()) {
            return;
        }
        writes.add("""
                INSERT INTO journal_entries (id, kind, description, reverses_entry_id, hold_id, actor, request_id, created_at)
                SELECT t.id, t.kind, t.description, t.reverses, t.hold, t.actor, t.request_id, ?
                  FROM unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[], ?::uuid[], ?::text[], ?::text[])
                       AS t(id, kind, description, reverses, hold, actor, request_id)
                """, ts(now),
                entries.stream().map(NewEntry::id).toArray(UUID[]::new),
                entries.stream().map(e -> e.kind().name()).toArray(String[]::new),
                entries.stream().map(NewEntry::description).toArray(String[]::new),
                entries.stream().map(NewEntry::reversesEntryId).toArray(UUID[]::new),
                entries.stream().map(NewEntry::holdId).toArray(UUID[]::new),
                entries.stream().map(NewEntry::actor).toArray(String[]::new),
                entries.stream().map(NewEntry::requestId).toArray(String[]::new));
    }

    /** One statement for all postings of the batch: the balance trigger checks them together. */
    void insertPostings(StatementPipeline writes, List<NewPosting> postings, Instant now) {
        if (postings.isEmpty()) {
            return;
        }
        writes.add("""
                INSERT INTO postings (entry_id, posting_index, account_id, side, amount_minor, currency, account_seq,
                                      balance_after_minor, created_at)
                SELECT t.entry_id, t.idx, t.account_id, t.side, t.amount, t.currency, t.seq, t.balance_after, ?
                  FROM unnest(?::uuid[], ?::smallint[], ?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::bigint[], ?::bigint[])
                       AS t(entry_id, idx, account_id, side, amount, currency, seq, balance_after)
                """, ts(now),
                postings.stream().map(NewPosting::entryId).toArray(UUID[]::new),
                postings.stream().map(p -> (short) p.index()).toArray(Short[]::new),
                postings.stream().map(NewPosting::accountId).toArray(Long[]::new),
                postings.stream().map(p -> p.side().code()).toArray(String[]::new),
                postings.stream().map(NewPosting::amountMinor).toArray(Long[]::new),
                postings.stream().map(NewPosting::currency).toArray(String[]::new),
                postings.stream().map(NewPosting::accountSeq).toArray(Long[]::new),
                postings.stream().map(NewPosting::balanceAfterMinor).toArray(Long[]::new));
    }

    void insertHolds(StatementPipeline writes, List<HoldState> holds, Map<UUID, String> actors, Instant now) {
        if (holds.isEmpty()) {
            return;
        }
        writes.add("""
                INSERT INTO holds (id, debit_account_id, credit_account_id, currency, amount_minor, status, description,
                                   expires_at, created_at, resolved_at, posted_amount_minor, entry_id, actor, posts_as)
                SELECT t.id, t.debit, t.credit, t.currency, t.amount, t.status, t.description, t.expires, ?,
                       t.resolved, t.posted, t.entry, t.actor, t.posts_as
                  FROM unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[],
                              ?::timestamptz[], ?::timestamptz[], ?::bigint[], ?::uuid[], ?::text[], ?::text[])
                       AS t(id, debit, credit, currency, amount, status, description, expires, resolved, posted, entry, actor,
                            posts_as)
                """, ts(now),
                holds.stream().map(h -> h.id).toArray(UUID[]::new),
                holds.stream().map(h -> h.debitAccountId).toArray(Long[]::new),
                holds.stream().map(h -> h.creditAccountId).toArray(Long[]::new),
                holds.stream().map(h -> h.currency).toArray(String[]::new),
                holds.stream().map(h -> h.amountMinor).toArray(Long[]::new),
                holds.stream().map(h -> h.status.name()).toArray(String[]::new),
                holds.stream().map(h -> h.description).toArray(String[]::new),
                holds.stream().map(h -> ts(h.expiresAt)).toArray(Timestamp[]::new),
                holds.stream().map(h -> ts(h.resolvedAt)).toArray(Timestamp[]::new),
                holds.stream().map(h -> h.postedAmountMinor).toArray(Long[]::new),
                holds.stream().map(h -> h.entryId).toArray(UUID[]::new),
                holds.stream().map(h -> actors.get(h.id)).toArray(String[]::new),
                holds.stream().map(h -> h.postsAs.name()).toArray(String[]::new));
    }

    void updateHolds(StatementPipeline writes, List<HoldState> holds) {
        if (holds.isEmpty()) {
            return;
        }
        writes.add("""
                UPDATE holds h SET status = t.status, resolved_at = t.resolved, posted_amount_minor = t.posted, entry_id = t.entry
                  FROM unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::bigint[], ?::uuid[]) AS t(id, status, resolved, posted, entry)
                 WHERE h.id = t.id
                """,
                holds.stream().map(h -> h.id).toArray(UUID[]::new),
                holds.stream().map(h -> h.status.name()).toArray(String[]::new),
                holds.stream().map(h -> ts(h.resolvedAt)).toArray(Timestamp[]::new),
                holds.stream().map(h -> h.postedAmountMinor).toArray(Long[]::new),
                holds.stream().map(h -> h.entryId).toArray(UUID[]::new));
    }

    // ---- accounts ------------------------------------------------------------------------------

    Account insertAccount(DSLContext sql, AccountKind kind, Currency currency, String name, String ownerRef,
                          boolean debitsMustNotExceedCredits, boolean creditsMustNotExceedDebits,
                          long overdraftLimitMinor, AccountProduct product, Instant now) {
        long base = sql.fetchOne("SELECT nextval('account_number_seq') AS n").get("n", Long.class);
        Record r = sql.fetchOne("INSERT INTO accounts (number, kind, currency, name, owner_ref, "
                + "debits_must_not_exceed_credits, credits_must_not_exceed_debits, overdraft_limit_minor, status, created_at, product) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?) RETURNING " + ACCOUNT_COLUMNS,
                AccountNumber.fromSequence(base), kind.name(), currency.getCurrencyCode(), name, ownerRef,
                debitsMustNotExceedCredits, creditsMustNotExceedDebits, overdraftLimitMinor, ts(now),
                product == null ? null : product.name());
        return toAccount(r);
    }

    Optional<Account> lockAccount(DSLContext sql, String number) {
        return Optional.ofNullable(sql.fetchOne("SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE number = ? FOR UPDATE", number))
                .map(LedgerStore::toAccount);
    }

    Account updateStatus(DSLContext sql, long id, AccountStatus status) {
        return toAccount(sql.fetchOne("UPDATE accounts SET status = ? WHERE id = ? RETURNING " + ACCOUNT_COLUMNS,
                status.name(), id));
    }

    Account updateOverdraftLimit(DSLContext sql, long id, long limitMinor) {
        return toAccount(sql.fetchOne("UPDATE accounts SET overdraft_limit_minor = ? WHERE id = ? RETURNING " + ACCOUNT_COLUMNS,
                limitMinor, id));
    }

    // ---- reads ---------------------------------------------------------------------------------

    Optional<Account> account(DSLContext sql, String number) {
        return Optional.ofNullable(sql.fetchOne("SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE number = ?", number))
                .map(LedgerStore::toAccount);
    }

    List<Account> accountsOwnedBy(DSLContext sql, String ownerRef) {
        return sql.fetch("SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE owner_ref = ? ORDER BY id", ownerRef)
                .map(LedgerStore::toAccount);
    }

    /** A page of accounts matching {@code filter} in opening order, after the account id {@code afterId}. */
    List<Account> accounts(DSLContext sql, Ledger.AccountFilter filter, long afterId, int limit) {
        List<String> where = new ArrayList<>(List.of("id > ?"));
        List<Object> params = new ArrayList<>(List.of(afterId));
        if (filter.ownerRef() != null) {
            where.add("owner_ref = ?");
            params.add(filter.ownerRef());
        }
        if (filter.status() != null) {
            where.add("status = ?");
            params.add(filter.status().name());
        }
        if (filter.currency() != null) {
            where.add("currency = ?");
            params.add(filter.currency().getCurrencyCode());
        }
        if (filter.product() != null) {
            where.add("product = ?");
            params.add(filter.product().name());
        }
        if (filter.kind() != null) {
            where.add("kind = ?");
            params.add(filter.kind().name());
        }
        params.add(limit);
        return sql.fetch("SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE " + String.join(" AND ", where)
                + " ORDER BY id LIMIT ?", params.toArray()).map(LedgerStore::toAccount);
    }

    /** The account's pending holds on either side, oldest first, at most {@code limit}. */
    List<Views.HoldView> pendingHolds(DSLContext sql, long accountId, int limit) {
        return sql.fetch("""
                SELECT h.id, d.number AS debit_number, c.number AS credit_number, h.currency, h.amount_minor, h.status,
                       h.posted_amount_minor, h.entry_id, h.expires_at, h.created_at, h.resolved_at, h.description
                  FROM holds h JOIN accounts d ON d.id = h.debit_account_id JOIN accounts c ON c.id = h.credit_account_id
                 WHERE h.status = 'PENDING' AND (h.debit_account_id = ? OR h.credit_account_id = ?)
                 ORDER BY h.created_at, h.id LIMIT ?
                """, accountId, accountId, limit).map(LedgerStore::toHold);
    }

    Views.PostingsPage postings(DSLContext sql, Account account, long beforeSeq, int limit) {
        Result<Record> rows = sql.select(POSTING_FIELDS).from(POSTINGS)
                .where(POSTINGS.ACCOUNT_ID.eq(account.id()), POSTINGS.ACCOUNT_SEQ.lt(beforeSeq))
                .orderBy(POSTINGS.ACCOUNT_SEQ.desc()).limit(limit + 1)
                .fetch();
        List<Views.PostingView> page = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, rows.size()); i++) {
            page.add(toPosting(rows.get(i), account.number()));
        }
        Long next = rows.size() > limit ? page.get(page.size() - 1).accountSeq() : null;
        return new Views.PostingsPage(page, next);
    }

    /** The account's balance after its last posting before {@code from} (0 when it has none). */
    long balanceBefore(DSLContext sql, long accountId, Instant from) {
        Long balance = sql.select(POSTINGS.BALANCE_AFTER_MINOR).from(POSTINGS)
                .where(POSTINGS.ACCOUNT_ID.eq(accountId), POSTINGS.CREATED_AT.lt(from))
                .orderBy(POSTINGS.ACCOUNT_SEQ.desc()).limit(1)
                .fetchOne(POSTINGS.BALANCE_AFTER_MINOR);
        return balance == null ? 0L : balance;
    }

    /**
     * The account's postings made in [from, to), oldest first, each with its entry's description
     * and the other leg's account (the first other posting of the entry) as the counterparty.
     */
    List<Statements.Line> statementLines(DSLContext sql, long accountId, Instant from, Instant to) {
        OtherLegs others = OtherLegs.of();
        return sql.select(POSTING_FIELDS).select(JOURNAL_ENTRIES.KIND, JOURNAL_ENTRIES.DESCRIPTION).select(others.fields())
                .from(POSTINGS).join(JOURNAL_ENTRIES).on(JOURNAL_ENTRIES.ID.eq(POSTINGS.ENTRY_ID))
                .crossJoin(others.table())
                .where(POSTINGS.ACCOUNT_ID.eq(accountId), POSTINGS.CREATED_AT.ge(from), POSTINGS.CREATED_AT.lt(to))
                .orderBy(POSTINGS.ACCOUNT_SEQ)
                .fetch(r -> {
                    Views.Counterparty counterparty = others.counterparty(r);
                    return new Statements.Line(r.get(POSTINGS.CREATED_AT), r.get(POSTINGS.ENTRY_ID), r.get(POSTINGS.ACCOUNT_SEQ),
                            EntryKind.valueOf(r.get(JOURNAL_ENTRIES.KIND)), r.get(JOURNAL_ENTRIES.DESCRIPTION),
                            counterparty == null ? null : counterparty.accountNumber(),
                            counterparty == null ? null : counterparty.name(), Side.ofCode(r.get(POSTINGS.SIDE)),
                            r.get(POSTINGS.AMOUNT_MINOR), r.get(POSTINGS.BALANCE_AFTER_MINOR));
                });
    }

    /**
     * The other legs of a posting's entry, joined laterally (by the postings' primary key, only
     * for the rows a query returns): the counterparty of a history line or a statement line is
     * the other leg's account when there is exactly one, else none. One definition for both.
     */
    private record OtherLegs(Table<?> table, Field<Integer> legs, Field<String> number, Field<String> name,
                             Field<String> kind) {
        static OtherLegs of() {
            Postings leg = POSTINGS.as("leg");
            Accounts legAccount = ACCOUNTS.as("leg_account");
            Field<Integer> legs = DSL.count().as("legs");
            Field<String> number = DSL.min(legAccount.NUMBER).as("cp_number");
            Field<String> name = DSL.min(legAccount.NAME).as("cp_name");
            Field<String> kind = DSL.min(legAccount.KIND).as("cp_kind");
            Table<?> others = DSL.lateral(DSL.select(legs, number, name, kind)
                    .from(leg).join(legAccount).on(legAccount.ID.eq(leg.ACCOUNT_ID))
                    .where(leg.ENTRY_ID.eq(POSTINGS.ENTRY_ID), leg.POSTING_INDEX.ne(POSTINGS.POSTING_INDEX))).as("others");
            return new OtherLegs(others, others.field(legs), others.field(number), others.field(name), others.field(kind));
        }

        List<Field<?>> fields() {
            return List.of(legs, number, name, kind);
        }

        Views.Counterparty counterparty(Record r) {
            Integer count = r.get(legs);
            return count != null && count == 1
                    ? new Views.Counterparty(r.get(number), r.get(name), AccountKind.valueOf(r.get(kind))) : null;
        }
    }

    /**
     * A page of an account's history in one statement: the account's postings newest first
     * (backwards along the unique (account_id, account_seq) index, the filter checked on each
     * posting read), each joined to its entry for the description and, laterally, to the
     * entry's other legs and their accounts (by the postings' primary key and the accounts'),
     * which runs only for the rows the page returns.
     */
    Views.HistoryPage history(DSLContext sql, Account account, Ledger.HistoryFilter f, long beforeSeq, int limit) {
        List<Condition> where = new ArrayList<>();
        where.add(POSTINGS.ACCOUNT_ID.eq(account.id()));
        where.add(POSTINGS.ACCOUNT_SEQ.lt(beforeSeq));
        if (f.from() != null) {
            where.add(POSTINGS.CREATED_AT.ge(f.from()));
        }
        if (f.to() != null) {
            where.add(POSTINGS.CREATED_AT.lt(f.to()));
        }
        if (f.side() != null) {
            where.add(POSTINGS.SIDE.eq(f.side().code()));
        }
        if (f.minAmountMinor() != null) {
            where.add(POSTINGS.AMOUNT_MINOR.ge(f.minAmountMinor()));
        }
        if (f.maxAmountMinor() != null) {
            where.add(POSTINGS.AMOUNT_MINOR.le(f.maxAmountMinor()));
        }
        OtherLegs others = OtherLegs.of();
        Result<Record> rows = sql.select(POSTING_FIELDS).select(JOURNAL_ENTRIES.DESCRIPTION, JOURNAL_ENTRIES.KIND).select(others.fields())
                .from(POSTINGS).join(JOURNAL_ENTRIES).on(JOURNAL_ENTRIES.ID.eq(POSTINGS.ENTRY_ID))
                .crossJoin(others.table())
                .where(where)
                .orderBy(POSTINGS.ACCOUNT_SEQ.desc()).limit(limit + 1)
                .fetch();
        List<Views.HistoryLine> page = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, rows.size()); i++) {
            Record r = rows.get(i);
            Views.Counterparty counterparty = others.counterparty(r);
            page.add(new Views.HistoryLine(toPosting(r, account.number()), r.get(JOURNAL_ENTRIES.DESCRIPTION), counterparty,
                    EntryKind.valueOf(r.get(JOURNAL_ENTRIES.KIND))));
        }
        Long next = rows.size() > limit ? page.get(page.size() - 1).posting().accountSeq() : null;
        return new Views.HistoryPage(page, next);
    }

    Optional<Views.EntryView> entry(DSLContext sql, UUID id) {
        JournalEntries reversal = JOURNAL_ENTRIES.as("x");
        Field<UUID> reversedBy = DSL.field(DSL.select(reversal.ID).from(reversal)
                .where(reversal.REVERSES_ENTRY_ID.eq(JOURNAL_ENTRIES.ID)));
        Record e = sql.select(JOURNAL_ENTRIES.KIND, JOURNAL_ENTRIES.DESCRIPTION, JOURNAL_ENTRIES.REVERSES_ENTRY_ID,
                        JOURNAL_ENTRIES.HOLD_ID, JOURNAL_ENTRIES.ACTOR, JOURNAL_ENTRIES.REQUEST_ID,
                        JOURNAL_ENTRIES.CREATED_AT, reversedBy)
                .from(JOURNAL_ENTRIES).where(JOURNAL_ENTRIES.ID.eq(id))
                .fetchOne();
        if (e == null) {
            return Optional.empty();
        }
        List<Views.PostingView> postings = sql.select(POSTING_FIELDS).select(ACCOUNTS.NUMBER)
                .from(POSTINGS).join(ACCOUNTS).on(ACCOUNTS.ID.eq(POSTINGS.ACCOUNT_ID))
                .where(POSTINGS.ENTRY_ID.eq(id))
                .orderBy(POSTINGS.POSTING_INDEX)
                .fetch(r -> toPosting(r, r.get(ACCOUNTS.NUMBER)));
        return Optional.of(new Views.EntryView(id, EntryKind.valueOf(e.get(JOURNAL_ENTRIES.KIND)), e.get(JOURNAL_ENTRIES.DESCRIPTION),
                e.get(JOURNAL_ENTRIES.REVERSES_ENTRY_ID), e.get(reversedBy), e.get(JOURNAL_ENTRIES.HOLD_ID),
                e.get(JOURNAL_ENTRIES.ACTOR), e.get(JOURNAL_ENTRIES.REQUEST_ID), e.get(JOURNAL_ENTRIES.CREATED_AT),
                postings));
    }

    Optional<Views.HoldView> hold(DSLContext sql, UUID id) {
        Record r = sql.fetchOne("""
                SELECT h.id, d.number AS debit_number, c.number AS credit_number, h.currency, h.amount_minor, h.status,
                       h.posted_amount_minor, h.entry_id, h.expires_at, h.created_at, h.resolved_at, h.description
                  FROM holds h JOIN accounts d ON d.id = h.debit_account_id JOIN accounts c ON c.id = h.credit_account_id
                 WHERE h.id = ?
                """, id);
        return Optional.ofNullable(r).map(LedgerStore::toHold);
    }

    private static Views.HoldView toHold(Record h) {
        return new Views.HoldView(h.get("id", UUID.class), h.get("debit_number", String.class),
                h.get("credit_number", String.class), h.get("currency", String.class).trim(), h.get("amount_minor", Long.class),
                HoldStatus.valueOf(h.get("status", String.class)), h.get("posted_amount_minor", Long.class),
                h.get("entry_id", UUID.class), instant(h, "expires_at"), instant(h, "created_at"),
                instant(h, "resolved_at"), h.get("description", String.class));
    }

    List<UUID> expiredHoldIds(DSLContext sql, Instant now, int limit) {
        return sql.fetch("SELECT id FROM holds WHERE status = 'PENDING' AND expires_at <= ? ORDER BY expires_at LIMIT ?",
                ts(now), limit).map(r -> r.get("id", UUID.class));
    }

    List<Views.TrialBalanceLine> trialBalance(DSLContext sql) {
        return sql.fetch("""
                SELECT currency, sum(debits_posted) AS dp, sum(credits_posted) AS cp,
                       sum(debits_pending) AS dq, sum(credits_pending) AS cq, count(*) AS n
                  FROM accounts GROUP BY currency ORDER BY currency
                """).map(r -> new Views.TrialBalanceLine(r.get("currency", String.class).trim(), r.get("dp", java.math.BigInteger.class),
                r.get("cp", java.math.BigInteger.class), r.get("dq", java.math.BigInteger.class),
                r.get("cq", java.math.BigInteger.class), r.get("n", Long.class)));
    }

    /** A page of journal entries (newest first) for auditors, and the cursor that continues it. */
    record JournalPage(List<Views.EntryView> entries, String nextCursor) {
    }

    JournalPage journal(DSLContext sql, Ledger.JournalFilter f, int limit) {
        List<Condition> where = new ArrayList<>();
        if (f.from() != null) {
            where.add(JOURNAL_ENTRIES.CREATED_AT.ge(f.from()));
        }
        if (f.to() != null) {
            where.add(JOURNAL_ENTRIES.CREATED_AT.lt(f.to()));
        }
        if (f.kind() != null) {
            where.add(JOURNAL_ENTRIES.KIND.eq(f.kind().name()));
        }
        if (f.minAmountMinor() != null || f.maxAmountMinor() != null) {
            Postings x = POSTINGS.as("x");
            where.add(DSL.exists(DSL.selectOne().from(x).where(x.ENTRY_ID.eq(JOURNAL_ENTRIES.ID),
                    x.CURRENCY.eq(f.currency()),
                    x.AMOUNT_MINOR.between(f.minAmountMinor() == null ? 0L : f.minAmountMinor(),
                            f.maxAmountMinor() == null ? Long.MAX_VALUE : f.maxAmountMinor()))));
        }
        List<UUID> ids = new ArrayList<>();
        String next;
        if (f.account() != null) {
            // driven by the account's postings: its index gives newest-first order cheaply
            if (f.cursor() != null) {
                where.add(POSTINGS.ACCOUNT_SEQ.lt(Long.parseLong(f.cursor().substring(2))));
            }
            var rows = sql.select(JOURNAL_ENTRIES.ID, POSTINGS.ACCOUNT_SEQ)
                    .from(POSTINGS).join(ACCOUNTS).on(ACCOUNTS.ID.eq(POSTINGS.ACCOUNT_ID))
                    .join(JOURNAL_ENTRIES).on(JOURNAL_ENTRIES.ID.eq(POSTINGS.ENTRY_ID))
                    .where(ACCOUNTS.NUMBER.eq(f.account().value())).and(DSL.and(where))
                    .orderBy(POSTINGS.ACCOUNT_SEQ.desc()).limit(DSL.inline(limit + 1))
                    .fetch();
            rows.forEach(r -> ids.add(r.value1()));
            next = rows.size() > limit ? "s:" + rows.get(limit - 1).value2() : null;
        } else {
            if (f.cursor() != null) {
                String[] c = f.cursor().substring(2).split("_");
                // the id stays text for PostgreSQL to parse, as the cursor's pattern is all Ledger checked
                where.add(DSL.row(JOURNAL_ENTRIES.CREATED_AT, JOURNAL_ENTRIES.ID)
                        .lt(DSL.val(Instant.parse(c[0])), DSL.val(c[1]).cast(SQLDataType.UUID)));
            }
            var rows = sql.select(JOURNAL_ENTRIES.ID, JOURNAL_ENTRIES.CREATED_AT)
                    .from(JOURNAL_ENTRIES).where(DSL.and(where))
                    .orderBy(JOURNAL_ENTRIES.CREATED_AT.desc(), JOURNAL_ENTRIES.ID.desc()).limit(DSL.inline(limit + 1))
                    .fetch();
            rows.forEach(r -> ids.add(r.value1()));
            next = rows.size() > limit ? "t:" + rows.get(limit - 1).value2() + "_" + rows.get(limit - 1).value1() : null;
        }
        return new JournalPage(entries(sql, ids.subList(0, Math.min(limit, ids.size()))), next);
    }

    /** The entries of {@code ids} with their postings, in the order of {@code ids}: two queries for the lot. */
    List<Views.EntryView> entries(DSLContext sql, List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        JournalEntries reversal = JOURNAL_ENTRIES.as("x");
        Field<UUID> reversedBy = DSL.field(DSL.select(reversal.ID).from(reversal)
                .where(reversal.REVERSES_ENTRY_ID.eq(JOURNAL_ENTRIES.ID)));
        Map<UUID, Record> heads = new HashMap<>();
        sql.select(JOURNAL_ENTRIES.ID, JOURNAL_ENTRIES.KIND, JOURNAL_ENTRIES.DESCRIPTION, JOURNAL_ENTRIES.REVERSES_ENTRY_ID,
                        JOURNAL_ENTRIES.HOLD_ID, JOURNAL_ENTRIES.ACTOR, JOURNAL_ENTRIES.REQUEST_ID, JOURNAL_ENTRIES.CREATED_AT, reversedBy)
                .from(JOURNAL_ENTRIES).where(JOURNAL_ENTRIES.ID.in(ids))
                .forEach(r -> heads.put(r.get(JOURNAL_ENTRIES.ID), r));
        Map<UUID, List<Views.PostingView>> legs = new HashMap<>();
        sql.select(POSTING_FIELDS).select(ACCOUNTS.NUMBER)
                .from(POSTINGS).join(ACCOUNTS).on(ACCOUNTS.ID.eq(POSTINGS.ACCOUNT_ID))
                .where(POSTINGS.ENTRY_ID.in(ids))
                .orderBy(POSTINGS.ENTRY_ID, POSTINGS.POSTING_INDEX)
                .forEach(r -> legs.computeIfAbsent(r.get(POSTINGS.ENTRY_ID), k -> new ArrayList<>())
                        .add(toPosting(r, r.get(ACCOUNTS.NUMBER))));
        List<Views.EntryView> entries = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            Record e = heads.get(id);
            if (e != null) {
                entries.add(new Views.EntryView(id, EntryKind.valueOf(e.get(JOURNAL_ENTRIES.KIND)), e.get(JOURNAL_ENTRIES.DESCRIPTION),
                        e.get(JOURNAL_ENTRIES.REVERSES_ENTRY_ID), e.get(reversedBy), e.get(JOURNAL_ENTRIES.HOLD_ID),
                        e.get(JOURNAL_ENTRIES.ACTOR), e.get(JOURNAL_ENTRIES.REQUEST_ID), e.get(JOURNAL_ENTRIES.CREATED_AT),
                        List.copyOf(legs.getOrDefault(id, List.of()))));
            }
        }
        return entries;
    }

    /** See {@link Ledger#balancesAsOf}: summed from postings, inclusive of {@code asOf}, one page in account order. */
    List<Ledger.BalanceAsOf> balancesAsOf(DSLContext sql, Instant asOf, long afterAccountId, int limit) {
        return sql.fetch("""
                SELECT a.id, a.number, a.owner_ref, a.currency, a.kind,
                       coalesce(sum(p.amount_minor) FILTER (WHERE p.side = 'D'), 0) AS debits,
                       coalesce(sum(p.amount_minor) FILTER (WHERE p.side = 'C'), 0) AS credits,
                       count(p.entry_id) AS postings
                  FROM accounts a LEFT JOIN postings p ON p.account_id = a.id AND p.created_at <= ?
                 WHERE a.created_at <= ? AND a.id > ?
                 GROUP BY a.id ORDER BY a.id LIMIT ?
                """, ts(asOf), ts(asOf), afterAccountId, limit)
                .map(r -> new Ledger.BalanceAsOf(r.get("id", Long.class), r.get("number", String.class),
                        r.get("owner_ref", String.class), r.get("currency", String.class).trim(),
                        AccountKind.valueOf(r.get("kind", String.class)), r.get("debits", BigDecimal.class).longValueExact(),
                        r.get("credits", BigDecimal.class).longValueExact(), r.get("postings", Long.class)));
    }

    List<Views.TrialBalanceLine> trialBalanceAsOf(DSLContext sql, Instant asOf) {
        Field<BigDecimal> debits = DSL.coalesce(DSL.sum(POSTINGS.AMOUNT_MINOR).filterWhere(POSTINGS.SIDE.eq(Side.DEBIT.code())),
                BigDecimal.ZERO);
        Field<BigDecimal> credits = DSL.coalesce(DSL.sum(POSTINGS.AMOUNT_MINOR).filterWhere(POSTINGS.SIDE.eq(Side.CREDIT.code())),
                BigDecimal.ZERO);
        Field<Integer> accounts = DSL.countDistinct(POSTINGS.ACCOUNT_ID);
        return sql.select(POSTINGS.CURRENCY, debits, credits, accounts)
                .from(POSTINGS).where(POSTINGS.CREATED_AT.le(asOf))
                .groupBy(POSTINGS.CURRENCY).orderBy(POSTINGS.CURRENCY)
                .fetch(r -> new Views.TrialBalanceLine(r.value1().trim(), r.value2().toBigIntegerExact(),
                        r.value3().toBigIntegerExact(), BigInteger.ZERO, BigInteger.ZERO, r.value4()));
    }

    // ---- mapping -------------------------------------------------------------------------------

    private static Account toAccount(Record r) {
        return new Account(r.get("id", Long.class), r.get("number", String.class),
                AccountKind.valueOf(r.get("kind", String.class)), Currency.getInstance(r.get("currency", String.class)),
                r.get("name", String.class), r.get("owner_ref", String.class),
                r.get("debits_must_not_exceed_credits", Boolean.class), r.get("credits_must_not_exceed_debits", Boolean.class),
                r.get("overdraft_limit_minor", Long.class), AccountStatus.valueOf(r.get("status", String.class)),
                r.get("debits_posted", Long.class), r.get("credits_posted", Long.class),
                r.get("debits_pending", Long.class), r.get("credits_pending", Long.class),
                r.get("posting_count", Long.class), instant(r, "created_at"),
                r.get("product", String.class) == null ? null : AccountProduct.valueOf(r.get("product", String.class)));
    }

    /** What {@link #toPosting} reads of a posting. */
    private static final List<SelectField<?>> POSTING_FIELDS = List.of(POSTINGS.ENTRY_ID, POSTINGS.POSTING_INDEX,
            POSTINGS.SIDE, POSTINGS.AMOUNT_MINOR, POSTINGS.CURRENCY, POSTINGS.ACCOUNT_SEQ, POSTINGS.BALANCE_AFTER_MINOR,
            POSTINGS.CREATED_AT);

    private static Views.PostingView toPosting(Record r, String accountNumber) {
        return new Views.PostingView(r.get(POSTINGS.ENTRY_ID), r.get(POSTINGS.POSTING_INDEX), accountNumber,
                Side.ofCode(r.get(POSTINGS.SIDE)), r.get(POSTINGS.AMOUNT_MINOR),
                r.get(POSTINGS.CURRENCY).trim(), r.get(POSTINGS.ACCOUNT_SEQ),
                r.get(POSTINGS.BALANCE_AFTER_MINOR), r.get(POSTINGS.CREATED_AT));
    }

    static Instant instant(Record r, String field) {
        OffsetDateTime value = r.get(field, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private String toJson(Outcome outcome) {
        try {
            return json.writeValueAsString(outcome);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Outcome fromJson(String text) {
        try {
            return json.readValue(text, Outcome.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes at most {@code limit} idempotency keys recorded before {@code before}, answering how
     * many went. One instance at a time (a transaction-scoped advisory lock; another instance's
     * attempt answers 0 at once): the runtime role may not lock these rows FOR UPDATE, and must not
     * be able to change them.
     */
    public int purgeIdempotencyKeys(DSLContext sql, Instant before, int limit) {
        boolean mine = sql.fetchOne("SELECT pg_try_advisory_xact_lock(hashtext('corebank.idempotency-purge')) AS l")
                .get("l", Boolean.class);
        return !mine ? 0 : sql.execute("""
                DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(
                    SELECT ctid FROM idempotency_keys WHERE created_at < ? ORDER BY created_at LIMIT ?))""",
                ts(before), limit);
    }
}
