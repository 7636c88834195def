package corebank.teller;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.LedgerSnapshot;
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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch endpoint: independent transfers with their own results, linked ones all or nothing, and a hot account. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchTransfersTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;

    Api api;
    String equity;

    @BeforeAll
    void setUp() {
        api = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        equity = api.openEquity("EUR");
    }

    private String funded(String amount) {
        String a = api.openCustomer("EUR");
        api.fund(equity, a, amount, "EUR");
        return a;
    }

    private static Map<String, Object> transfer(String from, String to, String amount) {
        Map<String, Object> t = new HashMap<>(Map.of("debitAccount", from, "creditAccount", to, "amount", amount, "currency", "EUR"));
        t.put("idempotencyKey", UUID.randomUUID().toString());
        return t;
    }

    @Test
    @SuppressWarnings("unchecked")
    void independentTransfersSucceedOrFailEachOnTheirOwnAndReplay() {
        String a = funded("50.00");
        String b = api.openCustomer("EUR");
        List<Map<String, Object>> transfers = List.of(transfer(a, b, "10.00"), transfer(a, b, "500.00"), transfer(a, b, "1.001"));
        HttpResponse<Map> response = api.post("/internal/v1/transfers/batch", Map.of("transfers", transfers));
        assertThat(response.getStatus().getCode()).isEqualTo(200);
        List<Map> results = (List<Map>) api.body(response).get("results");
        assertThat(results).extracting(r -> r.get("status")).containsExactly(201, 422, 400);
        assertThat(results.get(1)).containsEntry("code", "insufficient_funds");
        assertThat(results.get(2)).containsEntry("code", "invalid_amount").containsEntry("field", "transfers[2].amount");
        assertThat(api.balances(b).get("balance")).isEqualTo("10.00");

        List<Map> again = (List<Map>) api.body(api.post("/internal/v1/transfers/batch", Map.of("transfers", transfers))).get("results");
        assertThat(again.get(0)).containsEntry("entryId", results.get(0).get("entryId")).containsEntry("replayed", true);
        assertThat(again.get(1)).containsEntry("code", "insufficient_funds").containsEntry("replayed", true);
        assertThat(api.balances(b).get("balance")).isEqualTo("10.00");
    }

    @Test
    @SuppressWarnings("unchecked")
    void linkedTransfersMoveAllOrNothing() {
        String a = funded("50.00");
        String b = api.openCustomer("EUR");
        String c = api.openCustomer("EUR");
        LedgerSnapshot before = LedgerSnapshot.take();
        HttpResponse<Map> refused = api.postIdempotent("/internal/v1/transfers/batch", Map.of("linked", true, "transfers",
                List.of(transfer(a, b, "20.00"), transfer(b, c, "5.00"), transfer(a, c, "40.00"))));
        Map body = api.body(refused);
        assertThat(body).containsEntry("allApplied", false);
        assertThat((List<Map>) body.get("results")).extracting(r -> r.get("code"))
                .containsExactly("linked_transfer_failed", "linked_transfer_failed", "insufficient_funds");
        assertThat(LedgerSnapshot.take()).as("nothing moved").isEqualTo(before);

        String key = UUID.randomUUID().toString();
        Map<String, Object> ok = Map.of("linked", true, "transfers", List.of(transfer(a, b, "20.00"), transfer(b, c, "5.00"), transfer(a, c, "30.00")));
        Map applied = api.body(api.postIdempotent("/internal/v1/transfers/batch", ok, key));
        assertThat(applied).containsEntry("allApplied", true);
        assertThat(api.balances(a).get("balance")).isEqualTo("0.00");
        assertThat(api.balances(b).get("balance")).isEqualTo("15.00");
        assertThat(api.balances(c).get("balance")).isEqualTo("35.00");
        Map replay = api.body(api.postIdempotent("/internal/v1/transfers/batch", ok, key));
        assertThat((List<Map>) replay.get("results")).extracting(r -> r.get("entryId"))
                .containsExactlyElementsOf(((List<Map>) applied.get("results")).stream().map(r -> r.get("entryId")).toList());
        assertThat(api.balances(c).get("balance")).isEqualTo("35.00");
    }

    @Test
    void refusesMalformedBatches() {
        String a = funded("5.00");
        String b = api.openCustomer("EUR");
        HttpResponse<Map> noKey = api.post("/internal/v1/transfers/batch", Map.of("linked", true, "transfers", List.of(transfer(a, b, "1.00"))));
        assertThat(api.body(noKey).get("code")).isEqualTo("idempotency_key_missing");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(Map.of("idempotencyKey", "k" + i, "debitAccount", a, "creditAccount", b, "amount", "1", "currency", "EUR"));
        }
        HttpResponse<Map> big = api.post("/internal/v1/transfers/batch", Map.of("transfers", tooMany));
        assertThat(big.getStatus().getCode()).isEqualTo(400);
        assertThat(api.body(big).get("field")).isEqualTo("transfers");
        HttpResponse<Map> badLinked = api.postIdempotent("/internal/v1/transfers/batch", Map.of("linked", true, "transfers",
                List.of(transfer(a, b, "1.00"), transfer(a, a, "1.00"))));
        assertThat(api.body(badLinked)).containsEntry("code", "same_account").containsEntry("field", "transfers[1].creditAccount");
    }

    @Test
    void aHotAccountTakesManyConcurrentPaymentsExactly() throws Exception {
        String hot = api.openAccount("CLEARING", "EUR", Map.of("ownerRef", "bank:hot"));
        List<String> payers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            payers.add(funded("100.00"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> done = new ArrayList<>();
        for (String payer : payers) {
            done.add(pool.submit(() -> {
                int ok = 0;
                for (int i = 0; i < 25; i++) {
                    if (api.transfer(payer, hot, "1.00", "EUR").getStatus().getCode() == 201) {
                        ok++;
                    }
                }
                return ok;
            }));
        }
        int succeeded = 0;
        for (Future<Integer> f : done) {
            succeeded += f.get();
        }
        pool.shutdown();
        assertThat(succeeded).isEqualTo(400);
        assertThat(api.balances(hot).get("balance")).isEqualTo("400.00");
    }
}
