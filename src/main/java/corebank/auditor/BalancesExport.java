package corebank.auditor;

import corebank.ledger.Ledger;
import corebank.ledger.Money;

import java.time.Instant;
import java.util.Currency;
import java.util.List;

/**
 * The pages of the balances export: every account opened by {@code asOf}, in account order,
 * with the sums of its postings created at or before {@code asOf} (inclusive) and the balance on
 * its normal side they make, read from one snapshot; CSV with a {@code # summary} comment last.
 */
final class BalancesExport {

    static final int PAGE = 1_000;
    static final String[] COLUMNS = {"account", "owner", "currency", "kind", "as_of", "debits", "credits", "balance", "postings"};

    private final Ledger ledger;
    private final int pageSize;
    private final ExportSnapshot snapshot;
    private final Instant asOf;
    private long afterAccountId;
    private boolean started;
    private boolean done;
    private long accounts;

    BalancesExport(Ledger ledger, ExportSnapshot snapshot, Instant asOf, int pageSize) {
        this.ledger = ledger;
        this.pageSize = pageSize;
        this.snapshot = snapshot;
        this.asOf = asOf;
    }

    /** The next page of text, or null after the summary. */
    String nextPage() {
        if (done) {
            return null;
        }
        List<Ledger.BalanceAsOf> page = snapshot.read(sql -> ledger.balancesAsOf(sql, asOf, afterAccountId, pageSize));
        StringBuilder out = new StringBuilder();
        if (!started) {
            JournalCsv.appendHeader(out, COLUMNS);
            started = true;
        }
        for (Ledger.BalanceAsOf b : page) {
            Currency c = Currency.getInstance(b.currency());
            JournalCsv.appendRecord(out, b.accountNumber(), EventCsv.text(b.ownerRef()), b.currency(), b.kind().name(),
                    asOf.toString(), Money.format(b.debitsMinor(), c), Money.format(b.creditsMinor(), c),
                    Money.format(b.balanceMinor(), c), b.postings());
            afterAccountId = b.accountId();
            accounts++;
        }
        if (page.size() < pageSize) {
            done = true;
            JournalCsv.appendTrailer(out, "accounts=" + accounts + " as_of=" + asOf + " exported_at=" + snapshot.openedAt()
                    + " " + snapshot.checkpointWords());
        }
        return out.toString();
    }
}
