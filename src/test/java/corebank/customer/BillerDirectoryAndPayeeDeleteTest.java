package corebank.customer;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customer's read of the biller directory (search, only what a payee form needs) and the
 * deletion of a payee: its own only (another customer's answers 404 like a missing one and
 * changes nothing), soft (the row stays for its payments), its upcoming payments cancelled, audited.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillerDirectoryAndPayeeDeleteTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;

    Api teller;
    TestUsers.Session alice;
    TestUsers.Session bob;
    String aliceAccount;
    String tag;
    String luhnBiller;
    String mod97Biller;

    @BeforeAll
    void setUp() {
        teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        alice = TestUsers.loginAs(context, client.toBlocking(), Role.CUSTOMER);
        bob = TestUsers.loginAs(context, client.toBlocking(), Role.CUSTOMER);
        String equity = teller.openEquity("EUR");
        aliceAccount = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", alice.customerRef()));
        teller.fund(equity, aliceAccount, "100.00", "EUR");
        String settlement = teller.openAccount("SETTLEMENT", "EUR", Map.of("ownerRef", "bank:settlement"));
        tag = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 100_000));
        luhnBiller = register("DIRL" + tag, "Directory Lumen Power " + tag, settlement, "[0-9]{6,12}", "MOD10");
        mod97Biller = register("DIRW" + tag, "Directory Water Works " + tag, settlement, "[0-9]{8,20}", "MOD97");
    }

    private String register(String code, String name, String settlement, String pattern, String checkDigit) {
        HttpResponse<Map> r = teller.post("/internal/v1/billers", Map.of("code", code, "name", name, "currency", "EUR",
                "settlementAccount", settlement, "creditorAccount", "DE89370400440532013000",
                "referencePattern", pattern, "checkDigit", checkDigit));
        assertThat(r.getStatus().getCode()).as("%s", teller.body(r)).isEqualTo(201);
        return code;
    }

    private Api as(TestUsers.Session s) {
        return new Api(client.toBlocking(), s.accessToken());
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> directory(TestUsers.Session s, String query) {
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page = client.toBlocking().retrieve(HttpRequest.GET("/api/v1/billers?limit=200"
                    + (query == null ? "" : "&query=" + query) + (cursor == null ? "" : "&cursor=" + cursor))
                    .bearerAuth(s.accessToken()), Map.class);
            all.addAll((List<Map<String, Object>>) page.getOrDefault("billers", List.of()));
            cursor = (String) page.get("nextCursor");
        } while (cursor != null);
        return all;
    }

    @Test
    void aCustomerSearchesTheDirectoryByNameOrCodeAndSeesNoBankAccounts() {
        // by a word of the name, ignoring case
        List<Map<String, Object>> water = directory(alice, "water%20works%20" + tag);
        assertThat(water).hasSize(1);
        assertThat(water.get(0)).containsExactlyInAnyOrderEntriesOf(Map.of("code", mod97Biller, "name", "Directory Water Works " + tag,
                "currency", "EUR", "referencePattern", "[0-9]{8,20}", "checkDigit", "MOD97"));
        // by code, ignoring case; the teller's view of the same biller has the bank's accounts, the customer's has none
        List<Map<String, Object>> byCode = directory(alice, luhnBiller.toLowerCase());
        assertThat(byCode).extracting(b -> b.get("code")).containsExactly(luhnBiller);
        assertThat(byCode.get(0)).containsEntry("checkDigit", "MOD10").containsEntry("referencePattern", "[0-9]{6,12}")
                .doesNotContainKeys("clearingAccount", "settlementAccount", "creditorAccount", "id", "createdAt");
        List<Map<String, Object>> tellerView = teller.allPages("/internal/v1/billers", "billers", 200);
        assertThat(tellerView).filteredOn(b -> luhnBiller.equals(b.get("code"))).singleElement()
                .satisfies(b -> assertThat(b).containsKeys("clearingAccount", "settlementAccount", "creditorAccount"));
        // without a query, the whole directory (both, ordered by code); a query matching nothing, none
        assertThat(directory(alice, null)).extracting(b -> b.get("code")).contains(luhnBiller, mod97Biller);
        assertThat(directory(alice, "no-such-biller-" + tag)).isEmpty();
        // too long a query is a validation problem naming the field
        HttpClientResponseException tooLong = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> directory(alice, "x".repeat(101)), HttpClientResponseException.class);
        assertThat(tooLong.getStatus().getCode()).isEqualTo(400);
        assertThat(tooLong.getResponse().getBody(Map.class).orElseThrow()).containsEntry("code", "validation_failed").containsEntry("field", "query");
        // the directory is for signed-in customers (and staff through their own route), not for the anonymous
        HttpResponse<Map> anonymous = new Api(client.toBlocking()).get("/api/v1/billers");
        assertThat(anonymous.getStatus().getCode()).isEqualTo(401);
        assertThat(teller.get("/api/v1/billers").getStatus().getCode()).isEqualTo(403);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCustomerDeletesOwnPayeeItsUpcomingPaymentsAreCancelledAndAnotherCustomerGetsNotFound() throws Exception {
        Map payee = as(alice).body(as(alice).post("/api/v1/payees",
                Map.of("billerCode", mod97Biller, "reference", "100000000093", "nickname", "water")));
        String payeeId = (String) payee.get("id");
        assertThat(payee).containsEntry("currency", "EUR").containsEntry("billerCode", mod97Biller);
        String upcoming = (String) as(alice).body(as(alice).postIdempotent("/api/v1/bill-payments", Map.of("payeeId", payeeId,
                "fromAccount", aliceAccount, "amount", "7.50", "currency", "EUR", "frequency", "MONTHLY",
                "startDate", LocalDate.now(ZoneOffset.UTC).plusDays(3).toString(), "occurrences", 6))).get("id");

        // bob: not found, exactly like a payee that does not exist, and nothing changes
        HttpResponse<Map> bobs = as(bob).exchange(HttpRequest.DELETE("/api/v1/payees/" + payeeId));
        HttpResponse<Map> missing = as(bob).exchange(HttpRequest.DELETE("/api/v1/payees/" + UUID.randomUUID()));
        assertThat(bobs.getStatus().getCode()).isEqualTo(404);
        assertThat(missing.getStatus().getCode()).isEqualTo(404);
        assertThat(as(bob).body(bobs)).containsEntry("code", "not_found").containsEntry("field", "payeeId");
        assertThat(as(bob).body(missing).get("code")).isEqualTo(as(bob).body(bobs).get("code"));
        assertThat(TestDatabase.count("SELECT count(*) FROM payees WHERE id = ?::uuid AND deleted_at IS NULL", payeeId)).isEqualTo(1);
        assertThat(as(alice).body(as(alice).get("/api/v1/bill-payments/" + upcoming)).get("status")).isEqualTo("ACTIVE");
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'customer.object.access' AND outcome = 'FAILURE'"
                + " AND target_type = 'PAYEE' AND target_id = ?", payeeId)).isEqualTo(1);

        // alice deletes it: gone from the list, not payable, its upcoming payment cancelled; the row stays
        HttpResponse<Map> deleted = as(alice).exchange(HttpRequest.DELETE("/api/v1/payees/" + payeeId));
        assertThat(deleted.getStatus().getCode()).isEqualTo(200);
        assertThat(as(alice).body(deleted)).containsEntry("payeeId", payeeId).containsEntry("cancelledPayments", List.of(upcoming));
        List<Map<String, Object>> payees = as(alice).allPages("/api/v1/payees", "payees", 200);
        assertThat(payees).extracting(p -> p.get("id")).doesNotContain(payeeId);
        assertThat(as(alice).body(as(alice).get("/api/v1/bill-payments/" + upcoming)).get("status")).isEqualTo("CANCELLED");
        HttpResponse<Map> payDeleted = as(alice).postIdempotent("/api/v1/bill-payments", Map.of("payeeId", payeeId,
                "fromAccount", aliceAccount, "amount", "1.00", "currency", "EUR", "frequency", "ONCE"));
        assertThat(payDeleted.getStatus().getCode()).isEqualTo(404);
        assertThat(as(alice).exchange(HttpRequest.DELETE("/api/v1/payees/" + payeeId)).getStatus().getCode()).isEqualTo(404);
        assertThat(TestDatabase.count("SELECT count(*) FROM payees WHERE id = ?::uuid AND deleted_at IS NOT NULL", payeeId)).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'payments.payee.delete' AND outcome = 'SUCCESS'"
                + " AND target_id = ? AND details ->> 'cancelledPayments' = '1'", payeeId)).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'payments.bill_payment.cancel' AND target_id = ?", upcoming))
                .isEqualTo(1);

        // the same biller and reference can be saved again: a new payee
        Map again = as(alice).body(as(alice).post("/api/v1/payees",
                Map.of("billerCode", mod97Biller, "reference", "100000000093", "nickname", "water again")));
        assertThat(again.get("id")).isNotNull().isNotEqualTo(payeeId);
    }
}
