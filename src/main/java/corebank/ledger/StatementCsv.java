package corebank.ledger;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A statement as RFC 4180 CSV (Apache Commons CSV, UTF-8, LF): comment lines ({@code #}) with the
 * bank, the holder, the account and the period, then a header and one record per line: an
 * OPENING record, one POSTING record per posting (oldest first) and a CLOSING record. Amounts
 * are signed decimal strings in the account's currency (negative: the balance went down);
 * dates are ISO-8601 instants in UTC. Text that a spreadsheet would run as a formula gets a
 * leading {@code '}.
 */
public final class StatementCsv {

    public static final String[] COLUMNS = {"record", "date", "description", "counterparty_account", "counterparty_name",
            "amount", "balance_after", "currency", "entry_id"};
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n")
            .setQuoteMode(QuoteMode.NON_NUMERIC).setCommentMarker('#').get();
    private static final String FORMULA_STARTS = "=+-@";

    private StatementCsv() {
    }

    static byte[] render(Statements.Statement s) {
        StringBuilder out = new StringBuilder();
        String currency = s.currency().getCurrencyCode();
        try (CSVPrinter csv = new CSVPrinter(out, FORMAT)) {
            csv.printComment("Statement of account " + s.accountNumber() + " (" + s.accountName() + "), " + currency);
            csv.printComment("Period: " + s.month() + " (UTC), from " + s.from() + " to " + s.to());
            csv.printComment("Bank: " + s.bank().name() + ", " + s.bank().detail());
            csv.printComment("Account holder: " + s.holder().name() + " (" + s.holder().detail() + ")");
            csv.printComment("Generated at " + s.generatedAt());
            csv.printRecord((Object[]) COLUMNS);
            csv.printRecord("OPENING", s.from().toString(), "Opening balance", null, null, null,
                    Money.decimal(s.openingMinor(), s.currency()), currency, null);
            for (Statements.Line line : s.lines()) {
                csv.printRecord("POSTING", line.at().toString(), text(line.text()), line.counterpartyNumber(),
                        text(line.counterpartyName()), Money.decimal(s.signedMinor(line), s.currency()),
                        Money.decimal(line.balanceAfterMinor(), s.currency()), currency, line.entryId().toString());
            }
            csv.printRecord("CLOSING", s.to().toString(), "Closing balance", null, null,
                    Money.decimal(s.increasesMinor() - s.decreasesMinor(), s.currency()),
                    Money.decimal(s.closingMinor(), s.currency()), currency, null);
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
