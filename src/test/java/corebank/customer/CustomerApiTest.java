package corebank.customer;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.LedgerSnapshot;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The customer's banking API, the web app's cookie session and its CSRF protection. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerApiTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;

    Api teller;
    TestUsers.Session alice;
    TestUsers.Session bob;
    String aliceMain;
    String aliceSavings;
    String bobMain;
    String equity;

    @BeforeAll
    void setUp() {
        teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        alice = TestUsers.loginAs(context, client.toBlocking(), Role.CUSTOMER);
        bob = TestUsers.loginAs(context, client.toBlocking(), Role.CUSTOMER);
        equity = teller.openEquity("EUR");
        aliceMain = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", alice.customerRef()));
        aliceSavings = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", alice.customerRef()));
        bobMain = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", bob.customerRef()));
        teller.fund(equity, aliceMain, "500.00", "EUR");
    }

    private Api as(TestUsers.Session s) {
        return new Api(client.toBlocking(), s.accessToken());
    }

    @Test
    @SuppressWarnings("unchecked")
    void customerSeesOnlyOwnAccountsAndHistory() {
        List<Map<String, Object>> accounts = as(alice).allPages("/api/v1/accounts", "accounts", 200);
        assertThat(accounts).extracting(a -> a.get("number")).containsExactlyInAnyOrder(aliceMain, aliceSavings);
        Map history = as(alice).body(as(alice).get("/api/v1/accounts/" + aliceMain + "/history"));
        assertThat((List<Map>) history.get("lines")).extracting(l -> l.get("direction")).contains("IN");
        assertThat(as(alice).get("/api/v1/accounts/" + bobMain).getStatus().getCode()).isEqualTo(404);
        assertThat(as(alice).get("/api/v1/accounts/" + equity).getStatus().getCode()).isEqualTo(404);
    }

    @Test
    void transfersToOwnAndToAnotherCustomersAccountIdempotently() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("fromAccount", aliceMain, "toAccount", aliceSavings, "amount", "25.00", "currency", "EUR");
        HttpResponse<Map> first = as(alice).postIdempotent("/api/v1/transfers", body, key);
        HttpResponse<Map> replay = as(alice).postIdempotent("/api/v1/transfers", body, key);
        assertThat(first.getStatus().getCode()).isEqualTo(201);
        assertThat(as(alice).body(replay).get("entryId")).isEqualTo(as(alice).body(first).get("entryId"));
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");

        java.math.BigDecimal bobBefore = new java.math.BigDecimal((String) teller.balances(bobMain).get("balance"));
        HttpResponse<Map> toBob = as(alice).postIdempotent("/api/v1/transfers",
                Map.of("fromAccount", aliceMain, "toAccount", bobMain, "amount", "10.00", "currency", "EUR", "description", "lunch"));
        assertThat(toBob.getStatus().getCode()).isEqualTo(201);
        assertThat(new java.math.BigDecimal((String) teller.balances(bobMain).get("balance")))
                .isEqualByComparingTo(bobBefore.add(new java.math.BigDecimal("10.00")));
        String entryId = (String) as(alice).body(toBob).get("entryId");
        assertThat(as(bob).get("/api/v1/entries/" + entryId).getStatus().getCode()).as("bob sees the credit").isEqualTo(200);
        assertThat((List<?>) as(bob).body(as(bob).get("/api/v1/entries/" + entryId)).get("ownLines")).hasSize(1);
        assertThat(actorOf(entryId)).isEqualTo("user:" + alice.username());
    }

    @Test
    void refusesTransfersFromSomeoneElsesAccountOrIntoBankAccounts() {
        LedgerSnapshot before = LedgerSnapshot.take();
        HttpResponse<Map> fromBob = as(alice).postIdempotent("/api/v1/transfers",
                Map.of("fromAccount", bobMain, "toAccount", aliceMain, "amount", "1.00", "currency", "EUR"));
        assertThat(fromBob.getStatus().getCode()).isEqualTo(404);
        assertThat(as(alice).body(fromBob).get("field")).isEqualTo("fromAccount");
        HttpResponse<Map> intoEquity = as(alice).postIdempotent("/api/v1/transfers",
                Map.of("fromAccount", aliceMain, "toAccount", equity, "amount", "1.00", "currency", "EUR"));
        assertThat(intoEquity.getStatus().getCode()).isEqualTo(404);
        assertThat(as(alice).body(intoEquity).get("field")).isEqualTo("toAccount");
        HttpResponse<Map> tooMuch = as(alice).postIdempotent("/api/v1/transfers",
                Map.of("fromAccount", aliceMain, "toAccount", bobMain, "amount", "99999.00", "currency", "EUR"));
        assertThat(as(alice).body(tooMuch)).containsEntry("code", "insufficient_funds").containsEntry("field", "fromAccount");
        assertThat(LedgerSnapshot.take()).isEqualTo(before);
    }

    @Test
    void refusalsOfTheCustomerRulesNameTheApiFieldsAuditForeignAndBankAccountsAndLeaveTheKeyUnused() {
        String nowhere = corebank.ledger.AccountNumber.fromSequence(9_999_999_990L);
        String key = UUID.randomUUID().toString();
        long accessDenied = auditCount("customer.object.access");
        long ledgerRefusals = auditCount("ledger.transfer");
        LedgerSnapshot before = LedgerSnapshot.take();

        HttpResponse<Map> fromBob = as(alice).postIdempotent("/api/v1/transfers",
                Map.of("fromAccount", bobMain, "toAccount", aliceSavings, "amount", "2.00", "currency", "EUR"), key);
        assertThat(fromBob.getStatus().getCode()).isEqualTo(404);
        assertThat(as(alice).body(fromBob)).containsEntry("code", "not_found").containsEntry("field", "fromAccount")
                .containsEntry("detail", "no account " + bobMain);
        assertThat(lastAccessDenied()).containsExactly("user:" + alice.username(), "not_found", "ACCOUNT", bobMain);
        HttpResponse<Map> fromNowhere = as(alice).postIdempotent("/api/v1/transfers",
                Map.of("fromAccount", nowhere, "toAccount", aliceSavings, "amount", "2.00", "currency", "EUR"), key);
        assertThat(as(alice).body(fromNowhere)).containsEntry("code", "not_found").containsEntry("field", "fromAccount");
        assertThat(lastAccessDenied()).containsExactly("user:" + alice.username(), "not_found", "ACCOUNT", nowhere);

        HttpResponse<Map> toNowhere = as(alice).postIdempotent("/api/v1/transfers",
                Map.of("fromAccount", aliceMain, "toAccount", nowhere, "amount", "2.00", "currency", "EUR"), key);
        assertThat(toNowhere.getStatus().getCode()).isEqualTo(404);
        assertThat(as(alice).body(toNowhere)).containsEntry("code", "not_found").containsEntry("field", "toAccount")
                .containsEntry("detail", "no customer account " + nowhere);
        HttpResponse<Map> intoEquity = as(alice).postIdempotent("/api/v1/transfers",
                Map.of("fromAccount", aliceMain, "toAccount", equity, "amount", "2.00", "currency", "EUR"), key);
        assertThat(as(alice).body(intoEquity)).containsEntry("code", "not_found").containsEntry("field", "toAccount")
                .containsEntry("detail", "no customer account " + equity);
        HttpResponse<Map> toItself = as(alice).postIdempotent("/api/v1/transfers",
                Map.of("fromAccount", aliceMain, "toAccount", aliceMain, "amount", "2.00", "currency", "EUR"), key);
        assertThat(toItself.getStatus().getCode()).isEqualTo(400);
        assertThat(as(alice).body(toItself)).containsEntry("code", "same_account").containsEntry("field", "toAccount");

        // the two foreign sources and the bank's own account as destination; a number that does not exist is not audited
        assertThat(auditCount("customer.object.access") - accessDenied).as("the sources and the bank account are audited").isEqualTo(3);
        assertThat(lastAccessDenied()).containsExactly("user:" + alice.username(), "not_found", "ACCOUNT", equity);
        assertThat(auditCount("ledger.transfer")).as("no ledger refusal is audited").isEqualTo(ledgerRefusals);
        assertThat(LedgerSnapshot.take()).isEqualTo(before);

        HttpResponse<Map> valid = as(alice).postIdempotent("/api/v1/transfers",
                Map.of("fromAccount", aliceMain, "toAccount", aliceSavings, "amount", "2.00", "currency", "EUR"), key);
        assertThat(valid.getStatus().getCode()).as("the refusals did not use up the key").isEqualTo(201);
        assertThat(valid.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void replaysARefusalUnderItsKeyWithTheApiFieldNames() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("fromAccount", aliceMain, "toAccount", bobMain, "amount", "99999.00", "currency", "EUR");
        HttpResponse<Map> first = as(alice).postIdempotent("/api/v1/transfers", body, key);
        HttpResponse<Map> replay = as(alice).postIdempotent("/api/v1/transfers", body, key);
        assertThat(first.getStatus().getCode()).isEqualTo(422);
        assertThat(as(alice).body(first)).containsEntry("code", "insufficient_funds").containsEntry("field", "fromAccount");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(replay.getStatus().getCode()).isEqualTo(422);
        assertThat(as(alice).body(replay)).containsEntry("code", "insufficient_funds").containsEntry("field", "fromAccount");
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void replaysARefusalStoredWithTheLedgersSideNamesUnderTheApiFieldNames() throws Exception {
        // outcomes stored before refusals carried the request's field names say debitAccount
        String key = UUID.randomUUID().toString();
        String hash = corebank.ledger.IdempotencyRef.hash("transfer|" + aliceMain + "|" + bobMain + "|700|EUR|null");
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO idempotency_keys (scope, key, request_hash, outcome, created_at)
                VALUES (?, ?, ?, ?::jsonb, now())""")) {
            s.setString(1, "user:" + alice.username());
            s.setString(2, key);
            s.setString(3, hash);
            s.setString(4, """
                    {"applied":false,"resultType":null,"resultId":null,"errorCode":"insufficient_funds",
                     "errorDetail":"account %s does not have enough available funds","errorField":"debitAccount",
                     "replayed":false,"linked":null}""".formatted(aliceMain));
            s.executeUpdate();
        }
        HttpResponse<Map> replay = as(alice).postIdempotent("/api/v1/transfers",
                Map.of("fromAccount", aliceMain, "toAccount", bobMain, "amount", "7.00", "currency", "EUR"), key);
        assertThat(as(alice).body(replay)).containsEntry("code", "insufficient_funds").containsEntry("field", "fromAccount");
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void webSessionUsesHostOnlyCookiesAndRequiresTheCsrfToken() {
        TestUsers.Enrolled user = TestUsers.enroll(context, Role.CUSTOMER);
        String account = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", user.customerRef()));
        teller.fund(equity, account, "50.00", "EUR");
        Map challenge = client.toBlocking().retrieve(HttpRequest.POST("/api/v1/auth/login",
                Map.of("username", user.username(), "password", TestUsers.PASSWORD)), Map.class);
        HttpResponse<Map> login = client.toBlocking().exchange(HttpRequest.POST("/api/v1/auth/second-factor",
                        Map.of("challengeId", challenge.get("challengeId"), "recoveryCode", user.recoveryCodes().get(0)))
                .header("X-Session-Mode", "cookie"), Map.class);
        List<String> setCookies = login.getHeaders().getAll("Set-Cookie");
        assertThat(setCookies).anySatisfy(c -> assertThat(c).startsWith("__Host-cb-access=").containsIgnoringCase("HttpOnly")
                .contains("Secure").containsIgnoringCase("SameSite=Strict").contains("Path=/").doesNotContainIgnoringCase("Domain="));
        assertThat(login.body().get("accessToken")).as("no token in the body for cookie sessions").isNull();
        String csrf = (String) login.body().get("csrfToken");
        String accessCookie = setCookies.stream().filter(c -> c.startsWith("__Host-cb-access=")).findFirst().orElseThrow()
                .split(";")[0].substring("__Host-cb-access=".length());

        Api web = new Api(client.toBlocking());
        MutableHttpRequest<?> read = HttpRequest.GET("/api/v1/accounts").cookie(Cookie.of("__Host-cb-access", accessCookie));
        assertThat(web.exchange(read).getStatus().getCode()).isEqualTo(200);

        Map<String, Object> transfer = Map.of("fromAccount", account, "toAccount", bobMain, "amount", "1.00", "currency", "EUR");
        LedgerSnapshot before = LedgerSnapshot.take();
        HttpResponse<Map> withoutCsrf = web.exchange(HttpRequest.POST("/api/v1/transfers", transfer)
                .cookie(Cookie.of("__Host-cb-access", accessCookie))
                .header("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(withoutCsrf.getStatus().getCode()).isEqualTo(403);
        assertThat(web.body(withoutCsrf).get("code")).isEqualTo("csrf_token_invalid");
        assertThat(LedgerSnapshot.take()).isEqualTo(before);

        HttpResponse<Map> withCsrf = web.exchange(HttpRequest.POST("/api/v1/transfers", transfer)
                .cookie(Cookie.of("__Host-cb-access", accessCookie))
                .header("X-CSRF-Token", csrf).header("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(withCsrf.getStatus().getCode()).isEqualTo(201);
    }

    @Test
    void refusalsAreProblemsAndAudited() {
        long before = auditCount("security.access.denied") + auditCount("customer.object.access");
        HttpResponse<Map> wrongRole = as(alice).get("/internal/v1/trial-balance");
        assertThat(wrongRole.getStatus().getCode()).isEqualTo(403);
        assertThat(wrongRole.getContentType().map(Object::toString)).contains("application/problem+json");
        assertThat(as(alice).body(wrongRole).get("code")).isEqualTo("forbidden");
        HttpResponse<Map> noToken = new Api(client.toBlocking()).get("/api/v1/accounts");
        assertThat(new Api(client.toBlocking()).body(noToken).get("code")).isEqualTo("unauthenticated");
        assertThat(as(alice).get("/api/v1/accounts/" + bobMain).getStatus().getCode()).isEqualTo(404);
        long after = auditCount("security.access.denied") + auditCount("customer.object.access");
        assertThat(after - before).isEqualTo(3);
    }

    private static long auditCount(String action) {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM audit_events WHERE action = ? AND outcome = 'FAILURE'")) {
            s.setString(1, action);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Actor, reason, target type and target id of the newest denied access. */
    private static List<String> lastAccessDenied() {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("""
                SELECT actor, reason, target_type, target_id FROM audit_events
                 WHERE action = 'customer.object.access' AND outcome = 'FAILURE' ORDER BY id DESC LIMIT 1""")) {
            ResultSet rs = s.executeQuery();
            rs.next();
            return List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String actorOf(String entryId) {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT actor FROM journal_entries WHERE id = ?::uuid")) {
            s.setString(1, entryId);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getString(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
