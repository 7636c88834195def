package corebank.cash;

import corebank.cash.CashModel.Difference;
import corebank.cash.CashModel.Movement;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A till day's report as RFC 4180 CSV (Apache Commons CSV, UTF-8, LF), in the statements' style
 * (ledger.StatementCsv): comment lines ({@code #}) naming the till, the teller and the day, a
 * header, then an OPENING record, one MOVEMENT record per cash movement (amount signed from the
 * till's side: positive is cash in), a CLOSING record once the day is closed, and a DIFFERENCE
 * record per counted difference (with its status). Amounts are decimal strings in the till's
 * currency, times ISO-8601 instants in UTC. Text a spreadsheet would run as a formula gets a
 * leading {@code '}.
 */
final class TillReportCsv {

    static final String[] COLUMNS = {"record", "date", "kind", "counterparty", "description", "amount", "expected", "currency",
            "actor", "entry_id", "status"};
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n")
            .setQuoteMode(QuoteMode.NON_NUMERIC).setCommentMarker('#').get();
    private static final String FORMULA_STARTS = "=+-@";

    private TillReportCsv() {
    }

    static byte[] render(TillReport r) {
        StringBuilder out = new StringBuilder();
        String currency = r.till().currency().getCurrencyCode();
        try (CSVPrinter csv = new CSVPrinter(out, FORMAT)) {
            csv.printComment("Till day report: till " + r.till().id() + " (" + r.till().account() + "), teller "
                    + r.till().tellerUsername() + ", " + currency);
            csv.printComment("Day " + r.day().id() + ", " + r.day().status() + ", opened " + r.day().openedAt()
                    + (r.day().closedAt() == null ? "" : ", closed " + r.day().closedAt()));
            csv.printComment("Cash in " + r.money(r.cashInMinor()) + ", cash out " + r.money(r.cashOutMinor()));
            csv.printComment("Generated at " + r.generatedAt());
            csv.printRecord((Object[]) COLUMNS);
            csv.printRecord("OPENING", r.day().openedAt().toString(), null, null, "Opening count", r.decimal(r.day().openingCountedMinor()),
                    r.decimal(r.day().openingExpectedMinor()), currency, r.day().openedBy(), null, null);
            for (Movement m : r.movements()) {
                csv.printRecord("MOVEMENT", m.createdAt().toString(), m.kind().name(), m.counterparty(), text(m.description()),
                        r.decimal(m.signedMinor()), null, currency, m.actor(), m.entryId().toString(), null);
            }
            if (r.day().closedAt() != null) {
                csv.printRecord("CLOSING", r.day().closedAt().toString(), null, null, "Closing count",
                        r.decimal(r.day().closingCountedMinor()), r.decimal(r.day().closingExpectedMinor()), currency, r.day().closedBy(),
                        null, null);
            }
            for (Difference d : r.differences()) {
                csv.printRecord("DIFFERENCE", d.recordedAt().toString(), d.stage().name(), null, text(d.note()), r.decimal(d.amountMinor()),
                        null, currency, d.recordedBy(), d.entryId() == null ? null : d.entryId().toString(), d.status().name());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(String value) {
        if (value != null && !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }
}
