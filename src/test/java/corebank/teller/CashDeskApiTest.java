package corebank.teller;

import corebank.cash.TillDays;
import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.LedgerSnapshot;
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
import org.apache.commons.csv.CSVParser;
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
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cash desk through the teller API: tills, till days, cash deposits and withdrawals, vault transfers, reports. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CashDeskApiTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    MutableClock clock;
    @Inject
    TillDays tillDays;

    Api supervisor;
    String supervisorName;
    String equity;
    String vault;
    String overShort;

    @BeforeAll
    void setUp() {
        TestUsers.Session sue = TestUsers.loginAs(context, client.toBlocking(), Role.SUPERVISOR);
        supervisor = new Api(client.toBlocking(), sue.accessToken());
        supervisorName = sue.username();
        HttpResponse<Map> eur = supervisor.post("/internal/v1/cash/currencies", Map.of("currency", "EUR"));
        assertThat(eur.getStatus().getCode()).isEqualTo(201);
        vault = (String) supervisor.body(eur).get("vaultAccount");
        overShort = (String) supervisor.body(eur).get("overShortAccount");
        equity = supervisor.openEquity("EUR");
        // cash in the vault is an asset: the vault is debited, equity credited
        assertThat(supervisor.transfer(vault, equity, "9000.00", "EUR").getStatus().getCode()).isEqualTo(201);
    }

    /** A teller with a fresh EUR till of their own. */
    record Teller(Api api, String username, long tillId, String tillAccount) {
    }

    private Teller teller(Role role) {
        TestUsers.Session session = TestUsers.loginAs(context, client.toBlocking(), role);
        HttpResponse<Map> till = supervisor.post("/internal/v1/tills", Map.of("teller", session.username(), "currency", "EUR"));
        assertThat(till.getStatus().getCode()).as("%s", supervisor.body(till)).isEqualTo(201);
        Map body = supervisor.body(till);
        return new Teller(new Api(client.toBlocking(), session.accessToken()), session.username(),
                ((Number) body.get("id")).longValue(), (String) body.get("account"));
    }

    /** A teller whose day is open with {@code float_} from the vault in the till. */
    private Teller openTeller(String float_) {
        Teller t = teller(Role.TELLER);
        assertThat(openDay(t, "0.00", null).getStatus().getCode()).isEqualTo(201);
        HttpResponse<Map> in = vaultTransfer(t, "TO_TILL", float_);
        assertThat(in.getStatus().getCode()).as("%s", t.api().body(in)).isEqualTo(201);
        return t;
    }

    private HttpResponse<Map> openDay(Teller t, String counted, String note) {
        Map<String, Object> body = new HashMap<>(Map.of("countedAmount", counted));
        if (note != null) {
            body.put("note", note);
        }
        return t.api().post("/internal/v1/tills/" + t.tillId() + "/days", body);
    }

    private HttpResponse<Map> closeDay(Teller t, long dayId, String counted, String note) {
        Map<String, Object> body = new HashMap<>(Map.of("countedAmount", counted));
        if (note != null) {
            body.put("note", note);
        }
        return t.api().post("/internal/v1/tills/" + t.tillId() + "/days/" + dayId + "/close", body);
    }

    private long openDayId(Teller t) {
        return ((Number) t.api().body(t.api().get("/internal/v1/tills/" + t.tillId())).get("openDayId")).longValue();
    }

    private HttpResponse<Map> vaultTransfer(Teller t, String direction, String amount) {
        return t.api().postIdempotent("/internal/v1/tills/" + t.tillId() + "/vault-transfers",
                Map.of("direction", direction, "amount", amount, "currency", "EUR"));
    }

    private HttpResponse<Map> cash(Teller t, String route, String account, String amount, String currency, String key) {
        return t.api().postIdempotent("/internal/v1/tills/" + t.tillId() + "/" + route,
                Map.of("account", account, "amount", amount, "currency", currency), key);
    }

    private BigDecimal balance(String account) {
        return new BigDecimal((String) supervisor.balances(account).get("balance"));
    }

    private String kindOf(Object entryId) {
        return (String) supervisor.body(supervisor.get("/internal/v1/entries/" + entryId)).get("kind");
    }

    /** The pending approval request of a till difference, as the supervisors' list shows it. */
    private String differenceRequest(long differenceId) {
        Map d = supervisor.allPages("/internal/v1/cash/differences", "differences", 200).stream()
                .filter(m -> ((Number) m.get("id")).longValue() == differenceId).findFirst().orElseThrow();
        assertThat(d.get("approvalRequestId")).as("the difference's approval request").isNotNull();
        return (String) d.get("approvalRequestId");
    }

    private static HttpResponse<Map> decide(Api api, String requestId, String decision) {
        return api.post("/internal/v1/approvals/" + requestId + "/" + decision, Map.of("reason", "counted again, agreed"));
    }

    /** The request an approve answers (beside the one-time secret some operations show). */
    private Map approval(HttpResponse<Map> approved) {
        return (Map) supervisor.body(approved).get("approval");
    }

    private Map difference(Teller t, long dayId, long differenceId) {
        return ((List<Map>) t.api().body(t.api().get("/internal/v1/tills/" + t.tillId() + "/days/" + dayId)).get("differences"))
                .stream().filter(m -> ((Number) m.get("id")).longValue() == differenceId).findFirst().orElseThrow();
    }

    private long count(String sql, String... params) {
        try {
            return TestDatabase.count(sql, params);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private String available(String account) {
        return (String) supervisor.balances(account).get("available");
    }

    /**
     * A customer's account holding 16,000.00 EUR (two fundings, each below the transfer threshold),
     * and 18,000.00 EUR more in the vault (a pending withdrawal's hold reserves vault cash).
     */
    private String richCustomer() {
        assertThat(supervisor.transfer(vault, equity, "9000.00", "EUR").getStatus().getCode()).isEqualTo(201);
        assertThat(supervisor.transfer(vault, equity, "9000.00", "EUR").getStatus().getCode()).isEqualTo(201);
        String account = fundedCustomer(supervisor.createCustomer(), "8000.00");
        supervisor.fund(equity, account, "8000.00", "EUR");
        return account;
    }

    @Test
    void aWithdrawalAboveTheThresholdHoldsTheFundsUntilASupervisorApprovesAndThenPaysOutOnce() {
        String account = richCustomer();
        assertThat(supervisor.transfer(vault, equity, "9000.00", "EUR").getStatus().getCode()).isEqualTo(201);
        assertThat(supervisor.transfer(vault, equity, "9000.00", "EUR").getStatus().getCode()).isEqualTo(201);
        Teller tom = openTeller("12000.00");
        String key = UUID.randomUUID().toString();

        HttpResponse<Map> asked = cash(tom, "withdrawals", account, "11000.00", "EUR", key);
        assertThat(asked.getStatus().getCode()).as("%s", tom.api().body(asked)).isEqualTo(202);
        Map request = tom.api().body(asked);
        assertThat(request).containsEntry("operation", "cash-withdrawal").containsEntry("status", "PENDING")
                .containsEntry("subject", account).containsEntry("maker", "user:" + tom.username());
        String id = (String) request.get("id");
        String holdId = (String) request.get("holdId");
        assertThat(balance(account)).isEqualByComparingTo("16000.00");
        assertThat(new BigDecimal(available(account))).isEqualByComparingTo("5000.00");
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("12000.00");
        HttpResponse<Map> replay = cash(tom, "withdrawals", account, "11000.00", "EUR", key);
        assertThat(replay.getStatus().getCode()).isEqualTo(202);
        assertThat(tom.api().body(replay)).containsEntry("id", id);
        assertThat(new BigDecimal(available(account))).isEqualByComparingTo("5000.00");

        assertThat(decide(tom.api(), id, "approve").getStatus().getCode()).isEqualTo(403);
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("12000.00");
        HttpResponse<Map> approved = decide(supervisor, id, "approve");
        assertThat(approved.getStatus().getCode()).as("%s", supervisor.body(approved)).isEqualTo(200);
        assertThat(approval(approved)).containsEntry("status", "EXECUTED");
        Object entryId = approval(approved).get("resultRef");
        assertThat(kindOf(entryId)).isEqualTo("CASH_WITHDRAWAL");
        assertThat(balance(account)).isEqualByComparingTo("5000.00");
        assertThat(new BigDecimal(available(account))).isEqualByComparingTo("5000.00");
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("1000.00");
        assertThat(count("SELECT count(*) FROM holds WHERE id = ?::uuid AND status = 'VOIDED'", holdId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM cash_movements WHERE counterparty = ? AND kind = 'CASH_WITHDRAWAL'", account))
                .isEqualTo(1);

        Api otherSupervisor = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.SUPERVISOR).accessToken());
        assertThat(decide(otherSupervisor, id, "approve").getStatus().getCode()).isEqualTo(409);
        assertThat(balance(account)).isEqualByComparingTo("5000.00");
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("1000.00");
        assertThat(count("SELECT count(*) FROM cash_movements WHERE counterparty = ? AND kind = 'CASH_WITHDRAWAL'", account))
                .isEqualTo(1);
    }

    @Test
    void aRejectedWithdrawalOrOneApprovedAfterTheDayClosedReleasesTheFundsAndBelowTheThresholdPaysAtOnce() {
        Teller tom = openTeller("100.00");
        String account = richCustomer();

        HttpResponse<Map> asked = cash(tom, "withdrawals", account, "10000.01", "EUR", UUID.randomUUID().toString());
        assertThat(asked.getStatus().getCode()).as("%s", tom.api().body(asked)).isEqualTo(202);
        String id = (String) tom.api().body(asked).get("id");
        assertThat(new BigDecimal(available(account))).isEqualByComparingTo("5999.99");
        HttpResponse<Map> rejected = decide(supervisor, id, "reject");
        assertThat(supervisor.body(rejected)).containsEntry("status", "REJECTED");
        assertThat(new BigDecimal(available(account))).isEqualByComparingTo("16000.00");
        assertThat(count("SELECT count(*) FROM holds WHERE id = ?::uuid AND status = 'VOIDED'",
                (String) tom.api().body(asked).get("holdId"))).isEqualTo(1);

        HttpResponse<Map> small = cash(tom, "withdrawals", account, "50.00", "EUR", UUID.randomUUID().toString());
        assertThat(small.getStatus().getCode()).isEqualTo(201);
        assertThat(balance(account)).isEqualByComparingTo("15950.00");
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("50.00");
        // above the threshold, checked as a payout before anything is held
        assertRefused(cash(tom, "withdrawals", vault, "10000.01", "EUR", UUID.randomUUID().toString()), 404, "not_found", "account");
        assertRefused(cash(tom, "withdrawals", account, "10000.01", "USD", UUID.randomUUID().toString()), 422, "currency_mismatch",
                "currency");
        assertThat(new BigDecimal(available(account))).isEqualByComparingTo("15950.00");

        // approved after the till's day closed: FAILED with the refusal, the hold voided, nothing paid
        HttpResponse<Map> late = cash(tom, "withdrawals", account, "10500.00", "EUR", UUID.randomUUID().toString());
        assertThat(late.getStatus().getCode()).isEqualTo(202);
        assertThat(new BigDecimal(available(account))).isEqualByComparingTo("5450.00");
        assertThat(closeDay(tom, openDayId(tom), "50.00", null).getStatus().getCode()).isEqualTo(200);
        HttpResponse<Map> failed = decide(supervisor, (String) tom.api().body(late).get("id"), "approve");
        assertThat(approval(failed)).containsEntry("status", "FAILED").containsEntry("refusalCode", "till_day_not_open");
        assertThat(balance(account)).isEqualByComparingTo("15950.00");
        assertThat(new BigDecimal(available(account))).isEqualByComparingTo("15950.00");
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("50.00");
    }

    private String fundedCustomer(String ownerRef, String amount) {
        String account = supervisor.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", ownerRef));
        supervisor.fund(equity, account, amount, "EUR");
        return account;
    }

    @Test
    void depositAndWithdrawalMoveBothBalancesRecordTheirKindAndShowInTheCustomersHistoryAndStatement() throws Exception {
        Teller tom = openTeller("500.00");
        TestUsers.Session dave = TestUsers.loginAs(context, client.toBlocking(), Role.CUSTOMER);
        String account = fundedCustomer(dave.customerRef(), "100.00");

        String key = UUID.randomUUID().toString();
        HttpResponse<Map> deposit = cash(tom, "deposits", account, "120.50", "EUR", key);
        assertThat(deposit.getStatus().getCode()).isEqualTo(201);
        Map d = tom.api().body(deposit);
        assertThat(d).containsEntry("kind", "CASH_DEPOSIT").containsEntry("amount", "120.50").containsEntry("tillAmount", "120.50")
                .containsEntry("tillBalance", "620.50").containsEntry("account", account);
        assertThat(balance(account)).isEqualByComparingTo("220.50");
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("620.50");
        assertThat(kindOf(d.get("entryId"))).isEqualTo("CASH_DEPOSIT");

        // the same Idempotency-Key answers the first outcome and moves nothing more
        HttpResponse<Map> replay = cash(tom, "deposits", account, "120.50", "EUR", key);
        assertThat(replay.getStatus().getCode()).isEqualTo(201);
        assertThat(replay.getHeaders().get("Idempotent-Replayed")).isEqualTo("true");
        assertThat(tom.api().body(replay).get("entryId")).isEqualTo(d.get("entryId"));
        assertThat(balance(account)).isEqualByComparingTo("220.50");

        HttpResponse<Map> withdrawal = cash(tom, "withdrawals", account, "20.50", "EUR", UUID.randomUUID().toString());
        assertThat(withdrawal.getStatus().getCode()).isEqualTo(201);
        Map w = tom.api().body(withdrawal);
        assertThat(w).containsEntry("kind", "CASH_WITHDRAWAL").containsEntry("tillAmount", "-20.50").containsEntry("tillBalance", "600.00");
        assertThat(balance(account)).isEqualByComparingTo("200.00");
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("600.00");
        assertThat(kindOf(w.get("entryId"))).isEqualTo("CASH_WITHDRAWAL");
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'cash.deposit' AND outcome = 'SUCCESS'"
                + " AND details ->> 'entryId' = ?", (String) d.get("entryId"))).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'cash.withdrawal' AND outcome = 'SUCCESS'"
                + " AND details ->> 'entryId' = ?", (String) w.get("entryId"))).isEqualTo(1);

        // the customer sees both, named, in their history and their statement
        Api customer = new Api(client.toBlocking(), dave.accessToken());
        List<Map> lines = (List<Map>) customer.body(customer.get("/api/v1/accounts/" + account + "/history")).get("lines");
        assertThat(lines).extracting(l -> l.get("kind")).startsWith("CASH_WITHDRAWAL", "CASH_DEPOSIT");
        assertThat(lines).extracting(l -> l.get("direction")).startsWith("OUT", "IN");
        String month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).toString();
        HttpResponse<String> statement = client.toBlocking().exchange(HttpRequest.GET("/api/v1/accounts/" + account
                + "/statements/" + month + ".csv").bearerAuth(dave.accessToken()), String.class);
        assertThat(statement.body()).contains("\"Cash deposit\"").contains("\"Cash withdrawal\"").contains("120.50").contains("-20.50");
    }

    @Test
    void refusalsChangeNothingAndNameTheField() throws Exception {
        Teller tom = openTeller("50.00");
        String account = fundedCustomer(supervisor.createCustomer(), "10.00");
        String usd = supervisor.openAccount("CUSTOMER_DEPOSIT", "USD", Map.of("ownerRef", supervisor.createCustomer()));
        Teller closed = teller(Role.TELLER);
        LedgerSnapshot before = LedgerSnapshot.take();

        assertRefused(cash(closed, "deposits", account, "5.00", "EUR", UUID.randomUUID().toString()), 409, "till_day_not_open", "tillId");
        assertRefused(cash(tom, "deposits", account, "5.00", "USD", UUID.randomUUID().toString()), 422, "currency_mismatch", "currency");
        assertRefused(cash(tom, "deposits", usd, "5.00", "EUR", UUID.randomUUID().toString()), 422, "currency_mismatch", "account");
        assertRefused(cash(tom, "withdrawals", account, "10.01", "EUR", UUID.randomUUID().toString()), 422, "insufficient_funds", "account");
        assertRefused(cash(tom, "withdrawals", vault, "1.00", "EUR", UUID.randomUUID().toString()), 404, "not_found", "account");
        assertRefused(cash(tom, "deposits", account, "-1", "EUR", UUID.randomUUID().toString()), 400, "invalid_amount", "amount");
        assertRefused(tom.api().post("/internal/v1/tills/" + tom.tillId() + "/deposits",
                Map.of("account", account, "amount", "1.00", "currency", "EUR")), 400, "idempotency_key_missing", "Idempotency-Key");
        assertRefused(vaultTransfer(tom, "TO_VAULT", "50.01"), 422, "insufficient_funds", "amount");
        // a till's cash never moves by a plain transfer or a hold, only through the cash desk
        assertRefused(tom.api().transfer(tom.tillAccount(), account, "1.00", "EUR"), 422, "till_account", "debitAccount");
        assertRefused(supervisor.transfer(account, tom.tillAccount(), "1.00", "EUR"), 422, "till_account", "creditAccount");
        assertRefused(supervisor.postIdempotent("/internal/v1/holds", Map.of("debitAccount", tom.tillAccount(), "creditAccount", account,
                "amount", "1.00", "currency", "EUR")), 422, "till_account", "debitAccount");

        assertThat(LedgerSnapshot.take()).isEqualTo(before);
        assertThat(balance(account)).isEqualByComparingTo("10.00");
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("50.00");
        assertThat(TestDatabase.count("SELECT count(*) FROM cash_movements m JOIN till_days d ON d.id = m.till_day_id WHERE d.till_id = ?::bigint",
                Long.toString(tom.tillId()))).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'cash.deposit' AND outcome = 'FAILURE'"
                + " AND target_id = ? AND reason = 'till_day_not_open'", Long.toString(closed.tillId()))).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'cash.withdrawal' AND outcome = 'FAILURE'"
                + " AND target_id = ? AND reason = 'insufficient_funds'", Long.toString(tom.tillId()))).isEqualTo(1);
    }

    private static void assertRefused(HttpResponse<Map> response, int status, String code, String field) {
        assertThat(response.getStatus().getCode()).as("%s", response.getBody(Map.class).orElse(null)).isEqualTo(status);
        Map body = response.getBody(Map.class).orElseThrow();
        assertThat(body).containsEntry("code", code).containsEntry("field", field);
        assertThat(response.getHeaders().getContentType()).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void aDayWithoutDifferenceOpensAndClosesAndAClosedTillMovesNoCash() {
        Teller tom = openTeller("200.00");
        long day = openDayId(tom);
        assertRefused(openDay(tom, "200.00", null), 409, "till_day_already_open", "tillId");

        HttpResponse<Map> closed = closeDay(tom, day, "200.00", null);
        assertThat(closed.getStatus().getCode()).isEqualTo(200);
        assertThat(tom.api().body(closed)).containsEntry("status", "CLOSED").containsEntry("closingCounted", "200.00")
                .containsEntry("closingExpected", "200.00");
        assertThat((List<?>) tom.api().body(closed).get("differences")).isEmpty();
        assertThat(tom.api().body(tom.api().get("/internal/v1/tills/" + tom.tillId()))).doesNotContainKey("openDayId");

        String account = fundedCustomer(supervisor.createCustomer(), "10.00");
        assertRefused(cash(tom, "deposits", account, "5.00", "EUR", UUID.randomUUID().toString()), 409, "till_day_not_open", "tillId");
        assertRefused(vaultTransfer(tom, "TO_TILL", "5.00"), 409, "till_day_not_open", "tillId");
        assertRefused(closeDay(tom, day, "200.00", null), 409, "till_day_not_open", "dayId");

        HttpResponse<Map> next = openDay(tom, "200.00", null);
        assertThat(next.getStatus().getCode()).isEqualTo(201);
        assertThat(tom.api().body(next)).containsEntry("status", "OPEN").containsEntry("openingExpected", "200.00");
        assertThat((List<?>) tom.api().body(next).get("differences")).isEmpty();
    }

    @Test
    void aClosingDifferenceIsRecordedPendingAndPostedOnceOnlyAfterASupervisorsApproval() {
        Teller tom = openTeller("300.00");
        long day = openDayId(tom);
        BigDecimal overShortBefore = balance(overShort);

        assertRefused(closeDay(tom, day, "290.00", null), 400, "validation_failed", "note");
        HttpResponse<Map> closed = closeDay(tom, day, "290.00", "a 10 note missing");
        assertThat(closed.getStatus().getCode()).isEqualTo(200);
        List<Map> differences = (List<Map>) tom.api().body(closed).get("differences");
        assertThat(differences).hasSize(1);
        Map difference = differences.get(0);
        assertThat(difference).containsEntry("stage", "CLOSING").containsEntry("amount", "-10.00")
                .containsEntry("status", "PENDING_APPROVAL").containsEntry("note", "a 10 note missing");
        long differenceId = ((Number) difference.get("id")).longValue();
        // recorded, not posted
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("300.00");
        assertThat(balance(overShort)).isEqualByComparingTo(overShortBefore);
        assertThat(supervisor.allPages("/internal/v1/cash/differences", "differences", 200))
                .extracting(m -> ((Number) m.get("id")).longValue()).contains(differenceId);

        // the next day's opening expects the counted cash: the books plus the difference awaiting approval
        HttpResponse<Map> next = openDay(tom, "290.00", null);
        assertThat(next.getStatus().getCode()).isEqualTo(201);
        assertThat(tom.api().body(next)).containsEntry("openingExpected", "290.00");
        assertThat((List<?>) tom.api().body(next).get("differences")).isEmpty();

        // a teller cannot approve; a supervisor's approval of the request posts it, once
        String requestId = differenceRequest(differenceId);
        assertThat(supervisor.body(supervisor.get("/internal/v1/approvals/" + requestId))).containsEntry("operation", "till-difference")
                .containsEntry("subject", Long.toString(differenceId)).containsEntry("maker", "user:" + tom.username());
        assertThat(decide(tom.api(), requestId, "approve").getStatus().getCode()).isEqualTo(403);
        assertThat(balance(overShort)).isEqualByComparingTo(overShortBefore);
        HttpResponse<Map> approved = decide(supervisor, requestId, "approve");
        assertThat(approved.getStatus().getCode()).as("%s", supervisor.body(approved)).isEqualTo(200);
        assertThat(approval(approved)).containsEntry("status", "EXECUTED");
        Map p = difference(tom, day, differenceId);
        assertThat(p).containsEntry("status", "POSTED").containsEntry("postedBy", "user:" + supervisorName);
        assertThat(approval(approved)).containsEntry("resultRef", p.get("entryId"));
        assertThat(kindOf(p.get("entryId"))).isEqualTo("TILL_DIFFERENCE");
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("290.00");
        assertThat(balance(overShort)).isEqualByComparingTo(overShortBefore.add(new BigDecimal("10.00")));
        assertThat(supervisor.allPages("/internal/v1/cash/differences", "differences", 200))
                .extracting(m -> ((Number) m.get("id")).longValue()).doesNotContain(differenceId);

        Api otherSupervisor = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.SUPERVISOR).accessToken());
        assertThat(decide(otherSupervisor, requestId, "approve").getStatus().getCode()).isEqualTo(409);
        assertThat(tillDays.postDifference(differenceId, corebank.audit.AuditContext.system("approvals")).entryId().toString())
                .isEqualTo(p.get("entryId"));
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("290.00");
        assertThat(balance(overShort)).isEqualByComparingTo(overShortBefore.add(new BigDecimal("10.00")));
        assertThat(tom.api().body(tom.api().get("/internal/v1/tills/" + tom.tillId() + "/days/" + openDayId(tom))))
                .containsEntry("openingExpected", "290.00");
        try {
            assertThat(TestDatabase.count("SELECT count(*) FROM journal_entries WHERE kind = 'TILL_DIFFERENCE' AND description LIKE ?",
                    "%(day " + day + "):%")).isEqualTo(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anOpeningDifferenceIsHandledLikeAClosingOneAndTheMakerCannotApproveIt() {
        Teller sam = teller(Role.SUPERVISOR);
        Api samApi = sam.api();
        assertRefused(openDay(sam, "5.00", null), 400, "validation_failed", "note");
        HttpResponse<Map> opened = openDay(sam, "5.00", "found a 5 note in the drawer");
        assertThat(opened.getStatus().getCode()).isEqualTo(201);
        Map difference = ((List<Map>) samApi.body(opened).get("differences")).get(0);
        assertThat(difference).containsEntry("stage", "OPENING").containsEntry("amount", "5.00").containsEntry("status", "PENDING_APPROVAL");
        long id = ((Number) difference.get("id")).longValue();
        String requestId = differenceRequest(id);
        HttpResponse<Map> own = decide(samApi, requestId, "approve");
        assertThat(own.getStatus().getCode()).isEqualTo(403);
        assertThat(samApi.body(own)).containsEntry("code", "maker_cannot_check");
        assertThat(balance(sam.tillAccount())).isEqualByComparingTo("0.00");
        HttpResponse<Map> posted = decide(supervisor, requestId, "approve");
        assertThat(approval(posted)).containsEntry("status", "EXECUTED");
        assertThat(difference(sam, openDayId(sam), id)).containsEntry("status", "POSTED");
        assertThat(balance(sam.tillAccount())).isEqualByComparingTo("5.00");
    }

    @Test
    void vaultTransfersMoveCashBothWaysOnceEach() {
        Teller tom = openTeller("100.00");
        BigDecimal vaultBefore = balance(vault);
        String key = UUID.randomUUID().toString();
        HttpResponse<Map> back = tom.api().postIdempotent("/internal/v1/tills/" + tom.tillId() + "/vault-transfers",
                Map.of("direction", "TO_VAULT", "amount", "40.00", "currency", "EUR"), key);
        assertThat(back.getStatus().getCode()).isEqualTo(201);
        assertThat(tom.api().body(back)).containsEntry("kind", "TILL_TRANSFER").containsEntry("tillAmount", "-40.00")
                .containsEntry("account", vault);
        assertThat(kindOf(tom.api().body(back).get("entryId"))).isEqualTo("TILL_TRANSFER");
        HttpResponse<Map> replay = tom.api().postIdempotent("/internal/v1/tills/" + tom.tillId() + "/vault-transfers",
                Map.of("direction", "TO_VAULT", "amount", "40.00", "currency", "EUR"), key);
        assertThat(replay.getHeaders().get("Idempotent-Replayed")).isEqualTo("true");
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("60.00");
        assertThat(balance(vault)).isEqualByComparingTo(vaultBefore.add(new BigDecimal("40.00")));
        assertThat(vaultTransfer(tom, "TO_TILL", "15.00").getStatus().getCode()).isEqualTo(201);
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("75.00");
        assertThat(balance(vault)).isEqualByComparingTo(vaultBefore.add(new BigDecimal("25.00")));
        assertRefused(tom.api().postIdempotent("/internal/v1/tills/" + tom.tillId() + "/vault-transfers",
                Map.of("amount", "1.00", "currency", "EUR")), 400, "validation_failed", "direction");
    }

    @Test
    void theDaysReportListsEveryMovementTheCountsAndTheDifferenceAsCsvAndPdf() throws Exception {
        Teller tom = openTeller("250.00");
        long day = openDayId(tom);
        String account = fundedCustomer(supervisor.createCustomer(), "80.00");
        Map deposit = tom.api().body(cash(tom, "deposits", account, "33.10", "EUR", UUID.randomUUID().toString()));
        Map withdrawal = tom.api().body(cash(tom, "withdrawals", account, "12.25", "EUR", UUID.randomUUID().toString()));
        assertThat(closeDay(tom, day, "270.00", "=counted twice").getStatus().getCode()).isEqualTo(200);

        HttpResponse<byte[]> csv = download(tom, day, "csv");
        assertThat(csv.getHeaders().get("Content-Type")).startsWith("text/csv");
        assertThat(csv.getHeaders().get("Content-Disposition"))
                .isEqualTo("attachment; filename=\"till-" + tom.tillId() + "-day-" + day + ".csv\"");
        List<CSVRecord> records;
        try (CSVParser parser = CSVFormat.RFC4180.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(new String(csv.body(), StandardCharsets.UTF_8)))) {
            records = parser.getRecords();
        }
        assertThat(records).extracting(r -> r.get("record"))
                .containsExactly("OPENING", "MOVEMENT", "MOVEMENT", "MOVEMENT", "CLOSING", "DIFFERENCE");
        assertThat(records.get(0).get("amount")).isEqualTo("0.00");
        assertThat(records.subList(1, 4)).extracting(r -> r.get("kind")).containsExactly("TILL_TRANSFER", "CASH_DEPOSIT", "CASH_WITHDRAWAL");
        assertThat(records.subList(1, 4)).extracting(r -> r.get("amount")).containsExactly("250.00", "33.10", "-12.25");
        assertThat(records.get(2).get("entry_id")).isEqualTo(deposit.get("entryId"));
        assertThat(records.get(3).get("entry_id")).isEqualTo(withdrawal.get("entryId"));
        assertThat(records.get(2).get("counterparty")).isEqualTo(account);
        assertThat(records.get(4).get("amount")).isEqualTo("270.00");
        assertThat(records.get(4).get("expected")).isEqualTo("270.85");
        assertThat(records.get(5).get("amount")).isEqualTo("-0.85");
        assertThat(records.get(5).get("status")).isEqualTo("PENDING_APPROVAL");
        assertThat(records.get(5).get("description")).isEqualTo("'=counted twice");
        // the movements are exactly the till's postings of the day
        BigDecimal sum = records.subList(1, 4).stream().map(r -> new BigDecimal(r.get("amount"))).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo(balance(tom.tillAccount()));

        HttpResponse<byte[]> pdf = download(supervisor, tom.tillId(), day, "pdf");
        assertThat(pdf.getHeaders().get("Content-Type")).isEqualTo("application/pdf");
        assertThat(pdf.getHeaders().get("Content-Disposition"))
                .isEqualTo("attachment; filename=\"till-" + tom.tillId() + "-day-" + day + ".pdf\"");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Till day report").contains(tom.username()).contains("CASH_DEPOSIT").contains("+33.10")
                    .contains("CASH_WITHDRAWAL").contains("-12.25").contains("TILL_TRANSFER").contains("+250.00")
                    .contains("Closing count").contains("270.00").contains("-0.85").contains("PENDING_APPROVAL").contains(account);
        }
    }

    private HttpResponse<byte[]> download(Teller t, long day, String format) {
        return download(t.api(), t.tillId(), day, format);
    }

    private HttpResponse<byte[]> download(Api api, long tillId, long day, String format) {
        return client.toBlocking().exchange(HttpRequest.GET("/internal/v1/tills/" + tillId + "/days/" + day + "/report." + format)
                .bearerAuth(api.accessToken()), byte[].class);
    }

    @Test
    void aTellerCannotUseAnotherTellersTillAndASupervisorSeesButDoesNotWorkIt() throws Exception {
        Teller tom = openTeller("20.00");
        Teller tina = teller(Role.TELLER);
        long day = openDayId(tom);
        String account = fundedCustomer(supervisor.createCustomer(), "10.00");
        LedgerSnapshot before = LedgerSnapshot.take();

        String tomsTill = "/internal/v1/tills/" + tom.tillId();
        assertRefused(tina.api().get(tomsTill), 404, "not_found", "tillId");
        assertRefused(tina.api().postIdempotent(tomsTill + "/deposits", Map.of("account", account, "amount", "1.00", "currency", "EUR")),
                404, "not_found", "tillId");
        assertRefused(tina.api().post(tomsTill + "/days/" + day + "/close", Map.of("countedAmount", "20.00")), 404, "not_found", "tillId");
        assertThatThrownBy(() -> download(tina.api(), tom.tillId(), day, "csv")).isInstanceOfSatisfying(
                HttpClientResponseException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(404));
        assertThat(tina.api().get(tomsTill).getStatus().getCode()).isEqualTo(404);
        assertThat(tina.api().allPages("/internal/v1/tills", "tills", 200))
                .extracting(m -> ((Number) m.get("id")).longValue()).containsExactly(tina.tillId());

        assertThat(supervisor.get(tomsTill).getStatus().getCode()).isEqualTo(200);
        assertThat(supervisor.get(tomsTill + "/days/" + day).getStatus().getCode()).isEqualTo(200);
        assertThat(supervisor.allPages("/internal/v1/tills", "tills", 200))
                .extracting(m -> ((Number) m.get("id")).longValue()).contains(tom.tillId(), tina.tillId());
        assertRefused(supervisor.postIdempotent(tomsTill + "/withdrawals", Map.of("account", account, "amount", "1.00", "currency", "EUR")),
                403, "forbidden", "tillId");

        assertThat(LedgerSnapshot.take()).isEqualTo(before);
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'cash.till.access' AND outcome = 'FAILURE'"
                + " AND target_id = ? AND reason = 'not_found'", Long.toString(tom.tillId()))).isEqualTo(5);
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'cash.till.access' AND outcome = 'FAILURE'"
                + " AND target_id = ? AND reason = 'forbidden'", Long.toString(tom.tillId()))).isEqualTo(1);
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("20.00");
    }

    /**
     * How an approval runs a held withdrawal: the hold that kept the customer's funds is voided and
     * the withdrawal applied in one transaction; a refused withdrawal leaves the hold pending.
     */
    @Test
    void aWithdrawalReleasesTheHoldThatKeptItsFundsOrLeavesItPendingWhenRefused() {
        Teller tom = openTeller("200.00");
        corebank.identity.user.User user = context.getBean(corebank.identity.user.UserAdmin.class).get(tom.username());
        corebank.cash.Staff staff = new corebank.cash.Staff(user.id(), user.username(), false);
        corebank.cash.CashDesk desk = context.getBean(corebank.cash.CashDesk.class);
        corebank.audit.AuditContext maker = new corebank.audit.AuditContext("user:" + tom.username(), "TELLER", null, "teller-api",
                null, null);
        String account = fundedCustomer(supervisor.createCustomer(), "100.00");
        Object holdId = supervisor.body(supervisor.postIdempotent("/internal/v1/holds", Map.of("debitAccount", account,
                "creditAccount", equity, "amount", "80.00", "currency", "EUR", "timeoutSeconds", 3600))).get("id");
        assertThat(supervisor.balances(account)).containsEntry("available", "20.00");

        corebank.cash.CashModel.Receipt receipt = desk.withdraw(staff, new corebank.cash.CashOrder(tom.tillId(), account, "80.00", "EUR",
                "approved withdrawal"), corebank.ledger.IdempotencyRef.of("approval", "withdrawal-" + holdId), maker,
                UUID.fromString(holdId.toString()));
        assertThat(kindOf(receipt.movement().entryId())).isEqualTo("CASH_WITHDRAWAL");
        assertThat(supervisor.body(supervisor.get("/internal/v1/holds/" + holdId))).containsEntry("status", "VOIDED");
        assertThat(supervisor.balances(account)).containsEntry("balance", "20.00").containsEntry("available", "20.00");
        assertThat(balance(tom.tillAccount())).isEqualByComparingTo("120.00");

        Object second = supervisor.body(supervisor.postIdempotent("/internal/v1/holds", Map.of("debitAccount", account,
                "creditAccount", equity, "amount", "15.00", "currency", "EUR", "timeoutSeconds", 3600))).get("id");
        LedgerSnapshot before = LedgerSnapshot.take();
        assertThatThrownBy(() -> desk.withdraw(staff, new corebank.cash.CashOrder(tom.tillId(), account, "30.00", "EUR", null),
                corebank.ledger.IdempotencyRef.of("approval", "withdrawal-" + second), maker, UUID.fromString(second.toString())))
                .isInstanceOfSatisfying(corebank.cash.CashException.class, e -> {
                    assertThat(e.code()).isEqualTo(corebank.platform.ErrorCode.INSUFFICIENT_FUNDS);
                    assertThat(e.field()).isEqualTo("account");
                });
        assertThat(supervisor.body(supervisor.get("/internal/v1/holds/" + second))).containsEntry("status", "PENDING");
        assertThat(supervisor.balances(account)).containsEntry("balance", "20.00").containsEntry("available", "5.00");
        assertThat(LedgerSnapshot.take()).isEqualTo(before);
        try {
            assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'cash.withdrawal' AND outcome = 'FAILURE'"
                    + " AND details ->> 'releasedHoldId' = ?", second.toString())).isEqualTo(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void onlySupervisorsSetUpTillsAndATellerHasOneTillPerCurrency() {
        Teller tom = teller(Role.TELLER);
        assertThat(tom.api().post("/internal/v1/tills", Map.of("teller", tom.username(), "currency", "EUR")).getStatus().getCode())
                .isEqualTo(403);
        assertRefused(supervisor.post("/internal/v1/tills", Map.of("teller", tom.username(), "currency", "EUR")), 409, "till_exists", "currency");
        assertRefused(supervisor.post("/internal/v1/tills", Map.of("teller", tom.username(), "currency", "JPY")), 404, "not_found", "currency");
        Map account = supervisor.body(supervisor.get("/internal/v1/accounts/" + tom.tillAccount()));
        assertThat(account).containsEntry("kind", "TILL");
        assertThat(supervisor.body(supervisor.post("/internal/v1/cash/currencies", Map.of("currency", "EUR"))))
                .containsEntry("vaultAccount", vault).containsEntry("overShortAccount", overShort);
    }
}
