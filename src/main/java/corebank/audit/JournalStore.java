package corebank.audit;

import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static corebank.jooq.Tables.ACCOUNTS;
import static corebank.jooq.Tables.AUDIT_LOG;
import static corebank.jooq.Tables.JOURNAL_ENTRIES;
import static corebank.jooq.Tables.POSTINGS;

/**
 * SQL of the journal's side of the tamper-evident log: which entries and accounts are ready to
 * be sealed, their rows as leaves ({@link JournalLeaf}), rows forged into sealed history, and
 * the accounts whose stored totals disagree with their postings. It only reads the ledger's
 * tables (the ledger is their only writer).
 */
@Singleton
class JournalStore {

    /** Where sealing of one kind of row stopped: the (txid, id) of the last one sealed. */
    record Cursor<K>(long txid, K id) {
    }

    /** A row ready to be sealed, with the transaction id that orders it. */
    record Ready<K>(K id, long txid) {
    }

    /** An account whose stored totals are not the sums of its postings. */
    record BalanceMismatch(long accountId, String number, Long position, String problem) {
    }

    /** One account's totals as stored, and the part of them from entries not sealed below a tree size. */
    record Balance(String number, long debitsPosted, long creditsPosted, long postingCount,
                   long laterDebits, long laterCredits, long laterCount) {
    }

    Cursor<UUID> entryCursor(DSLContext sql) {
        return sql.select(AUDIT_LOG.EVENT_TXID, AUDIT_LOG.ENTRY_ID).from(AUDIT_LOG).where(AUDIT_LOG.ENTRY_ID.isNotNull())
                .orderBy(AUDIT_LOG.POSITION.desc()).limit(1)
                .fetchOptional(r -> new Cursor<>(r.value1(), r.value2())).orElse(null);
    }

    Cursor<Long> accountCursor(DSLContext sql) {
        return sql.select(AUDIT_LOG.EVENT_TXID, AUDIT_LOG.ACCOUNT_ID).from(AUDIT_LOG).where(AUDIT_LOG.ACCOUNT_ID.isNotNull())
                .orderBy(AUDIT_LOG.POSITION.desc()).limit(1)
                .fetchOptional(r -> new Cursor<>(r.value1(), r.value2())).orElse(null);
    }

    List<Ready<UUID>> unsealedEntries(DSLContext sql, Cursor<UUID> after, long xmin, int limit) {
        var j = JOURNAL_ENTRIES;
        var where = j.TXID.lt(xmin);
        if (after != null) {
            // the plain bound lets the BRIN index skip sealed history; the row comparison is exact
            where = where.and(j.TXID.ge(after.txid())).and(DSL.row(j.TXID, j.ID).gt(after.txid(), after.id()));
        }
        return sql.select(j.ID, j.TXID).from(j).where(where).orderBy(j.TXID, j.ID).limit(limit)
                .fetch(r -> new Ready<>(r.value1(), r.value2()));
    }

    List<Ready<Long>> unsealedAccounts(DSLContext sql, Cursor<Long> after, long xmin, int limit) {
        var a = ACCOUNTS;
        var where = a.TXID.lt(xmin);
        if (after != null) {
            where = where.and(DSL.row(a.TXID, a.ID).gt(after.txid(), after.id()));
        }
        return sql.select(a.ID, a.TXID).from(a).where(where).orderBy(a.TXID, a.ID).limit(limit)
                .fetch(r -> new Ready<>(r.value1(), r.value2()));
    }

