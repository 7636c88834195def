package corebank.auditor;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * RFC 4180 CSV of the journal, one record per posting with its entry's fields, written by Apache
 * Commons CSV as {@link EventCsv} writes events: text quoted, an absent value an empty unquoted
 * field, free text that a spreadsheet would run as a formula given a leading apostrophe, LF
 * record ends. Each column is a field of the JSON API's entry or posting, so a row re-parses to
 * what the JSON API answers for the same filter. The last line is a comment (starting with
 * {@code #}; no data row can, as each starts with an entry id) that carries the export's summary.
 */
final class JournalCsv {

    static final String[] COLUMNS = {"entry_id", "created_at", "kind", "description", "reverses_entry_id",
            "reversed_by_entry_id", "actor", "request_id", "account", "side", "amount", "currency", "sequence", "balance_after"};
    private static final CSVFormat HEADER = CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();
    private static final CSVFormat ROWS = CSVFormat.RFC4180.builder().setRecordSeparator("\n")
            .setQuoteMode(QuoteMode.NON_NUMERIC).get();
    private static final CSVFormat TRAILER = CSVFormat.RFC4180.builder().setRecordSeparator("\n").setCommentMarker('#').get();

    private JournalCsv() {
    }

    static void appendHeader(StringBuilder out, String[] columns) {
        try {
            HEADER.printRecord(out, (Object[]) columns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One record per posting of the entry, in the entry's posting order. */
    static void appendRows(StringBuilder out, AuditorController.JournalEntry e) {
        for (AuditorController.PostingLine p : e.postings()) {
            appendRecord(out, e.id().toString(), e.createdAt().toString(), e.kind(), EventCsv.text(e.description()),
                    text(e.reversesEntryId()), text(e.reversedByEntryId()), EventCsv.text(e.actor()), EventCsv.text(e.requestId()),
                    p.account(), p.side(), p.amount(), p.currency(), p.sequence(), p.balanceAfter());
        }
    }

    /**
     * A record of values as they are: numbers unquoted, text quoted. Amounts are the engine's
     * own decimal strings (an optional minus, digits, a point): a spreadsheet reads one as a
     * number, never as a formula, so they are written exactly as the JSON API has them.
     */
    static void appendRecord(StringBuilder out, Object... values) {
        try {
            ROWS.printRecord(out, values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The summary line: {@code # summary key=value key=value ...}; values never hold spaces. */
    static void appendTrailer(StringBuilder out, String summary) {
        try {
            new CSVPrinter(out, TRAILER).printComment("summary " + summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
