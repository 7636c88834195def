package corebank.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** Counts of everything the ledger writes, to prove that a refused request wrote nothing. */
public record LedgerSnapshot(long entries, long postings, long holds, long accountTotals, long accounts) {

    public static LedgerSnapshot take() {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT (SELECT count(*) FROM journal_entries),
                            (SELECT count(*) FROM postings),
                            (SELECT count(*) FROM holds),
                            (SELECT coalesce(sum(debits_posted + credits_posted + debits_pending + credits_pending
                                                 + posting_count), 0) FROM accounts),
                            (SELECT count(*) FROM accounts)""")) {
            rs.next();
            return new LedgerSnapshot(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