    /** The entries with these ids, with their postings in index order; ids without a row are absent. */
    Map<UUID, JournalLeaf.Entry> entries(DSLContext sql, Collection<UUID> ids) {
        Map<UUID, JournalLeaf.Entry> entries = new HashMap<>();
        if (ids.isEmpty()) {
            return entries;
        }
        // Joined to the unnested ids, never "= ANY(ids)": with the 20,000 ids of a sealing run the planner
        // chose a sequential scan that compared every row with every id, and the run hit the statement
        // timeout again and again (sealing then stopped for good: docs/performance.md, levers).
        Table<?> wanted = DSL.unnest(ids.toArray(UUID[]::new)).as("w", "id");
        Field<UUID> wantedId = wanted.field("id", UUID.class);
        Map<UUID, List<JournalLeaf.Posting>> postings = new HashMap<>();
        var p = POSTINGS;
        sql.select(p.ENTRY_ID, p.POSTING_INDEX, ACCOUNTS.NUMBER, p.SIDE, p.AMOUNT_MINOR, p.CURRENCY, p.ACCOUNT_SEQ,
                        p.BALANCE_AFTER_MINOR)
                .from(wanted).join(p).on(p.ENTRY_ID.eq(wantedId)).leftJoin(ACCOUNTS).on(ACCOUNTS.ID.eq(p.ACCOUNT_ID))
                .orderBy(p.ENTRY_ID, p.POSTING_INDEX)
                .forEach(r -> postings.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(new JournalLeaf.Posting(
                        r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(), r.value8())));
        var j = JOURNAL_ENTRIES;
        sql.select(j.ID, j.KIND, j.DESCRIPTION, j.REVERSES_ENTRY_ID, j.HOLD_ID, j.ACTOR, j.REQUEST_ID, j.CREATED_AT)
                .from(wanted).join(j).on(j.ID.eq(wantedId))
                .forEach(r -> entries.put(r.value1(), new JournalLeaf.Entry(r.value1(), r.value2(), r.value3(), r.value4(),
                        r.value5(), r.value6(), r.value7(), r.value8(), postings.getOrDefault(r.value1(), List.of()))));
        return entries;
    }

    /** The accounts with these ids; ids without a row are absent. */
    Map<Long, JournalLeaf.Account> accounts(DSLContext sql, Collection<Long> ids) {
        Map<Long, JournalLeaf.Account> accounts = new HashMap<>();
        if (ids.isEmpty()) {
            return accounts;
        }
        var a = ACCOUNTS;
        Table<?> wanted = DSL.unnest(ids.toArray(Long[]::new)).as("w", "id");
        sql.select(a.ID, a.NUMBER, a.KIND, a.CURRENCY, a.OWNER_REF, a.DEBITS_MUST_NOT_EXCEED_CREDITS,
                        a.CREDITS_MUST_NOT_EXCEED_DEBITS, a.CREATED_AT)
                .from(wanted).join(a).on(a.ID.eq(wanted.field("id", Long.class)))
                .forEach(r -> accounts.put(r.value1(), new JournalLeaf.Account(r.value1(), r.value2(), r.value3(), r.value4(),
                        r.value5(), r.value6(), r.value7(), r.value8())));
        return accounts;
    }

    /**
     * Entries inside the sealed range (by txid and id) that have no log position: written behind
     * the sequencer's back into sealed history. Answers [description, position each would precede].
     */
    List<Object[]> forgedEntries(DSLContext sql, Cursor<UUID> cursor, long treeSize) {
        if (cursor == null) {
            return List.of();
        }
        var j = JOURNAL_ENTRIES;
        var l = AUDIT_LOG.as("l2");
        Field<Long> next = DSL.field(DSL.select(DSL.min(l.POSITION)).from(l)
                .where(l.ENTRY_ID.isNotNull(), DSL.row(l.EVENT_TXID, l.ENTRY_ID).gt(j.TXID, j.ID)));
        return sql.select(j.ID, next).from(j)
                .where(DSL.row(j.TXID, j.ID).le(cursor.txid(), cursor.id()))
                .andNotExists(DSL.selectOne().from(AUDIT_LOG).where(AUDIT_LOG.ENTRY_ID.isNotNull(), AUDIT_LOG.ENTRY_ID.eq(j.ID)))
                .orderBy(j.TXID, j.ID).limit(10)
                .fetch(r -> new Object[]{"journal entry " + r.value1(), r.value2() == null ? treeSize : r.value2()});
    }

