package corebank.approvals;

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
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Four-eyes approval through the HTTP API, as the real roles: a teller's transfer above the
 * threshold waits with its funds held and posts as a TRANSFER once a supervisor approves; the
 * maker can never check (the API and the database refuse); rejection, cancellation and expiry
 * release the funds; an approved request is executed once, also when the job finds it approved
 * but not executed; unfreezing waits; auditors list requests.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApprovalsApiTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    MutableClock clock;
    @Inject
    ApprovalJobs jobs;

    Api teller;
    Api supervisor;
    Api otherSupervisor;
    Api auditor;
    String tellerActor;
    String equity;
    String merchant;

    @BeforeAll
    void setUp() {
        var tellerSession = TestUsers.loginAs(context, client.toBlocking(), Role.TELLER);
        tellerActor = "user:" + tellerSession.username();
        teller = new Api(client.toBlocking(), tellerSession.accessToken());
        supervisor = login(Role.SUPERVISOR);
        otherSupervisor = login(Role.SUPERVISOR);
        auditor = login(Role.AUDITOR);
        equity = teller.openEquity("EUR");
        merchant = teller.openCustomer("EUR");
    }

    private Api login(Role role) {
        return new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), role).accessToken());
    }

    /** A customer's account with money, funded by the bank directly (the ledger's API: no teller threshold applies). */
    private String funded(String amount) {
        String account = teller.openCustomer("EUR");
        context.getBean(corebank.ledger.Ledger.class).transfer(new corebank.ledger.Movement(new corebank.ledger.AccountNumber(equity),
                        new corebank.ledger.AccountNumber(account), corebank.ledger.Money.parse(amount, "EUR", "amount"), "funding"),
                corebank.ledger.IdempotencyRef.of("system:test", UUID.randomUUID().toString()), corebank.audit.AuditContext.system("test-setup"));
        return account;
    }

    private Map bigTransfer(String from, String amount) {
        HttpResponse<Map> response = teller.transfer(from, merchant, amount, "EUR");
        assertThat(response.getStatus().getCode()).as("%s", teller.body(response)).isEqualTo(202);
        return teller.body(response);
    }

    private HttpResponse<Map> decide(Api who, Object id, String decision, String reason) {
        return who.post("/internal/v1/approvals/" + id + "/" + decision, Map.of("reason", reason));
    }

    private Map hold(Object id) {
        return teller.body(teller.get("/internal/v1/holds/" + id));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTransferAboveTheThresholdWaitsWithItsFundsHeldAndPostsAsATransferOnceApproved() {
        String customer = funded("25000.00");
        assertThat(teller.transfer(customer, merchant, "10000.00", "EUR").getStatus().getCode())
                .as("at the threshold: no approval").isEqualTo(201);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("debitAccount", customer, "creditAccount", merchant, "amount", "10000.01",
                "currency", "EUR", "description", "car purchase");
        HttpResponse<Map> made = teller.postIdempotent("/internal/v1/transfers", body, key);
        assertThat(made.getStatus().getCode()).isEqualTo(202);
        Map request = teller.body(made);
        assertThat(request).containsEntry("status", "PENDING").containsEntry("operation", "held-transfer")
                .containsEntry("maker", tellerActor).containsEntry("checkerRole", "SUPERVISOR");
        assertThat((Map<String, String>) request.get("parameters")).containsEntry("amount", "10000.01")
                .containsEntry("debitAccount", customer);
        assertThat(teller.balances(customer)).containsEntry("balance", "15000.00").containsEntry("available", "4999.99");
        HttpResponse<Map> replay = teller.postIdempotent("/internal/v1/transfers", body, key);
        assertThat(replay.getStatus().getCode()).isEqualTo(202);
        assertThat(replay.getHeaders().get("Idempotent-Replayed")).isEqualTo("true");
        assertThat(teller.body(replay).get("id")).isEqualTo(request.get("id"));
        assertThat(teller.balances(customer)).as("the replay holds nothing more").containsEntry("available", "4999.99");

        assertThat(supervisor.body(supervisor.get("/internal/v1/approvals?state=PENDING&account=" + customer)).get("approvals"))
                .asList().extracting(a -> ((Map) a).get("id")).containsExactly(request.get("id"));
        assertThat(decide(teller, request.get("id"), "approve", "mine").getStatus().getCode()).as("tellers never check").isEqualTo(403);

        HttpResponse<Map> approved = decide(supervisor, request.get("id"), "approve", "customer called, id checked");
        assertThat(approved.getStatus().getCode()).isEqualTo(200);
        Map decided = (Map) supervisor.body(approved).get("approval");
        assertThat(decided).containsEntry("status", "EXECUTED").containsEntry("checker", supervisorActor(supervisor))
                .containsEntry("decisionReason", "customer called, id checked");
        assertThat(supervisor.body(approved).get("enrollmentToken")).isNull();
        Map entry = teller.body(teller.get("/internal/v1/entries/" + decided.get("resultRef")));
        assertThat(entry).containsEntry("kind", "TRANSFER").containsEntry("holdId", request.get("holdId"));
        assertThat(teller.balances(customer)).containsEntry("balance", "4999.99").containsEntry("available", "4999.99");
        assertThat(hold(request.get("holdId"))).containsEntry("status", "POSTED");

        LedgerSnapshot before = LedgerSnapshot.take();
        HttpResponse<Map> again = decide(supervisor, request.get("id"), "approve", "customer called, id checked");
        assertThat(again.getStatus().getCode()).as("a retry answers the request as it stands").isEqualTo(200);
        assertThat(decide(otherSupervisor, request.get("id"), "approve", "me too").getStatus().getCode()).isEqualTo(409);
        jobs.runOnce();
        assertThat(LedgerSnapshot.take()).as("executed once").isEqualTo(before);
        assertThat(audited("approvals.request.approve", request.get("id"))).isEqualTo(1);
        assertThat(audited("approvals.request.execute", request.get("id"))).isEqualTo(1);
        assertThat(audited("approvals.request.submit", request.get("id"))).isEqualTo(1);
    }

    @Test
    void theMakerCannotCheckTheirOwnRequestNeitherThroughTheApiNorInTheDatabase() throws SQLException {
        String customer = funded("50.00");
        String entryId = (String) supervisor.body(supervisor.transfer(customer, merchant, "20.00", "EUR")).get("id");
        HttpResponse<Map> made = supervisor.postIdempotent("/internal/v1/entries/" + entryId + "/reversal", Map.of("reason", "duplicate"));
        assertThat(made.getStatus().getCode()).isEqualTo(202);
        Object id = supervisor.body(made).get("id");
        HttpResponse<Map> own = decide(supervisor, id, "approve", "looks fine to me");
        assertThat(own.getStatus().getCode()).isEqualTo(403);
        assertThat(supervisor.body(own)).containsEntry("code", "maker_cannot_check");
        assertThat(decide(supervisor, id, "reject", "no").getStatus().getCode()).isEqualTo(403);
        assertThat(supervisor.body(supervisor.get("/internal/v1/approvals/" + id))).containsEntry("status", "PENDING");
        assertThat(supervisor.postIdempotent("/internal/v1/entries/" + entryId + "/reversal", Map.of("reason", "again"))
                .getStatus().getCode()).as("one open request per entry").isEqualTo(409);

        var db = TestDatabase.get();
        try (Connection app = DriverManager.getConnection(db.url(), "corebank_app", "corebank-test");
             PreparedStatement s = app.prepareStatement(
                     "UPDATE approval_requests SET status = 'APPROVED', checker = maker, decided_at = now() WHERE id = ?")) {
            s.setObject(1, UUID.fromString((String) id));
            assertThatThrownBy(s::executeUpdate).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23514"))
                    .hasMessageContaining("approval_requests_maker_is_not_checker");
        }
        try (Connection app = DriverManager.getConnection(db.url(), "corebank_app", "corebank-test");
             PreparedStatement s = app.prepareStatement("UPDATE approval_requests SET maker = 'user:someone' WHERE id = ?")) {
            s.setObject(1, UUID.fromString((String) id));
            assertThatThrownBy(s::executeUpdate).as("the maker is written once").isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }

        HttpResponse<Map> approved = decide(otherSupervisor, id, "approve", "checked the duplicate");
        Map decided = (Map) otherSupervisor.body(approved).get("approval");
        assertThat(decided).containsEntry("status", "EXECUTED");
        Map reversal = supervisor.body(supervisor.get("/internal/v1/entries/" + decided.get("resultRef")));
        assertThat(reversal).containsEntry("kind", "REVERSAL").containsEntry("reversesEntryId", entryId);
        assertThat(supervisor.balances(customer)).containsEntry("balance", "50.00");
    }

    @Test
    void rejectionAndCancellationReleaseTheHeldFunds() {
        String customer = funded("30000.00");
        Map rejected = bigTransfer(customer, "12000.00");
        Map cancelled = bigTransfer(customer, "13000.00");
        assertThat(teller.balances(customer)).containsEntry("available", "5000.00");

        assertThat(decide(supervisor, rejected.get("id"), "reject", "").getStatus().getCode()).as("a reason is required").isEqualTo(400);
        HttpResponse<Map> rejection = decide(supervisor, rejected.get("id"), "reject", "no such invoice");
        assertThat(supervisor.body(rejection)).containsEntry("status", "REJECTED").containsEntry("decisionReason", "no such invoice");
        assertThat(hold(rejected.get("holdId"))).containsEntry("status", "VOIDED");
        assertThat(teller.balances(customer)).containsEntry("available", "17000.00");

        assertThat(supervisor.post("/internal/v1/approvals/" + cancelled.get("id") + "/cancel", Map.of()).getStatus().getCode())
                .as("only its maker cancels a request").isEqualTo(404);
        HttpResponse<Map> cancel = teller.post("/internal/v1/approvals/" + cancelled.get("id") + "/cancel", Map.of("reason", "wrong amount"));
        assertThat(teller.body(cancel)).containsEntry("status", "CANCELLED");
        assertThat(hold(cancelled.get("holdId"))).containsEntry("status", "VOIDED");
        assertThat(teller.balances(customer)).containsEntry("available", "30000.00").containsEntry("balance", "30000.00");
        assertThat(decide(supervisor, cancelled.get("id"), "approve", "too late").getStatus().getCode()).isEqualTo(409);
        assertThat(audited("approvals.request.reject", rejected.get("id"))).isEqualTo(1);
        assertThat(audited("approvals.request.cancel", cancelled.get("id"))).isEqualTo(1);
    }

    @Test
    void aRequestApprovedButNotExecutedIsFinishedByTheJobOnce() throws SQLException {
        String customer = funded("20000.00");
        Map request = bigTransfer(customer, "15000.00");
        // the state a crash right after the approval's commit leaves: APPROVED, nothing executed
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE approval_requests SET status = 'APPROVED', checker = 'user:crashed-supervisor', decided_at = ? WHERE id = ?")) {
            s.setObject(1, java.sql.Timestamp.from(clock.instant()));
            s.setObject(2, UUID.fromString((String) request.get("id")));
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        jobs.runOnce();
        assertThat(status(request.get("id"))).as("within the grace, left to the approving request").isEqualTo("APPROVED");
        clock.advance(Duration.ofSeconds(61));
        jobs.runOnce();
        jobs.runOnce();
        assertThat(status(request.get("id"))).isEqualTo("EXECUTED");
        assertThat(hold(request.get("holdId"))).containsEntry("status", "POSTED");
        assertThat(TestDatabase.count("SELECT count(*) FROM journal_entries WHERE hold_id = ?::uuid", (String) request.get("holdId")))
                .isEqualTo(1);
    }

    @Test
    @Order(Integer.MAX_VALUE) // moves the clock three days on: every session of the class ends
    void anExpiredRequestReleasesItsHoldAndCannotBeApproved() {
        String customer = funded("25000.00");
        Map request = bigTransfer(customer, "20000.00");
        clock.advance(Duration.ofSeconds(259_200));
        assertThat(jobs.runOnce()).isGreaterThanOrEqualTo(1);
        Api freshSupervisor = login(Role.SUPERVISOR);
        Map expired = freshSupervisor.body(freshSupervisor.get("/internal/v1/approvals/" + request.get("id")));
        assertThat(expired).containsEntry("status", "EXPIRED");
        assertThat(freshSupervisor.body(freshSupervisor.get("/internal/v1/holds/" + request.get("holdId")))).containsEntry("status", "VOIDED");
        assertThat(freshSupervisor.balances(customer)).containsEntry("available", "25000.00");
        assertThat(decide(freshSupervisor, request.get("id"), "approve", "late").getStatus().getCode()).isEqualTo(409);
        assertThat(audited("approvals.request.expire", request.get("id"))).isEqualTo(1);
        teller = login(Role.TELLER);
        supervisor = login(Role.SUPERVISOR);
        otherSupervisor = login(Role.SUPERVISOR);
        auditor = login(Role.AUDITOR);
    }

    @Test
    void unfreezingWaitsForASupervisorAndABatchRefusesTransfersAboveTheThreshold() {
        String account = funded("10.00");
        assertThat(teller.post("/internal/v1/accounts/" + account + "/freeze", Map.of()).getStatus().getCode()).isEqualTo(200);
        HttpResponse<Map> made = teller.post("/internal/v1/accounts/" + account + "/unfreeze", Map.of("reason", "customer identified"));
        assertThat(made.getStatus().getCode()).isEqualTo(202);
        assertThat(teller.body(teller.get("/internal/v1/accounts/" + account))).containsEntry("status", "FROZEN");
        Map decided = (Map) supervisor.body(decide(supervisor, teller.body(made).get("id"), "approve", "documents seen")).get("approval");
        assertThat(decided).containsEntry("status", "EXECUTED");
        assertThat(teller.body(teller.get("/internal/v1/accounts/" + account))).containsEntry("status", "ACTIVE");

        String rich = funded("50000.00");
        HttpResponse<Map> batch = teller.postIdempotent("/internal/v1/transfers/batch", Map.of("transfers", List.of(
                Map.of("idempotencyKey", UUID.randomUUID().toString(), "debitAccount", rich, "creditAccount", merchant,
                        "amount", "1.00", "currency", "EUR"),
                Map.of("idempotencyKey", UUID.randomUUID().toString(), "debitAccount", rich, "creditAccount", merchant,
                        "amount", "40000.00", "currency", "EUR"))));
        List<Map> results = (List<Map>) teller.body(batch).get("results");
        assertThat(results.get(0)).containsEntry("status", 201);
        assertThat(results.get(1)).containsEntry("status", 422).containsEntry("code", "approval_required");
        assertThat(teller.balances(rich)).containsEntry("balance", "49999.00");
    }

    @Test
    void raisingAnOverdraftLimitWaitsWhileLoweringItIsImmediate() throws SQLException {
        String account = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", teller.createCustomer(),
                "overdraftLimit", "100.00"));
        String path = "/internal/v1/accounts/" + account + "/overdraft-limit";
        HttpResponse<Map> raise = teller.exchange(HttpRequest.PUT(path, Map.of("limit", "500.00", "reason", "salary moved here")));
        assertThat(raise.getStatus().getCode()).isEqualTo(202);
        assertThat(teller.body(raise)).containsEntry("operation", "overdraft-raise");
        assertThat(teller.body(teller.get("/internal/v1/accounts/" + account))).containsEntry("overdraftLimit", "100.00");
        assertThat((Map) supervisor.body(decide(supervisor, teller.body(raise).get("id"), "approve", "income checked"))
                .get("approval")).containsEntry("status", "EXECUTED");
        assertThat(teller.body(teller.get("/internal/v1/accounts/" + account))).containsEntry("overdraftLimit", "500.00");

        HttpResponse<Map> lower = teller.exchange(HttpRequest.PUT(path, Map.of("limit", "50.00")));
        assertThat(lower.getStatus().getCode()).isEqualTo(200);
        assertThat(teller.body(lower)).containsEntry("overdraftLimit", "50.00");
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'ledger.account.overdraft-limit' AND target_id = ?",
                account)).isEqualTo(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void closingAnAccountWithMoneyMovesItToTheNamedDestinationOnceApproved() {
        String account = funded("300.00");
        String destination = teller.openCustomer("EUR");
        HttpResponse<Map> refused = teller.post("/internal/v1/accounts/" + account + "/close", Map.of());
        assertThat(refused.getStatus().getCode()).isEqualTo(409);
        assertThat(teller.body(refused)).containsEntry("code", "account_not_empty");

        HttpResponse<Map> made = teller.postIdempotent("/internal/v1/accounts/" + account + "/close",
                Map.of("destinationAccount", destination, "reason", "customer moves abroad"));
        assertThat(made.getStatus().getCode()).isEqualTo(202);
        Map request = teller.body(made);
        assertThat((Map<String, String>) request.get("parameters")).containsEntry("destinationAccount", destination)
                .containsEntry("amount", "300.00");
        assertThat(teller.body(teller.get("/internal/v1/accounts/" + account))).containsEntry("status", "ACTIVE");
        assertThat(teller.balances(account)).containsEntry("balance", "300.00").containsEntry("available", "0.00");

        Map decided = (Map) supervisor.body(decide(supervisor, request.get("id"), "approve", "signed closure form")).get("approval");
        assertThat(decided).containsEntry("status", "EXECUTED");
        assertThat(teller.body(teller.get("/internal/v1/accounts/" + account))).containsEntry("status", "CLOSED");
        assertThat(teller.balances(account)).containsEntry("balance", "0.00");
        assertThat(teller.balances(destination)).containsEntry("balance", "300.00");
        assertThat(teller.body(teller.get("/internal/v1/entries/" + decided.get("resultRef")))).containsEntry("kind", "TRANSFER");
    }

    @Test
    @SuppressWarnings("unchecked")
    void auditorsListRequestsByMakerCheckerOperationAndState() {
        String customer = funded("20000.00");
        Map request = bigTransfer(customer, "11000.00");
        decide(otherSupervisor, request.get("id"), "approve", "fine");
        String checker = supervisorActor(otherSupervisor);
        Map page = auditor.body(auditor.get("/audit/v1/approvals?maker=" + tellerActor + "&checker=" + checker
                + "&operation=held-transfer&state=EXECUTED&limit=1"));
        List<Map> approvals = (List<Map>) page.get("approvals");
        assertThat(approvals).hasSize(1);
        assertThat(approvals.get(0)).containsEntry("maker", tellerActor).containsEntry("checker", checker)
                .containsEntry("status", "EXECUTED");
        assertThat(auditor.get("/audit/v1/approvals?state=BOGUS").getStatus().getCode()).isEqualTo(400);
        assertThat(teller.get("/audit/v1/approvals").getStatus().getCode()).isEqualTo(403);

        // the time made, [from, to): the request is in the microsecond it was made, not in the time before it
        java.time.Instant made = java.time.Instant.parse((String) request.get("createdAt"));
        String window = "/audit/v1/approvals?maker=" + tellerActor + "&operation=held-transfer&from=" + made + "&to=";
        assertThat((List<Map>) auditor.body(auditor.get(window + made.plusNanos(1_000))).get("approvals"))
                .extracting(a -> a.get("id")).containsExactly(request.get("id"));
        // (an empty list is left out of the answer)
        assertThat((List<Map>) auditor.body(auditor.get("/audit/v1/approvals?maker=" + tellerActor + "&to=" + made))
                .getOrDefault("approvals", List.of())).extracting(a -> a.get("id")).doesNotContain(request.get("id"));
        assertThat((List<Map>) auditor.body(auditor.get("/audit/v1/approvals?maker=" + tellerActor + "&from=" + made.plusNanos(1_000)))
                .getOrDefault("approvals", List.of())).extracting(a -> a.get("id")).doesNotContain(request.get("id"));
        HttpResponse<Map> backwards = auditor.get(window + made);
        assertThat(backwards.getStatus().getCode()).isEqualTo(400);
        assertThat(auditor.body(backwards)).containsEntry("field", "from");
        Map mine = teller.body(teller.get("/internal/v1/approvals?mine=true&limit=200"));
        assertThat((List<Map>) mine.get("approvals")).isNotEmpty().allSatisfy(a -> assertThat(a).containsEntry("maker", tellerActor));
    }

    private String supervisorActor(Api who) {
        return "user:" + who.body(who.get("/api/v1/auth/me")).get("username");
    }

    private String status(Object id) {
        return (String) supervisor.body(supervisor.get("/internal/v1/approvals/" + id)).get("status");
    }

    static long audited(String action, Object approvalId) {
        try {
            return TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = ? AND target_id = ?", action, String.valueOf(approvalId));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
