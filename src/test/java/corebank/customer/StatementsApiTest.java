package corebank.customer;

import corebank.audit.AuditContext;
import corebank.identity.user.Role;
import corebank.ledger.Account;
import corebank.ledger.AccountKind;
import corebank.ledger.AccountNumber;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.Money;
import corebank.ledger.Movement;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.MutableClock;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monthly statements through the customer and teller APIs, checked against the journal: the
 * PDF's extracted text and the re-parsed CSV show the opening balance, every posting of the
 * month (and none outside it) with the balance after it, and the closing balance, as the
 * postings table has them.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatementsApiTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    Ledger ledger;
    @Inject
    MutableClock clock;

    YearMonth month;
    TestUsers.Session alice;
    TestUsers.Session bob;
    Api teller;
    Account aliceMain;
    Account bobMain;
    Account equity;

    /** The month's postings of an account as the journal has them, oldest first. */
    record JournalLine(UUID entryId, String side, long amountMinor, long balanceAfterMinor) {
    }

    @BeforeAll
    void setUp() {
        Instant now = clock.instant();
        month = YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(1);
        TestUsers.Enrolled aliceUser = TestUsers.enroll(context, Role.CUSTOMER);
        TestUsers.Enrolled bobUser = TestUsers.enroll(context, Role.CUSTOMER);
        AuditContext setup = AuditContext.system("test-setup");
        equity = ledger.openAccount(new Ledger.NewAccount(AccountKind.EQUITY, "EUR", "equity", "bank:statements", null, null, null), setup);
        aliceMain = ledger.openAccount(new Ledger.NewAccount(AccountKind.CUSTOMER_DEPOSIT, "EUR", "Alice main", aliceUser.customerRef(), null, null, null), setup);
        bobMain = ledger.openAccount(new Ledger.NewAccount(AccountKind.CUSTOMER_DEPOSIT, "EUR", "Bob main", bobUser.customerRef(), null, null, null), setup);
        Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        try {
            // before the month: the opening balance
            at(start.minus(Duration.ofDays(5)), equity, aliceMain, "500.00", "salary before");
            at(start.minusMillis(1), aliceMain, bobMain, "1.00", "last before");
            // the month
            at(start, aliceMain, bobMain, "120.50", "rent");
            at(start.plus(Duration.ofDays(6)), bobMain, aliceMain, "30.25", "refund Café");
            at(start.plus(Duration.ofDays(11)), equity, aliceMain, "1000.00", "salary");
            at(start.plus(Duration.ofDays(19)), aliceMain, bobMain, "0.99", "=coffee");
            at(end.minusMillis(1), aliceMain, bobMain, "10.00", "late");
            // after it
            at(end, aliceMain, bobMain, "5.00", "next month");
        } finally {
            clock.set(now.isAfter(end) ? now : end.plusSeconds(1));
        }
        alice = TestUsers.login(context, client.toBlocking(), aliceUser);
        bob = TestUsers.login(context, client.toBlocking(), bobUser);
        teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
    }

    private void at(Instant when, Account from, Account to, String amount, String description) {
        clock.set(when);
        ledger.transfer(new Movement(new AccountNumber(from.number()), new AccountNumber(to.number()),
                        Money.parse(amount, "EUR", "amount"), description),
                IdempotencyRef.of("system:test", UUID.randomUUID().toString()), AuditContext.system("test-setup"));
    }

    private HttpResponse<byte[]> download(String path, String token) {
        try {
            return client.toBlocking().exchange(HttpRequest.GET(path).bearerAuth(token), byte[].class);
        } catch (HttpClientResponseException e) {
            throw new AssertionError(path + " answered " + e.getStatus() + " " + e.getResponse().getBody(String.class).orElse(""));
        }
    }

    private static String eur(long minor) {
        return BigDecimal.valueOf(minor, 2).toPlainString();
    }

    /** Opening balance (the balance after the last posting before the month, or 0) and the month's postings. */
    private long journalOpening(Account account) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT balance_after_minor FROM postings WHERE account_id = ? AND created_at < ? ORDER BY account_seq DESC LIMIT 1")) {
            s.setLong(1, account.id());
            s.setTimestamp(2, Timestamp.from(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0L;
            }
        }
    }

    private List<JournalLine> journal(Account account) throws Exception {
        List<JournalLine> lines = new ArrayList<>();
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("""
                SELECT entry_id, side, amount_minor, balance_after_minor FROM postings
                 WHERE account_id = ? AND created_at >= ? AND created_at < ? ORDER BY account_seq""")) {
            s.setLong(1, account.id());
            s.setTimestamp(2, Timestamp.from(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            s.setTimestamp(3, Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    lines.add(new JournalLine(r.getObject(1, UUID.class), r.getString(2).trim(), r.getLong(3), r.getLong(4)));
                }
            }
        }
        return lines;
    }

    @Test
    void pdfShowsOpeningEveryPostingAndClosingAsTheJournalHasThem() throws Exception {
        HttpResponse<byte[]> response = download("/api/v1/accounts/" + aliceMain.number() + "/statements/" + month + ".pdf",
                alice.accessToken());
        assertThat(response.getStatus().getCode()).isEqualTo(200);
        assertThat(response.getContentType().orElseThrow().toString()).isEqualTo("application/pdf");
        assertThat(response.getHeaders().get("Content-Disposition"))
                .isEqualTo("attachment; filename=\"statement-" + aliceMain.number() + "-" + month + ".pdf\"");
        assertThat(response.getHeaders().get("Cache-Control")).isEqualTo("no-store");
        // kept for a look: target/statements/sample.pdf
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "statements"));
        java.nio.file.Files.write(java.nio.file.Path.of("target", "statements", "sample.pdf"), response.body());
        String text;
        try (PDDocument pdf = Loader.loadPDF(response.body())) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            text = stripper.getText(pdf);
        }
        List<String> lines = text.lines().toList();

        long opening = journalOpening(aliceMain);
        List<JournalLine> journal = journal(aliceMain);
        assertThat(opening).isEqualTo(49900);
        assertThat(journal).hasSize(5);
        long closing = journal.get(journal.size() - 1).balanceAfterMinor();
        assertThat(closing).isEqualTo(49900 - 12050 + 3025 + 100000 - 99 - 1000);

        assertThat(text).contains("Corebank Demo Bank", "1 Ledger Street, 10115 Berlin, Germany",
                "Test " + alice.username() + " (" + holderDetail(alice.customerRef()) + ")", aliceMain.number(),
                "Account statement " + month + " (UTC)");
        assertThat(lines).anyMatch(l -> l.startsWith("Opening balance") && l.endsWith(eur(opening) + " EUR"));
        assertThat(lines).anyMatch(l -> l.startsWith("Closing balance") && l.endsWith(eur(closing) + " EUR"));
        // each posting on its own line, in the journal's order, with its signed amount and the balance after it
        int previous = -1;
        for (JournalLine j : journal) {
            String amount = (j.side().equals("C") ? "+" : "-") + eur(j.amountMinor());
            String suffix = amount + " " + eur(j.balanceAfterMinor());
            int index = -1;
            for (int i = previous + 1; i < lines.size(); i++) {
                if (lines.get(i).endsWith(suffix)) {
                    index = i;
                    break;
                }
            }
            assertThat(index).as("a line ending %s after line %d in%n%s", suffix, previous, text).isGreaterThan(previous);
            previous = index;
        }
        assertThat(text).contains("rent", "refund Café", "salary", "=coffee", "late", bobMain.number() + " Bob main")
                .doesNotContain("next month", "salary before", "last before");
    }

    @Test
    void csvReparsesToTheJournalsFigures() throws Exception {
        HttpResponse<byte[]> response = download("/api/v1/accounts/" + aliceMain.number() + "/statements/" + month + ".csv",
                alice.accessToken());
        assertThat(response.getContentType().orElseThrow().toString()).startsWith("text/csv");
        assertThat(response.getHeaders().get("Content-Disposition"))
                .isEqualTo("attachment; filename=\"statement-" + aliceMain.number() + "-" + month + ".csv\"");
        String csv = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(csv).contains("# Bank: Corebank Demo Bank, 1 Ledger Street, 10115 Berlin, Germany",
                "# Account holder: Test " + alice.username() + " (" + holderDetail(alice.customerRef()) + ")");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        long opening = journalOpening(aliceMain);
        List<JournalLine> journal = journal(aliceMain);
        assertThat(records).hasSize(journal.size() + 2);
        assertThat(records.get(0).get("record")).isEqualTo("OPENING");
        assertThat(records.get(0).get("balance_after")).isEqualTo(eur(opening));
        long running = opening;
        for (int i = 0; i < journal.size(); i++) {
            JournalLine j = journal.get(i);
            CSVRecord r = records.get(i + 1);
            assertThat(r.get("record")).isEqualTo("POSTING");
            assertThat(r.get("entry_id")).isEqualTo(j.entryId().toString());
            long signed = j.side().equals("C") ? j.amountMinor() : -j.amountMinor();
            assertThat(new BigDecimal(r.get("amount"))).isEqualTo(BigDecimal.valueOf(signed, 2));
            assertThat(r.get("balance_after")).isEqualTo(eur(j.balanceAfterMinor()));
            running += signed;
            assertThat(running).isEqualTo(j.balanceAfterMinor());
            assertThat(r.get("currency")).isEqualTo("EUR");
        }
        CSVRecord last = records.get(records.size() - 1);
        assertThat(last.get("record")).isEqualTo("CLOSING");
        assertThat(last.get("balance_after")).isEqualTo(eur(journal.get(journal.size() - 1).balanceAfterMinor()));
        assertThat(records).extracting(r -> r.get("description"))
                .contains("rent", "refund Café", "'=coffee").doesNotContain("next month");
        assertThat(records.get(1).get("counterparty_account")).isEqualTo(bobMain.number());
        assertThat(records.get(1).get("counterparty_name")).isEqualTo("Bob main");
    }

    @Test
    void anotherCustomersAccountAnswersNotFoundLikeAMissingOne() {
        Api asBob = new Api(client.toBlocking(), bob.accessToken());
        HttpResponse<Map> theirs = asBob.get("/api/v1/accounts/" + aliceMain.number() + "/statements/" + month + ".pdf");
        assertThat(theirs.getStatus().getCode()).isEqualTo(404);
        assertThat(asBob.body(theirs)).containsEntry("code", "not_found").containsEntry("field", "accountNumber");
        HttpResponse<Map> missing = asBob.get("/api/v1/accounts/" + AccountNumber.fromSequence(9_999_999_999L)
                + "/statements/" + month + ".pdf");
        assertThat(missing.getStatus().getCode()).isEqualTo(404);
        assertThat(stable(asBob.body(missing))).isEqualTo(stable(asBob.body(theirs)));
    }

    /** A problem document without what differs per request (its detail names the number asked for). */
    private static Map<Object, Object> stable(Map<?, ?> problem) {
        Map<Object, Object> out = new java.util.TreeMap<>();
        problem.forEach((k, v) -> {
            if (!List.of("detail", "instance", "requestId").contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void badOrFutureMonthsAreRefusedWithTheirField() {
        Api asAlice = new Api(client.toBlocking(), alice.accessToken());
        for (String name : List.of("2026-13.pdf", month + ".xls", "last.pdf", month.plusMonths(2) + ".csv")) {
            HttpResponse<Map> response = asAlice.get("/api/v1/accounts/" + aliceMain.number() + "/statements/" + name);
            assertThat(response.getStatus().getCode()).as(name).isEqualTo(400);
            assertThat(asAlice.body(response)).as(name).containsEntry("code", "validation_failed").containsEntry("field", "statement");
        }
    }

    @Test
    void tellersGetAnyAccountsStatementFromTheSameService() throws Exception {
        HttpResponse<byte[]> response = download("/internal/v1/accounts/" + bobMain.number() + "/statements/" + month + ".csv",
                teller.accessToken());
        String csv = new String(response.body(), StandardCharsets.UTF_8);
        // the customer's record: legal name, customer number and address
        assertThat(csv).contains("# Account holder: Test " + bob.username() + " (" + holderDetail(bob.customerRef()) + ")");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        List<JournalLine> journal = journal(bobMain);
        assertThat(records).hasSize(journal.size() + 2);
        assertThat(records.get(0).get("balance_after")).isEqualTo(eur(journalOpening(bobMain)));
        assertThat(records.get(records.size() - 1).get("balance_after"))
                .isEqualTo(eur(journal.get(journal.size() - 1).balanceAfterMinor()));
        // a bank-internal account too
        HttpResponse<byte[]> internal = download("/internal/v1/accounts/" + equity.number() + "/statements/" + month + ".pdf",
                teller.accessToken());
        try (PDDocument pdf = Loader.loadPDF(internal.body())) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("equity", "Closing balance");
        }
        // and customers cannot use the teller's route
        assertThat(new Api(client.toBlocking(), alice.accessToken())
                .get("/internal/v1/accounts/" + aliceMain.number() + "/statements/" + month + ".pdf").getStatus().getCode())
                .isEqualTo(403);
    }

    @Test
    void downloadsAreAudited() throws Exception {
        download("/api/v1/accounts/" + aliceMain.number() + "/statements/" + month + ".csv", alice.accessToken());
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("""
                SELECT count(*) FROM audit_events WHERE action = 'ledger.statement.download' AND target_id = ?
                   AND actor = ? AND outcome = 'SUCCESS'""")) {
            s.setString(1, aliceMain.number());
            s.setString(2, "user:" + alice.username());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertThat(r.getLong(1)).isGreaterThanOrEqualTo(1);
            }
        }
    }

    /** How a statement details a holder: the customer number and the address of their record (TestCustomers' data). */
    private String holderDetail(String customerRef) {
        return context.getBean(corebank.customers.Customers.class).byRef(customerRef).orElseThrow().number()
                + ", Teststrasse 1, 10115 Berlin, DE";
    }
}