    /** Accounts inside the sealed range that have no log position: [description, position each would precede]. */
    List<Object[]> forgedAccounts(DSLContext sql, Cursor<Long> cursor, long treeSize) {
        if (cursor == null) {
            return List.of();
        }
        var a = ACCOUNTS;
        var l = AUDIT_LOG.as("l2");
        Field<Long> next = DSL.field(DSL.select(DSL.min(l.POSITION)).from(l)
                .where(l.ACCOUNT_ID.isNotNull(), DSL.row(l.EVENT_TXID, l.ACCOUNT_ID).gt(a.TXID, a.ID)));
        return sql.select(a.ID, a.NUMBER, next).from(a)
                .where(DSL.row(a.TXID, a.ID).le(cursor.txid(), cursor.id()))
                .andNotExists(DSL.selectOne().from(AUDIT_LOG).where(AUDIT_LOG.ACCOUNT_ID.isNotNull(), AUDIT_LOG.ACCOUNT_ID.eq(a.ID)))
                .orderBy(a.TXID, a.ID).limit(10)
                .fetch(r -> new Object[]{"account " + r.value2(), r.value3() == null ? treeSize : r.value3()});
    }

    /**
     * Accounts whose stored posted totals or posting count are not those of their postings (at
     * most 10), each with its log position (null while not yet sealed).
     */
    List<BalanceMismatch> balanceMismatches(DSLContext sql) {
        return sql.fetch("""
                SELECT a.id, a.number, l.position, a.debits_posted, a.credits_posted, a.posting_count,
                       coalesce(s.d, 0) AS d, coalesce(s.c, 0) AS c, coalesce(s.n, 0) AS n
                  FROM accounts a
                  LEFT JOIN (SELECT account_id, sum(amount_minor) FILTER (WHERE side = 'D') AS d,
                                    sum(amount_minor) FILTER (WHERE side = 'C') AS c, count(*) AS n
                               FROM postings GROUP BY account_id) s ON s.account_id = a.id
                  LEFT JOIN audit_log l ON l.account_id = a.id AND l.account_id IS NOT NULL
                 WHERE a.debits_posted <> coalesce(s.d, 0) OR a.credits_posted <> coalesce(s.c, 0)
                    OR a.posting_count <> coalesce(s.n, 0)
                 ORDER BY l.position NULLS LAST, a.id LIMIT 10""")
                .map(r -> new BalanceMismatch(r.get("id", Long.class), r.get("number", String.class), r.get("position", Long.class),
                        balanceProblem(r.get("number", String.class), r.get("debits_posted", Long.class), r.get("d", Long.class),
                                r.get("credits_posted", Long.class), r.get("c", Long.class),
                                r.get("posting_count", Long.class), r.get("n", Long.class))));
    }

    /** The same words for the engine and the offline verifier. */
    static String balanceProblem(String number, long debitsStored, long debitsSum, long creditsStored, long creditsSum,
                                 long countStored, long countSum) {
        return "account " + number + " stores debits " + debitsStored + ", credits " + creditsStored + " over "
                + countStored + " postings, but its postings sum to debits " + debitsSum + ", credits " + creditsSum
                + " over " + countSum;
    }

    /**
     * Every account's stored totals, with the sums of its postings whose entry is not sealed
     * below {@code treeSize} (in one snapshot: the offline verifier adds the sealed ones itself).
     */
    List<Balance> balances(DSLContext sql, long treeSize) {
        Map<String, Balance> out = new LinkedHashMap<>();
        sql.fetch("""
                SELECT a.number, a.debits_posted, a.credits_posted, a.posting_count,
                       coalesce(s.d, 0) AS d, coalesce(s.c, 0) AS c, coalesce(s.n, 0) AS n
                  FROM accounts a
                  LEFT JOIN (SELECT p.account_id, sum(p.amount_minor) FILTER (WHERE p.side = 'D') AS d,
                                    sum(p.amount_minor) FILTER (WHERE p.side = 'C') AS c, count(*) AS n
                               FROM postings p
                              WHERE NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.entry_id IS NOT NULL AND l.entry_id = p.entry_id AND l.position < ?)
                              GROUP BY p.account_id) s ON s.account_id = a.id
                 ORDER BY a.id""", treeSize)
                .forEach(r -> out.put(r.get("number", String.class), new Balance(r.get("number", String.class),
                        r.get("debits_posted", Long.class), r.get("credits_posted", Long.class), r.get("posting_count", Long.class),
                        r.get("d", Long.class), r.get("c", Long.class), r.get("n", Long.class))));
        return new ArrayList<>(out.values());
    }
}
