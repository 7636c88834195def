package corebank.ledger;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Monthly account statements, the one service behind the customer's and the teller's statement
 * routes: the opening balance, every posting of the month with its description and
 * counterparty, and the closing balance, rendered as PDF ({@link StatementPdf}) or CSV
 * ({@link StatementCsv}). Months are calendar months in UTC.
 *
 * <p>The figures come from the postings in one read snapshot: the opening balance is the
 * balance after the account's last posting before the month (0 without one); the closing
 * balance is the opening balance plus the month's increases minus its decreases, and must equal
 * the balance after the month's last posting (and each posting's balance after must follow from
 * the one before). A statement that breaks this is never handed out ({@link IllegalStateException}).
 * Every download is audited ({@code ledger.statement.download}).
 */
@Singleton
public class Statements {

    /** The month and format named by a statement's file name, "2026-11.pdf". */
    private static final Pattern FILE = Pattern.compile("(\\d{4}-\\d{2})\\.(pdf|csv)");

    public enum Format {
        PDF("application/pdf", "pdf"), CSV("text/csv; charset=UTF-8", "csv");

        private final String contentType;
        private final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        public String contentType() {
            return contentType;
        }
    }

    /** A party named on the statement: the bank or the account holder. */
    public record Party(String name, String detail) {
    }

    /**
     * One posting of the month, from the account's side. {@code counterpartyNumber} and
     * {@code counterpartyName} are the entry's other leg (null if it has none).
     */
    public record Line(Instant at, UUID entryId, long accountSeq, EntryKind kind, String description,
                       String counterpartyNumber, String counterpartyName, Side side, long amountMinor,
                       long balanceAfterMinor) {

        /** The entry's description, or what kind of entry it is when it has none. */
        public String text() {
            if (description != null && !description.isBlank()) {
                return description;
            }
            return switch (kind) {
                case TRANSFER -> "Transfer";
                case HOLD_POSTED -> "Reserved payment";
                case REVERSAL -> "Reversal";
                case OPENING_BALANCE -> "Opening deposit";
                case CASH_DEPOSIT -> "Cash deposit";
                case CASH_WITHDRAWAL -> "Cash withdrawal";
                case TILL_TRANSFER -> "Till transfer";
                case TILL_DIFFERENCE -> "Till difference";
            };
        }
    }

    /**
     * A month's statement of one account. Amounts are minor units of {@code currency}; increases
     * and decreases are on the account's normal side (for a customer's deposit: money in and out).
     */
    public record Statement(Party bank, Party holder, String accountNumber, String accountName, AccountKind kind,
                            Currency currency, YearMonth month, Instant from, Instant to, long openingMinor,
                            long increasesMinor, long decreasesMinor, long closingMinor, List<Line> lines,
                            Instant generatedAt) {

        /** The signed change a line makes to the balance: positive when it increases it. */
        public long signedMinor(Line line) {
            return line.side() == kind.normalSide() ? line.amountMinor() : -line.amountMinor();
        }

        public String format(long minor) {
            return Money.format(minor, currency);
        }
    }

    /** A rendered statement: its bytes, media type and file name. */
    public record Document(byte[] bytes, String contentType, String fileName) {
    }

    /** The month and format a request asks for. */
    public record Request(YearMonth month, Format format) {
    }

    private final TransactionRunner runner;
    private final LedgerStore store;
    private final Ledger ledger;
    private final AuditLog auditLog;
    private final Clock clock;
    private final StatementSettings settings;

    Statements(TransactionRunner runner, LedgerStore store, Ledger ledger, AuditLog auditLog, Clock clock,
               StatementSettings settings) {
        this.runner = runner;
        this.store = store;
        this.ledger = ledger;
        this.auditLog = auditLog;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Parses a statement's file name ("2026-11.pdf" or "2026-11.csv"); a month after the current
     * one (UTC) is refused, as nothing can be on it yet.
     */
    public Request parse(String fileName, String field) {
        Matcher m = FILE.matcher(fileName == null ? "" : fileName.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED,
                    "a statement is named by its month and format, e.g. 2026-11.pdf or 2026-11.csv", field);
        }
        return new Request(month(m.group(1), field), m.group(2).equals("pdf") ? Format.PDF : Format.CSV);
    }

