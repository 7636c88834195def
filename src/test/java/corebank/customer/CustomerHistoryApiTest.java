package corebank.customer;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.MutableClock;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customer's account history: description and counterparty on each line, the date,
 * direction and amount filters, keyset paging under a filter, refusals of bad filters, and
 * another customer's account answering 404 like a missing one.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerHistoryApiTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    MutableClock clock;

    Api teller;
    TestUsers.Session alice;
    TestUsers.Session bob;
    String aliceMain;
    String aliceSavings;
    String bobMain;
    String equity;
    /** The lines of alice's main account, oldest first: funding, to bob, from bob, to savings. */
    List<Map<String, Object>> lines;

    @BeforeAll
    @SuppressWarnings("unchecked")
    void setUp() {
        teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        alice = TestUsers.loginAs(context, client.toBlocking(), Role.CUSTOMER);
        bob = TestUsers.loginAs(context, client.toBlocking(), Role.CUSTOMER);
        equity = teller.openEquity("EUR");
        aliceMain = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", alice.customerRef(), "name", "Alice Everyday"));
        aliceSavings = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", alice.customerRef(), "name", "Alice Savings"));
        bobMain = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", bob.customerRef(), "name", "Bob Builder"));
        HttpResponse<Map> funding = teller.postIdempotent("/internal/v1/transfers", Map.of("debitAccount", equity,
                "creditAccount", aliceMain, "amount", "500.00", "currency", "EUR", "description", "opening deposit"));
        assertThat(funding.getStatus().getCode()).isEqualTo(201);
        clock.advance(Duration.ofSeconds(10));
        transfer(alice, aliceMain, bobMain, "25.00", "rent share");
        clock.advance(Duration.ofSeconds(10));
        transfer(bob, bobMain, aliceMain, "7.50", "lunch back");
        clock.advance(Duration.ofSeconds(10));
        transfer(alice, aliceMain, aliceSavings, "100.00", "to savings");
        clock.advance(Duration.ofSeconds(10));
        lines = new java.util.ArrayList<>((List<Map<String, Object>>) history(alice, aliceMain, "").get("lines"));
        java.util.Collections.reverse(lines);
        assertThat(lines).hasSize(4);
    }

    private void transfer(TestUsers.Session who, String from, String to, String amount, String description) {
        HttpResponse<Map> r = as(who).postIdempotent("/api/v1/transfers",
                Map.of("fromAccount", from, "toAccount", to, "amount", amount, "currency", "EUR", "description", description));
        assertThat(r.getStatus().getCode()).as("transfer %s", as(who).body(r)).isEqualTo(201);
    }

    private Api as(TestUsers.Session s) {
        return new Api(client.toBlocking(), s.accessToken());
    }

    private Map history(TestUsers.Session who, String account, String query) {
        HttpResponse<Map> r = as(who).get("/api/v1/accounts/" + account + "/history" + query);
        assertThat(r.getStatus().getCode()).as("history%s: %s", query, as(who).body(r)).isEqualTo(200);
        return as(who).body(r);
    }

    @SuppressWarnings("unchecked")
    private List<String> descriptions(String query) {
        return ((List<Map<String, Object>>) history(alice, aliceMain, query).getOrDefault("lines", List.of())).stream()
                .map(l -> (String) l.get("description")).toList();
    }

    private static String enc(Object value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
    }

    @Test
    void eachLineHasItsDescriptionAndCounterpartyWithNothingMoreThanAStatementShows() {
        assertThat(lines).extracting(l -> l.get("description"))
                .containsExactly("opening deposit", "rent share", "lunch back", "to savings");
        assertThat(lines).extracting(l -> l.get("direction")).containsExactly("IN", "OUT", "IN", "OUT");
        assertThat(lines).extracting(l -> l.get("amount")).containsExactly("500.00", "25.00", "7.50", "100.00");
        assertThat(lines).extracting(l -> l.get("balanceAfter")).containsExactly("500.00", "475.00", "482.50", "382.50");
        // the bank's own account is "the bank": no internal number or name
        assertThat(lines.get(0).get("counterparty")).isEqualTo(Map.of("type", "BANK"));
        // another customer: the account number and the account's name, nothing else
        assertThat(lines.get(1).get("counterparty")).isEqualTo(Map.of("type", "CUSTOMER", "accountNumber", bobMain, "name", "Bob Builder"));
        assertThat(lines.get(2).get("counterparty")).isEqualTo(Map.of("type", "CUSTOMER", "accountNumber", bobMain, "name", "Bob Builder"));
        assertThat(lines.get(3).get("counterparty"))
                .isEqualTo(Map.of("type", "CUSTOMER", "accountNumber", aliceSavings, "name", "Alice Savings"));
        String raw = client.toBlocking().retrieve(io.micronaut.http.HttpRequest.GET("/api/v1/accounts/" + aliceMain + "/history")
                .bearerAuth(alice.accessToken()));
        assertThat(raw).doesNotContain(bob.customerRef()).doesNotContain(bob.username()).doesNotContain(equity);

        // bob sees alice's account as his counterparty the same way
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> bobs = (List<Map<String, Object>>) history(bob, bobMain, "").get("lines");
        assertThat(bobs).extracting(l -> l.get("counterparty")).containsOnly(
                Map.of("type", "CUSTOMER", "accountNumber", aliceMain, "name", "Alice Everyday"));
        assertThat(bobs).extracting(l -> l.get("description")).containsExactly("lunch back", "rent share");
    }

    @Test
    void filtersByDirectionAmountAndTime() {
        assertThat(descriptions("?direction=IN")).containsExactly("lunch back", "opening deposit");
        assertThat(descriptions("?direction=OUT")).containsExactly("to savings", "rent share");
        assertThat(descriptions("?minAmount=25.00")).containsExactly("to savings", "rent share", "opening deposit");
        assertThat(descriptions("?minAmount=7.5&maxAmount=100")).containsExactly("to savings", "lunch back", "rent share");
        assertThat(descriptions("?maxAmount=25")).containsExactly("lunch back", "rent share");
        assertThat(descriptions("?maxAmount=7.49")).isEmpty();
        // from is inclusive, to exclusive
        Object rentAt = lines.get(1).get("at");
        Object savingsAt = lines.get(3).get("at");
        assertThat(descriptions("?from=" + enc(rentAt) + "&to=" + enc(savingsAt))).containsExactly("lunch back", "rent share");
        assertThat(descriptions("?from=" + enc(savingsAt))).containsExactly("to savings");
        assertThat(descriptions("?to=" + enc(rentAt))).containsExactly("opening deposit");
        // an offset other than Z is the same instant
        String rentPlusOne = java.time.Instant.parse((String) rentAt).atOffset(java.time.ZoneOffset.ofHours(1)).toString();
        assertThat(descriptions("?from=" + enc(rentPlusOne) + "&direction=IN&maxAmount=10.00")).containsExactly("lunch back");
    }

    @Test
    @SuppressWarnings("unchecked")
    void pagesOlderUnderTheSameFilter() {
        Map first = history(alice, aliceMain, "?direction=OUT&limit=1");
        assertThat((List<Map<String, Object>>) first.get("lines")).extracting(l -> l.get("description")).containsExactly("to savings");
        Object next = first.get("nextCursor");
        assertThat(next).isInstanceOf(String.class);
        Map second = history(alice, aliceMain, "?direction=OUT&limit=1&cursor=" + next);
        assertThat((List<Map<String, Object>>) second.get("lines")).extracting(l -> l.get("description")).containsExactly("rent share");
        assertThat(second.get("nextCursor")).as("no more OUT lines").isNull();

        Map unfiltered = history(alice, aliceMain, "?limit=3");
        assertThat((List<?>) unfiltered.get("lines")).hasSize(3);
        Map rest = history(alice, aliceMain, "?limit=3&cursor=" + unfiltered.get("nextCursor"));
        assertThat((List<Map<String, Object>>) rest.get("lines")).extracting(l -> l.get("description")).containsExactly("opening deposit");
        assertThat(rest.get("nextCursor")).isNull();
    }

    @Test
    void refusesBadFiltersAsProblemsNamingTheField() {
        assertRefused("?direction=SIDEWAYS", "validation_failed", "direction");
        assertRefused("?direction=in", "validation_failed", "direction");
        assertRefused("?from=2026-11-01", "validation_failed", "from");
        assertRefused("?to=yesterday", "validation_failed", "to");
        String at = (String) lines.get(2).get("at");
        assertRefused("?from=" + enc(at) + "&to=" + enc(at), "validation_failed", "to");
        assertRefused("?minAmount=1.234", "invalid_amount", "minAmount");
        assertRefused("?minAmount=-1", "invalid_amount", "minAmount");
        assertRefused("?maxAmount=1e3", "invalid_amount", "maxAmount");
        assertRefused("?maxAmount=0", "invalid_amount", "maxAmount");
        assertRefused("?minAmount=10&maxAmount=9.99", "validation_failed", "maxAmount");
        assertRefused("?limit=0", "validation_failed", "limit");
        assertRefused("?limit=201", "validation_failed", "limit");
        assertRefused("?cursor=0", "validation_failed", "cursor");
        assertRefused("?cursor=" + corebank.platform.Pages.cursor(0), "validation_failed", "cursor");
    }

    private void assertRefused(String query, String code, String field) {
        HttpResponse<Map> r = as(alice).get("/api/v1/accounts/" + aliceMain + "/history" + query);
        assertThat(r.getStatus().getCode()).as(query).isEqualTo(400);
        assertThat(r.getHeaders().getContentType()).as(query).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(as(alice).body(r)).as(query).containsEntry("code", code).containsEntry("field", field);
    }

    @Test
    void anotherCustomersAccountAnswersNotFoundLikeAMissingOneWithOrWithoutFilters() {
        String nowhere = corebank.ledger.AccountNumber.fromSequence(9_999_999_980L);
        for (String query : List.of("", "?direction=IN", "?minAmount=1.00&limit=5")) {
            HttpResponse<Map> bobs = as(alice).get("/api/v1/accounts/" + bobMain + "/history" + query);
            HttpResponse<Map> missing = as(alice).get("/api/v1/accounts/" + nowhere + "/history" + query);
            assertThat(bobs.getStatus().getCode()).as(query).isEqualTo(404);
            assertThat(missing.getStatus().getCode()).as(query).isEqualTo(404);
            assertThat(as(alice).body(bobs)).containsEntry("code", "not_found").containsEntry("field", "accountNumber")
                    .containsEntry("detail", "no account " + bobMain).doesNotContainKey("lines");
            assertThat(as(alice).body(missing)).containsEntry("code", "not_found").containsEntry("field", "accountNumber")
                    .containsEntry("detail", "no account " + nowhere);
        }
        // a bank account is not the customer's either, and bad filters do not tell it apart
        assertThat(as(alice).get("/api/v1/accounts/" + equity + "/history?direction=SIDEWAYS").getStatus().getCode()).isEqualTo(404);
    }
}
