package corebank.teller;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestUsers;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tellers list accounts with filters and paging, and see an account's owner, product, holds and recent postings. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountsListApiTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    io.micronaut.context.ApplicationContext context;

    Api teller;
    Map<?, ?> customer;
    String ref;
    String number;
    String current;
    String savings;
    String usd;
    String frozen;
    String equity;

    @BeforeAll
    void setUp() {
        teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        customer = teller.createCustomer(corebank.support.TestCustomers.body("Lisa Lister"));
        ref = (String) customer.get("customerRef");
        number = (String) customer.get("number");
        current = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", ref, "product", "CURRENT"));
        savings = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", ref, "product", "SAVINGS"));
        usd = teller.openAccount("CUSTOMER_DEPOSIT", "USD", Map.of("ownerRef", ref, "product", "CURRENT"));
        frozen = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", ref, "product", "CURRENT"));
        assertThat(teller.post("/internal/v1/accounts/" + frozen + "/freeze", Map.of()).getStatus().getCode()).isEqualTo(200);
        equity = teller.openEquity("EUR");
    }

    @Test
    void filtersByCustomerNumberOrRefStatusCurrencyProductAndKind() {
        assertThat(list("?customer=" + number)).containsExactly(current, savings, usd, frozen);
        assertThat(list("?customer=" + ref)).containsExactly(current, savings, usd, frozen);
        assertThat(list("?customer=" + number + "&product=SAVINGS")).containsExactly(savings);
        assertThat(list("?customer=" + number + "&currency=USD")).containsExactly(usd);
        assertThat(list("?customer=" + number + "&status=FROZEN")).containsExactly(frozen);
        assertThat(list("?customer=" + number + "&status=ACTIVE&currency=EUR&product=CURRENT&kind=CUSTOMER_DEPOSIT"))
                .containsExactly(current);
        assertThat(list("?customer=" + number + "&kind=EQUITY")).isEmpty();
        assertThat(list("?customer=" + number + "&kind=CUSTOMER_DEPOSIT")).containsExactly(current, savings, usd, frozen);
    }

    @Test
    @SuppressWarnings("unchecked")
    void pagesWithACursorAndABoundedPageSize() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> page = teller.body(teller.get("/internal/v1/accounts?customer=" + number + "&limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            List<Map<String, Object>> accounts = (List<Map<String, Object>>) page.get("accounts");
            assertThat(accounts.size()).isLessThanOrEqualTo(3);
            accounts.forEach(a -> seen.add((String) a.get("number")));
            cursor = (String) page.get("nextCursor");
            pages++;
        } while (cursor != null && pages < 5);
        assertThat(pages).isEqualTo(2);
        assertThat(seen).containsExactly(current, savings, usd, frozen);
        for (String bad : List.of("?limit=0", "?limit=100000", "?cursor=abc", "?status=OPEN", "?product=GOLD", "?kind=X",
                "?currency=EURO", "?customer=C123")) {
            HttpResponse<Map> refused = teller.get("/internal/v1/accounts" + bad);
            assertThat(refused.getStatus().getCode()).as(bad).isEqualTo(400);
            assertThat(teller.body(refused)).as(bad).containsKey("field");
        }
        assertThat(teller.get("/internal/v1/accounts?customer=C999999967").getStatus().getCode()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDetailShowsOwnerProductPendingHoldsAndRecentPostings() {
        Map<?, ?> holder = teller.createCustomer(corebank.support.TestCustomers.body("Dora Detail"));
        String account = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", holder.get("customerRef"), "product", "SAVINGS"));
        teller.fund(equity, account, "100.00", "EUR");
        teller.fund(equity, account, "20.00", "EUR");
        HttpResponse<Map> hold = teller.postIdempotent("/internal/v1/holds", Map.of("debitAccount", account,
                "creditAccount", equity, "amount", "7.50", "currency", "EUR", "description", "card"));
        assertThat(hold.getStatus().getCode()).isEqualTo(201);

        Map<String, Object> detail = teller.body(teller.get("/internal/v1/accounts/" + account));
        assertThat(detail).containsEntry("number", account).containsEntry("product", "SAVINGS")
                .containsEntry("ownerRef", holder.get("customerRef"))
                .containsEntry("status", "ACTIVE");
        assertThat((Map<String, Object>) detail.get("balances")).containsEntry("balance", "120.00").containsEntry("available", "112.50");
        assertThat((Map<String, Object>) detail.get("owner")).containsEntry("customerNumber", holder.get("number"))
                .containsEntry("legalName", "Dora Detail").containsEntry("kycStatus", "PENDING");
        List<Map<String, Object>> holds = (List<Map<String, Object>>) detail.get("pendingHolds");
        assertThat(holds).hasSize(1);
        assertThat(holds.get(0)).containsEntry("id", teller.body(hold).get("id")).containsEntry("amount", "7.50")
                .containsEntry("status", "PENDING");
        List<Map<String, Object>> postings = (List<Map<String, Object>>) detail.get("recentPostings");
        assertThat(postings).extracting(p -> p.get("amount")).containsExactly("20.00", "100.00");
        assertThat(postings).extracting(p -> p.get("balanceAfter")).containsExactly("120.00", "100.00");

        Map<String, Object> bank = teller.body(teller.get("/internal/v1/accounts/" + equity));
        assertThat(bank).containsEntry("owner", null).containsEntry("product", null);
    }

    @SuppressWarnings("unchecked")
    private List<String> list(String query) {
        HttpResponse<Map> response = teller.get("/internal/v1/accounts" + query);
        assertThat(response.getStatus().getCode()).as(query).isEqualTo(200);
        return ((List<Map<String, Object>>) teller.body(response).get("accounts")).stream()
                .map(a -> (String) a.get("number")).toList();
    }
}