    /** Parses a month "yyyy-MM" (UTC); a month after the current one is refused. */
    public YearMonth month(String text, String field) {
        YearMonth month;
        try {
            month = text != null && text.matches("\\d{4}-\\d{2}") ? YearMonth.parse(text) : null;
        } catch (DateTimeParseException e) {
            month = null;
        }
        if (month == null || month.getYear() < 1970) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED, "month must be yyyy-MM, e.g. 2026-11", field);
        }
        if (month.isAfter(YearMonth.now(clock.withZone(ZoneOffset.UTC)))) {
            throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED, "month must not be in the future", field);
        }
        return month;
    }

    /** The parse of a format name, "pdf" or "csv". */
    public static Format format(String text, String field) {
        if ("pdf".equalsIgnoreCase(text)) {
            return Format.PDF;
        }
        if ("csv".equalsIgnoreCase(text)) {
            return Format.CSV;
        }
        throw LedgerException.invalid(ErrorCode.VALIDATION_FAILED, "format must be pdf or csv", field);
    }

    /** The month's statement of an account, with the holder's details as the caller knows them. */
    public Statement statement(Account account, Party holder, YearMonth month) {
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        record Read(long opening, List<Line> lines) {
        }
        Read read = runner.read(sql -> new Read(store.balanceBefore(sql, account.id(), from),
                store.statementLines(sql, account.id(), from, to)));
        Totals totals = totals(account.number() + " for " + month, account.kind().normalSide(), read.opening(), read.lines());
        return new Statement(new Party(settings.bankName(), settings.bankAddress()), holder, account.number(),
                account.name(), account.kind(), account.currency(), month, from, to, read.opening(), totals.increases(),
                totals.decreases(), totals.closing(), read.lines(), clock.instant());
    }

    /** The month's money in and out (on the account's normal side) and the closing balance. */
    record Totals(long increases, long decreases, long closing) {
    }

    /**
     * Adds up a month: closing = opening + increases - decreases, which must be the balance
     * after the month's last posting. A statement that does not add up is a broken ledger, not a
     * refusal: it fails loudly and is never handed out.
     */
    static Totals totals(String what, Side normal, long opening, List<Line> lines) {
        long increases = 0;
        long decreases = 0;
        long running = opening;
        for (Line line : lines) {
            if (line.side() == normal) {
                increases = Math.addExact(increases, line.amountMinor());
                running = Math.addExact(running, line.amountMinor());
            } else {
                decreases = Math.addExact(decreases, line.amountMinor());
                running = Math.subtractExact(running, line.amountMinor());
            }
            if (running != line.balanceAfterMinor()) {
                throw new IllegalStateException("statement of " + what + " does not add up at posting seq "
                        + line.accountSeq() + ": the postings before it give " + running + ", it records "
                        + line.balanceAfterMinor());
            }
        }
        long closing = Math.subtractExact(Math.addExact(opening, increases), decreases);
        if (!lines.isEmpty()) {
            Line last = lines.get(lines.size() - 1);
            if (closing != last.balanceAfterMinor()) {
                throw new IllegalStateException("statement of " + what + " does not add up: opening " + opening
                        + " + " + increases + " - " + decreases + " = " + closing + ", but the last posting (seq "
                        + last.accountSeq() + ") left " + last.balanceAfterMinor());
            }
        }
        return new Totals(increases, decreases, closing);
    }

    /**
     * The month's statement of an account rendered in a format, and the download audited as the
     * caller's act.
     */
    public Document download(Account account, Party holder, Request request, AuditContext context) {
        Statement statement = statement(account, holder, request.month());
        byte[] bytes = request.format() == Format.PDF ? StatementPdf.render(statement) : StatementCsv.render(statement);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("month", request.month().toString());
        details.put("format", request.format().extension);
        details.put("postings", statement.lines().size());
        auditLog.appendAlone(AuditEvent.success(clock.instant(), context, AuditAction.LEDGER_STATEMENT_DOWNLOAD,
                "ACCOUNT", account.number(), details));
        return new Document(bytes, request.format().contentType(),
                "statement-" + account.number() + "-" + request.month() + "." + request.format().extension);
    }

    /** The account, for routes that address any account (tellers). */
    public Account account(String number, String field) {
        return ledger.account(AccountNumber.parse(number, field));
    }
}
