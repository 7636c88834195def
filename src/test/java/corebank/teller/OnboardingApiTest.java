package corebank.teller;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestCustomers;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Onboarding in one idempotent request: customer, first account and online-banking login, all or nothing. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnboardingApiTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    io.micronaut.context.ApplicationContext context;

    Api teller;

    @BeforeAll
    void setUp() {
        teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
    }

    private static Map<String, Object> request(String legalName, String username, String product) {
        return Map.of("customer", TestCustomers.body(legalName), "account", Map.of("product", product, "currency", "EUR"),
                "username", username);
    }

    @Test
    @SuppressWarnings("unchecked")
    void onboardsACustomerWithAnAccountAndALoginThatCanEnroll() throws Exception {
        String username = TestUsers.uniqueName("onboarded");
        HttpResponse<Map> response = teller.postIdempotent("/internal/v1/onboarding", request("Olga Onboarded", username, "SAVINGS"));
        assertThat(response.getStatus().getCode()).isEqualTo(201);
        assertThat(response.getHeaders().get("Idempotent-Replayed")).isNull();
        Map<String, Object> body = teller.body(response);
        Map<String, Object> customer = (Map<String, Object>) body.get("customer");
        String number = (String) customer.get("number");
        assertThat(customer).containsEntry("legalName", "Olga Onboarded").containsEntry("kycStatus", "PENDING");
        assertThat(body).containsEntry("username", username);
        String account = (String) body.get("accountNumber");
        Map<String, Object> detail = teller.body(teller.get("/internal/v1/accounts/" + account));
        assertThat(detail).containsEntry("product", "SAVINGS").containsEntry("ownerRef", customer.get("customerRef"))
                .containsEntry("kind", "CUSTOMER_DEPOSIT").containsEntry("currency", "EUR");
        assertThat((Map<String, Object>) detail.get("owner")).containsEntry("customerNumber", number)
                .containsEntry("legalName", "Olga Onboarded");
        assertThat(TestDatabase.count("SELECT count(*) FROM users WHERE username = ? AND customer_ref = ?", username,
                (String) customer.get("customerRef"))).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'customers.onboarding' AND target_id = ?",
                number)).isEqualTo(1);

        // the one-time token enrolls the new login (password, then the authenticator)
        HttpResponse<Map> enrollment = new Api(client.toBlocking()).post("/api/v1/auth/enrollment",
                Map.of("enrollmentToken", body.get("enrollmentToken"), "password", TestUsers.PASSWORD));
        assertThat(enrollment.getStatus().getCode()).isEqualTo(200);
    }

    @Test
    void aReplayAnswersTheFirstResultAndCreatesNothingAnotherBodyIsAConflict() throws Exception {
        String username = TestUsers.uniqueName("replayed");
        String key = UUID.randomUUID().toString();
        Map<String, Object> request = request("Rita Replay", username, "CURRENT");
        HttpResponse<Map> first = teller.postIdempotent("/internal/v1/onboarding", request, key);
        assertThat(first.getStatus().getCode()).isEqualTo(201);
        HttpResponse<Map> again = teller.postIdempotent("/internal/v1/onboarding", request, key);
        assertThat(again.getStatus().getCode()).isEqualTo(201);
        assertThat(again.getHeaders().get("Idempotent-Replayed")).isEqualTo("true");
        assertThat(teller.body(again)).isEqualTo(teller.body(first));
        assertThat(TestDatabase.count("SELECT count(*) FROM customers WHERE legal_name = 'Rita Replay'")).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM users WHERE username = ?", username)).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'customers.onboarding' AND details->>'username' = ?",
                username)).isEqualTo(1);

        HttpResponse<Map> conflict = teller.postIdempotent("/internal/v1/onboarding",
                request("Rita Different", TestUsers.uniqueName("other"), "CURRENT"), key);
        assertThat(conflict.getStatus().getCode()).isEqualTo(409);
        assertThat(teller.body(conflict)).containsEntry("code", "idempotency_conflict").containsEntry("field", "Idempotency-Key");
        assertThat(TestDatabase.count("SELECT count(*) FROM customers WHERE legal_name = 'Rita Different'")).isZero();
    }

    @Test
    void anInvalidFieldOrATakenUsernameChangesNothing() throws Exception {
        String legalName = "Ivan Invalid " + UUID.randomUUID().toString().substring(0, 6);
        String username = TestUsers.uniqueName("invalid");
        Map<String, Object> customer = new HashMap<>(TestCustomers.body(legalName));
        customer.put("phone", "0049 30 1");
        HttpResponse<Map> badPhone = teller.postIdempotent("/internal/v1/onboarding",
                Map.of("customer", customer, "account", Map.of("product", "CURRENT", "currency", "EUR"), "username", username));
        assertThat(badPhone.getStatus().getCode()).isEqualTo(400);
        assertThat(teller.body(badPhone)).containsEntry("field", "phone");

        HttpResponse<Map> badProduct = teller.postIdempotent("/internal/v1/onboarding", request(legalName, username, "GOLD"));
        assertThat(badProduct.getStatus().getCode()).isEqualTo(400);
        assertThat(teller.body(badProduct)).containsEntry("field", "account.product");

        HttpResponse<Map> badCurrency = teller.postIdempotent("/internal/v1/onboarding", Map.of("customer",
                TestCustomers.body(legalName), "account", Map.of("product", "CURRENT", "currency", "EURO"), "username", username));
        assertThat(badCurrency.getStatus().getCode()).isEqualTo(400);
        assertThat(teller.body(badCurrency)).containsEntry("field", "account.currency");

        HttpResponse<Map> noKey = teller.post("/internal/v1/onboarding", request(legalName, username, "CURRENT"));
        assertThat(noKey.getStatus().getCode()).isEqualTo(400);
        assertThat(teller.body(noKey)).containsEntry("code", "idempotency_key_missing");

        // a username that is taken fails the whole request after the customer and account were written: all rolled back
        String taken = TestUsers.enroll(context, Role.TELLER).username();
        HttpResponse<Map> takenName = teller.postIdempotent("/internal/v1/onboarding", request(legalName, taken, "CURRENT"));
        assertThat(takenName.getStatus().getCode()).isEqualTo(409);
        assertThat(teller.body(takenName)).containsEntry("code", "user_exists").containsEntry("field", "username");

        assertThat(TestDatabase.count("SELECT count(*) FROM customers WHERE legal_name = ?", legalName)).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM users WHERE username = ?", username)).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'customers.customer.create' "
                + "AND occurred_at > now() - interval '1 minute' AND target_id NOT IN (SELECT number FROM customers)")).isZero();
    }

    @Test
    void supervisorsOnboardTooAndTheLoginIsACustomer() {
        Api supervisor = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.SUPERVISOR).accessToken());
        String username = TestUsers.uniqueName("bysupervisor");
        HttpResponse<Map> response = supervisor.postIdempotent("/internal/v1/onboarding", request("Sam Supervised", username, "CURRENT"));
        assertThat(response.getStatus().getCode()).isEqualTo(201);
        Api admin = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.ADMIN).accessToken());
        assertThat(admin.body(admin.get("/internal/v1/admin/users/" + username)).get("roles")).isEqualTo(List.of("CUSTOMER"));
    }

    @Test
    void twoRequestsWithOneKeyAtOnceOnboardOnce() throws Exception {
        String username = TestUsers.uniqueName("racing");
        String key = UUID.randomUUID().toString();
        Map<String, Object> request = request("Rachel Race", username, "CURRENT");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<HttpResponse<Map>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return teller.postIdempotent("/internal/v1/onboarding", request, key);
                }));
            }
            start.countDown();
            HttpResponse<Map> one = answers.get(0).get();
            HttpResponse<Map> two = answers.get(1).get();
            assertThat(List.of(one.getStatus().getCode(), two.getStatus().getCode())).containsExactly(201, 201);
            assertThat(teller.body(one)).isEqualTo(teller.body(two));
            assertThat(java.util.stream.Stream.of(one, two).filter(r -> "true".equals(r.getHeaders().get("Idempotent-Replayed"))))
                    .hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM customers WHERE legal_name = 'Rachel Race'")).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM users WHERE username = ?", username)).isEqualTo(1);
    }
}
