package corebank.teller;

import corebank.ledger.HoldExpiryJob;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.LedgerSnapshot;
import corebank.support.MutableClock;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HoldsAndReversalsTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    io.micronaut.context.ApplicationContext context;
    @Inject
    MutableClock clock;
    @Inject
    HoldExpiryJob expiryJob;

    Api api;
    Api checker;
    String equity;
    String merchant;

    @BeforeAll
    void setUp() {
        api = new Api(client.toBlocking(), corebank.support.TestUsers.loginAs(context, client.toBlocking(), corebank.identity.user.Role.SUPERVISOR).accessToken());
        checker = new Api(client.toBlocking(), corebank.support.TestUsers.loginAs(context, client.toBlocking(), corebank.identity.user.Role.SUPERVISOR).accessToken());
        equity = api.openEquity("EUR");
        merchant = api.openCustomer("EUR");
    }

    private String fundedCustomer(String amount) {
        String account = api.openCustomer("EUR");
        api.fund(equity, account, amount, "EUR");
        return account;
    }

    private Map placeHold(String debit, String amount, long timeoutSeconds) {
        HttpResponse<Map> response = api.postIdempotent("/internal/v1/holds", Map.of("debitAccount", debit,
                "creditAccount", merchant, "amount", amount, "currency", "EUR", "timeoutSeconds", timeoutSeconds));
        assertThat(response.getStatus().getCode()).isEqualTo(201);
        return api.body(response);
    }

    @Test
    void holdReservesFundsAndPartialPostMovesOnlyPostedAmount() {
        String customer = fundedCustomer("100.00");
        Map hold = placeHold(customer, "60.00", 3600);
        assertThat(hold.get("status")).isEqualTo("PENDING");
        assertThat(api.balances(customer)).containsEntry("balance", "100.00").containsEntry("available", "40.00");

        HttpResponse<Map> tooMuch = api.transfer(customer, merchant, "50.00", "EUR");
        assertThat(api.body(tooMuch).get("code")).isEqualTo("insufficient_funds");

        String merchantBefore = (String) api.balances(merchant).get("balance");
        HttpResponse<Map> posted = api.postIdempotent("/internal/v1/holds/" + hold.get("id") + "/post", Map.of("amount", "45.50"));
        assertThat(posted.getStatus().getCode()).isEqualTo(200);
        assertThat(api.body(posted)).containsEntry("status", "POSTED").containsEntry("postedAmount", "45.50");
        assertThat(api.balances(customer)).containsEntry("balance", "54.50").containsEntry("available", "54.50")
                .containsEntry("debitsPending", "0.00");
        assertThat(new java.math.BigDecimal((String) api.balances(merchant).get("balance")))
                .isEqualByComparingTo(new java.math.BigDecimal(merchantBefore).add(new java.math.BigDecimal("45.50")));

        HttpResponse<Map> again = api.postIdempotent("/internal/v1/holds/" + hold.get("id") + "/post", Map.of());
        assertThat(again.getStatus().getCode()).isEqualTo(409);
        assertThat(api.body(again).get("code")).isEqualTo("hold_not_pending");
    }

    @Test
    void refusesPostingMoreThanHeld() {
        String customer = fundedCustomer("100.00");
        Map hold = placeHold(customer, "10.00", 3600);
        LedgerSnapshot before = LedgerSnapshot.take();
        HttpResponse<Map> response = api.postIdempotent("/internal/v1/holds/" + hold.get("id") + "/post", Map.of("amount", "10.01"));
        assertThat(response.getStatus().getCode()).isEqualTo(400);
        assertThat(api.body(response).get("code")).isEqualTo("invalid_amount");
        assertThat(LedgerSnapshot.take()).isEqualTo(before);
    }

    @Test
    void voidReleasesFunds() {
        String customer = fundedCustomer("20.00");
        Map hold = placeHold(customer, "20.00", 3600);
        assertThat(api.balances(customer).get("available")).isEqualTo("0.00");
        HttpResponse<Map> voided = api.postIdempotent("/internal/v1/holds/" + hold.get("id") + "/void", Map.of());
        assertThat(api.body(voided).get("status")).isEqualTo("VOIDED");
        assertThat(api.balances(customer)).containsEntry("available", "20.00").containsEntry("balance", "20.00");
    }

    @Test
    void expiredHoldReleasesItsFunds() {
        String customer = fundedCustomer("30.00");
        Map hold = placeHold(customer, "25.00", 60);
        assertThat(api.balances(customer).get("available")).isEqualTo("5.00");

        clock.advance(Duration.ofSeconds(61));
        assertThat(expiryJob.expireDue()).isGreaterThanOrEqualTo(1);

        Map after = api.body(api.get("/internal/v1/holds/" + hold.get("id")));
        assertThat(after.get("status")).isEqualTo("EXPIRED");
        assertThat(api.balances(customer)).containsEntry("available", "30.00").containsEntry("debitsPending", "0.00");
        HttpResponse<Map> late = api.postIdempotent("/internal/v1/holds/" + hold.get("id") + "/post", Map.of());
        assertThat(api.body(late).get("code")).isEqualTo("hold_not_pending");
    }

    @Test
    void postingAHoldPastItsTimeoutExpiresItInstead() {
        String customer = fundedCustomer("30.00");
        Map hold = placeHold(customer, "25.00", 60);
        clock.advance(Duration.ofSeconds(120));
        HttpResponse<Map> late = api.postIdempotent("/internal/v1/holds/" + hold.get("id") + "/post", Map.of());
        assertThat(late.getStatus().getCode()).isEqualTo(409);
        assertThat(api.body(late).get("code")).isEqualTo("hold_expired");
        assertThat(api.balances(customer)).containsEntry("available", "30.00").containsEntry("balance", "30.00");
    }

    @Test
    void reversesAnEntryOnceOnly() {
        String customer = fundedCustomer("80.00");
        HttpResponse<Map> transfer = api.transfer(customer, merchant, "30.00", "EUR");
        String entryId = (String) api.body(transfer).get("id");

        HttpResponse<Map> requested = api.postIdempotent("/internal/v1/entries/" + entryId + "/reversal", Map.of("reason", "customer dispute"));
        assertThat(requested.getStatus().getCode()).as("a reversal waits for a second supervisor").isEqualTo(202);
        assertThat(api.balances(customer).get("balance")).isEqualTo("50.00");
        Map approval = approve(api.body(requested).get("id"));
        assertThat(approval).containsEntry("status", "EXECUTED");
        Map reversalEntry = api.body(api.get("/internal/v1/entries/" + approval.get("resultRef")));
        assertThat(reversalEntry).containsEntry("kind", "REVERSAL").containsEntry("reversesEntryId", entryId);
        assertThat(api.body(api.get("/internal/v1/entries/" + reversalEntry.get("id")))).isEqualTo(reversalEntry);
        assertThat((List<Map>) reversalEntry.get("postings")).extracting(p -> p.get("side")).containsExactly("CREDIT", "DEBIT");
        assertThat(api.balances(customer).get("balance")).isEqualTo("80.00");
        assertThat(api.body(api.get("/internal/v1/entries/" + entryId)).get("reversedByEntryId")).isEqualTo(reversalEntry.get("id"));

        LedgerSnapshot before = LedgerSnapshot.take();
        HttpResponse<Map> second = api.postIdempotent("/internal/v1/entries/" + entryId + "/reversal", Map.of("reason", "again"));
        assertThat(second.getStatus().getCode()).isEqualTo(409);
        assertThat(api.body(second).get("code")).isEqualTo("already_reversed");
        assertThat(LedgerSnapshot.take()).isEqualTo(before);

        HttpResponse<Map> ofReversal = api.postIdempotent("/internal/v1/entries/" + reversalEntry.get("id") + "/reversal", Map.of("reason", "x"));
        assertThat(api.body(ofReversal).get("code")).isEqualTo("not_reversible");
    }

    @Test
    void refusesReversalThatWouldOverdrawTheReceiver() {
        String payer = fundedCustomer("50.00");
        String payee = api.openCustomer("EUR");
        String entryId = (String) api.body(api.transfer(payer, payee, "50.00", "EUR")).get("id");
        api.transfer(payee, merchant, "50.00", "EUR");
        HttpResponse<Map> reversal = api.postIdempotent("/internal/v1/entries/" + entryId + "/reversal", Map.of("reason", "fraud"));
        assertThat(reversal.getStatus().getCode()).isEqualTo(202);
        Map approval = approve(api.body(reversal).get("id"));
        assertThat(approval).containsEntry("status", "FAILED").containsEntry("refusalCode", "insufficient_funds");
        assertThat(api.body(api.get("/internal/v1/entries/" + entryId)).get("reversedByEntryId")).isNull();
    }

    /** A second supervisor approves; answers the request as it stands after its execution. */
    private Map approve(Object approvalId) {
        HttpResponse<Map> approved = checker.post("/internal/v1/approvals/" + approvalId + "/approve", Map.of("reason", "checked"));
        assertThat(approved.getStatus().getCode()).isEqualTo(200);
        return (Map) checker.body(approved).get("approval");
    }

    @Test
    void refusesUnknownHoldAndEntry() {
        String unknown = "00000000-0000-4000-8000-000000000000";
        assertThat(api.body(api.postIdempotent("/internal/v1/holds/" + unknown + "/void", Map.of())).get("code")).isEqualTo("not_found");
        assertThat(api.get("/internal/v1/entries/" + unknown).getStatus().getCode()).isEqualTo(404);
        assertThat(api.get("/internal/v1/entries/not-a-uuid").getStatus().getCode()).isEqualTo(400);
    }
}
