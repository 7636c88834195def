package corebank.teller;

import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.LedgerSnapshot;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransferApiTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    io.micronaut.context.ApplicationContext context;

    Api api;
    String equity;
    String alice;
    String bob;
    String usdAccount;
    String frozen;
    String closed;

    @BeforeAll
    void setUp() {
        api = new Api(client.toBlocking(), corebank.support.TestUsers.loginAs(context, client.toBlocking(), corebank.identity.user.Role.SUPERVISOR).accessToken());
        equity = api.openEquity("EUR");
        alice = api.openCustomer("EUR");
        bob = api.openCustomer("EUR");
        usdAccount = api.openCustomer("USD");
        frozen = api.openCustomer("EUR");
        closed = api.openCustomer("EUR");
        api.fund(equity, alice, "100.00", "EUR");
        api.fund(equity, frozen, "5.00", "EUR");
        assertThat(api.post("/internal/v1/accounts/" + frozen + "/freeze", Map.of()).getStatus().getCode()).isEqualTo(200);
        assertThat(api.post("/internal/v1/accounts/" + closed + "/close", Map.of()).getStatus().getCode()).isEqualTo(200);
    }

    @Test
    void movesMoneyAndRecordsBalancedEntryWithRunningBalances() throws java.sql.SQLException {
        String from = api.openCustomer("EUR");
        String to = api.openCustomer("EUR");
        api.fund(equity, from, "50.00", "EUR");

        HttpResponse<Map> response = api.transfer(from, to, "12.34", "EUR");

        assertThat(response.getStatus().getCode()).isEqualTo(201);
        assertThat(response.header("X-Request-Id")).isNotBlank();
        Map entry = api.body(response);
        assertThat(entry.get("kind")).isEqualTo("TRANSFER");
        assertThat(entry.get("requestId")).isEqualTo(response.header("X-Request-Id"));
        List<Map> postings = (List<Map>) entry.get("postings");
        assertThat(postings).extracting(p -> p.get("side")).containsExactly("DEBIT", "CREDIT");
        assertThat(postings).extracting(p -> p.get("amount")).containsExactly("12.34", "12.34");
        assertThat(postings.get(0).get("balanceAfter")).isEqualTo("37.66");
        assertThat(postings.get(1).get("balanceAfter")).isEqualTo("12.34");
        // the answer is built from what the batch wrote; it must be exactly what the journal now holds
        assertThat(api.body(api.get("/internal/v1/entries/" + entry.get("id")))).isEqualTo(entry);
        // ...and is not part of the outcome stored for replays, which read the journal instead
        try (java.sql.Connection c = corebank.support.TestDatabase.connect(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE outcome -> 'entry' IS NOT NULL), count(*) FROM idempotency_keys")) {
            rs.next();
            assertThat(rs.getLong(2)).isPositive();
            assertThat(rs.getLong(1)).isZero();
        }
        assertThat(api.balances(from).get("balance")).isEqualTo("37.66");
        assertThat(api.balances(to).get("balance")).isEqualTo("12.34");

        Map page = api.body(api.get("/internal/v1/accounts/" + from + "/postings?limit=1"));
        assertThat((List<Map>) page.get("postings")).extracting(p -> p.get("amount")).containsExactly("12.34");
        Map next = api.body(api.get("/internal/v1/accounts/" + from + "/postings?limit=1&cursor=" + page.get("nextCursor")));
        assertThat((List<Map>) next.get("postings")).extracting(p -> p.get("amount")).containsExactly("50.00");
        assertThat(next.get("nextCursor")).isNull();
    }

    @Test
    void replaysFirstOutcomeForSameIdempotencyKey() {
        String to = api.openCustomer("EUR");
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("debitAccount", alice, "creditAccount", to, "amount", "1.00", "currency", "EUR");

        HttpResponse<Map> first = api.postIdempotent("/internal/v1/transfers", body, key);
        LedgerSnapshot afterFirst = LedgerSnapshot.take();
        HttpResponse<Map> second = api.postIdempotent("/internal/v1/transfers", body, key);

        assertThat(first.getStatus().getCode()).isEqualTo(201);
        assertThat(second.getStatus().getCode()).isEqualTo(201);
        assertThat(api.body(second).get("id")).isEqualTo(api.body(first).get("id"));
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(LedgerSnapshot.take()).isEqualTo(afterFirst);
        assertThat(api.balances(to).get("balance")).isEqualTo("1.00");
    }

    @Test
    void replaysFirstRefusalForSameIdempotencyKey() {
        String poor = api.openCustomer("EUR");
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("debitAccount", poor, "creditAccount", bob, "amount", "5.00", "currency", "EUR");

        HttpResponse<Map> first = api.postIdempotent("/internal/v1/transfers", body, key);
        api.fund(equity, poor, "10.00", "EUR");
        HttpResponse<Map> second = api.postIdempotent("/internal/v1/transfers", body, key);

        assertThat(api.body(first).get("code")).isEqualTo("insufficient_funds");
        assertThat(second.getStatus().getCode()).isEqualTo(422);
        assertThat(api.body(second).get("code")).isEqualTo("insufficient_funds");
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(api.balances(poor).get("balance")).isEqualTo("10.00");
    }

    @Test
    void refusesReusedKeyWithAnotherBody() {
        String key = UUID.randomUUID().toString();
        api.postIdempotent("/internal/v1/transfers",
                Map.of("debitAccount", alice, "creditAccount", bob, "amount", "1.00", "currency", "EUR"), key);
        LedgerSnapshot before = LedgerSnapshot.take();

        HttpResponse<Map> reused = api.postIdempotent("/internal/v1/transfers",
                Map.of("debitAccount", alice, "creditAccount", bob, "amount", "2.00", "currency", "EUR"), key);

        assertThat(reused.getStatus().getCode()).isEqualTo(409);
        assertThat(api.body(reused).get("code")).isEqualTo("idempotency_conflict");
        assertThat(api.body(reused).get("field")).isEqualTo("Idempotency-Key");
        assertThat(LedgerSnapshot.take()).isEqualTo(before);
    }

    Stream<Arguments> badTransfers() {
        return Stream.of(
                Arguments.of("zero amount", Map.of("amount", "0.00"), 400, "invalid_amount", "amount"),
                Arguments.of("negative amount", Map.of("amount", "-1.00"), 400, "invalid_amount", "amount"),
                Arguments.of("over-precise amount", Map.of("amount", "1.001"), 400, "invalid_amount", "amount"),
                Arguments.of("absurdly large amount", Map.of("amount", "99999999999999999999"), 400, "invalid_amount", "amount"),
                Arguments.of("amount as JSON number", Map.of("amount", 1.5), 400, "invalid_amount", null),
                Arguments.of("amount with exponent", Map.of("amount", "1e3"), 400, "invalid_amount", "amount"),
                Arguments.of("missing amount", Map.of("amount", ""), 400, "invalid_amount", "amount"),
                Arguments.of("unknown currency", Map.of("currency", "XYZ"), 400, "invalid_currency", "currency"),
                Arguments.of("malformed account number", Map.of("creditAccount", "12345"), 400, "invalid_account_number", "creditAccount"),
                Arguments.of("account number with a bad check digit", Map.of("creditAccount", "100000000000"), 400, "invalid_account_number", "creditAccount"),
                Arguments.of("same account on both sides", Map.of("creditAccount", "ALICE"), 400, "same_account", "creditAccount"),
                Arguments.of("unknown account", Map.of("creditAccount", "999999999951"), 404, "not_found", "creditAccount"),
                Arguments.of("currency mismatch", Map.of("creditAccount", "USD"), 422, "currency_mismatch", "currency"),
                Arguments.of("frozen account", Map.of("creditAccount", "FROZEN"), 422, "account_frozen", "creditAccount"),
                Arguments.of("frozen debit account", Map.of("debitAccount", "FROZEN", "creditAccount", "BOB"), 422, "account_frozen", "debitAccount"),
                Arguments.of("closed account", Map.of("creditAccount", "CLOSED"), 422, "account_closed", "creditAccount"),
                Arguments.of("insufficient funds", Map.of("amount", "1000000.00"), 422, "insufficient_funds", "debitAccount"),
                Arguments.of("unknown field", Map.of("memo", "x"), 400, "unknown_field", "memo"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTransfers")
    void refusesBadTransferAndWritesNothing(String name, Map<String, Object> change, int status, String code, String field) {
        Map<String, Object> body = new HashMap<>(Map.of("debitAccount", alice, "creditAccount", bob, "amount", "1.00", "currency", "EUR"));
        change.forEach((k, v) -> body.put(k, resolve(v)));
        Map<String, Object> aliceBefore = api.balances(alice);
        LedgerSnapshot before = LedgerSnapshot.take();

        HttpResponse<Map> response = api.postIdempotent("/internal/v1/transfers", body);

        assertThat(response.getStatus().getCode()).as(name).isEqualTo(status);
        assertThat(response.getContentType().map(MediaType::toString)).contains("application/problem+json");
        Map problem = api.body(response);
        assertThat(problem.get("code")).isEqualTo(code);
        assertThat(problem.get("status")).isEqualTo(status);
        assertThat(problem.get("type")).isEqualTo("urn:corebank:problem:" + code);
        assertThat((String) problem.get("detail")).isNotBlank();
        if (field != null) {
            assertThat(problem.get("field")).isEqualTo(field);
        }
        assertThat(LedgerSnapshot.take()).isEqualTo(before);
        assertThat(api.balances(alice)).isEqualTo(aliceBefore);
    }

    private Object resolve(Object value) {
        return switch (String.valueOf(value)) {
            case "ALICE" -> alice;
            case "BOB" -> bob;
            case "USD" -> usdAccount;
            case "FROZEN" -> frozen;
            case "CLOSED" -> closed;
            default -> value;
        };
    }

    @Test
    void refusesMissingIdempotencyKey() {
        LedgerSnapshot before = LedgerSnapshot.take();
        HttpResponse<Map> response = api.post("/internal/v1/transfers",
                Map.of("debitAccount", alice, "creditAccount", bob, "amount", "1.00", "currency", "EUR"));
        assertThat(response.getStatus().getCode()).isEqualTo(400);
        assertThat(api.body(response).get("code")).isEqualTo("idempotency_key_missing");
        assertThat(api.body(response).get("field")).isEqualTo("Idempotency-Key");
        assertThat(LedgerSnapshot.take()).isEqualTo(before);
    }

    @Test
    void refusesMalformedJson() {
        LedgerSnapshot before = LedgerSnapshot.take();
        HttpResponse<Map> response = api.exchange(HttpRequest.POST("/internal/v1/transfers", "{\"debitAccount\": ")
                .contentType(MediaType.APPLICATION_JSON_TYPE).header("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(response.getStatus().getCode()).isEqualTo(400);
        assertThat(api.body(response).get("code")).isEqualTo("malformed_request");
        assertThat(LedgerSnapshot.take()).isEqualTo(before);
    }

    @Test
    void refusesOversizedBody() {
        LedgerSnapshot before = LedgerSnapshot.take();
        String huge = "x".repeat(400_000);
        HttpResponse<Map> response = api.exchange(HttpRequest.POST("/internal/v1/transfers",
                        Map.of("debitAccount", alice, "creditAccount", bob, "amount", "1.00", "currency", "EUR", "description", huge))
                .header("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(response.getStatus().getCode()).isEqualTo(413);
        assertThat(api.body(response).get("code")).isEqualTo("payload_too_large");
        assertThat(LedgerSnapshot.take()).isEqualTo(before);
    }

    @Test
    void answersUnknownRouteWithProblemAndRevealsNothingToAnonymousCallers() {
        HttpResponse<Map> anonymous = new Api(client.toBlocking()).get("/internal/v1/no-such-thing");
        assertThat(anonymous.getStatus().getCode()).isEqualTo(401);
        assertThat(api.body(anonymous).get("code")).isEqualTo("unauthenticated");
    }
}
