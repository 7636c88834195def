package corebank.auditor;

import corebank.audit.AuditRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * RFC 4180 CSV of audit events, written by Apache Commons CSV: text fields are quoted (a comma,
 * quote or line break inside a value stays in the value), numbers are not, an absent value is an
 * empty unquoted field. Records end with LF, as the NDJSON export's lines do.
 */
final class EventCsv {

    private static final String[] COLUMNS = {"id", "position", "occurred_at", "actor", "actor_role", "action", "outcome",
            "reason", "target_type", "target_id", "request_id", "channel", "client_address", "user_agent", "details"};
    private static final CSVFormat HEADER = CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();
    private static final CSVFormat ROWS = CSVFormat.RFC4180.builder().setRecordSeparator("\n")
            .setQuoteMode(QuoteMode.NON_NUMERIC).get();
    /** A spreadsheet runs a cell that starts with one of these as a formula. */
    private static final String FORMULA_STARTS = "=+-@";

    private EventCsv() {
    }

    static void appendHeader(StringBuilder out) {
        try {
            HEADER.printRecord(out, (Object[]) COLUMNS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void appendRows(StringBuilder out, List<AuditRecord> records) {
        try {
            for (AuditRecord r : records) {
                ROWS.printRecord(out, r.id(), r.position(), r.occurredAt().toString(), text(r.actor()), text(r.actorRole()),
                        text(r.action()), text(r.outcome()), text(r.reason()), text(r.targetType()), text(r.targetId()),
                        text(r.requestId()), text(r.channel()), text(r.clientAddress()), text(r.userAgent()),
                        text(r.detailsJson()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The stored value, except that one starting with =, +, - or @ gets a leading ' so that a
     * spreadsheet opening the export shows it instead of running it (CSV injection). Every other
     * value re-parses to exactly what is stored.
     */
    static String text(String value) {
        if (value != null && !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }
}
