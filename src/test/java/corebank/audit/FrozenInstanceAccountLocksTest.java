package corebank.audit;

import corebank.support.AccountsWritePath;
import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseFaults;
import corebank.support.TestUsers;
import io.micronaut.http.HttpResponse;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FrozenInstanceTest, every assertion of it, with the ledger's {@code accounts} write path
 * ({@code corebank.ledger.write-locks=accounts}, 4 writers per instance): a frozen batch holds
 * only its own accounts, until PostgreSQL ends its idle transaction. And what the path is for:
 * while one batch is stopped inside its transaction, a batch over other accounts commits.
 */
@MicronautTest
class FrozenInstanceAccountLocksTest extends FrozenInstanceTest {

    @Override
    public Map<String, String> extraProperties() {
        return AccountsWritePath.on(super.extraProperties());
    }

    @Test
    void aBatchOverOtherAccountsCommitsWhileOneIsStoppedInItsTransaction() throws Exception {
        Api one = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        Api two = new Api(secondClient.toBlocking(), one.accessToken());
        String equity = one.openEquity("EUR");
        String a = one.openCustomer("EUR");
        String b = one.openCustomer("EUR");
        String c = one.openCustomer("EUR");
        String d = one.openCustomer("EUR");
        one.fund(equity, a, "10.00", "EUR");
        one.fund(equity, c, "10.00", "EUR");

        DatabaseFaults.Freeze freeze = faults.freezeNextBatch();
        CompletableFuture<HttpResponse<Map>> stopped = CompletableFuture.supplyAsync(() -> one.postIdempotent("/internal/v1/transfers",
                Map.of("debitAccount", a, "creditAccount", b, "amount", "1.00", "currency", "EUR"), UUID.randomUUID().toString()));
        assertThat(freeze.frozen().await(10, TimeUnit.SECONDS)).as("a batch on a and b is stopped inside its transaction").isTrue();

        long started = System.nanoTime();
        HttpResponse<Map> elsewhere = two.postIdempotent("/internal/v1/transfers",
                Map.of("debitAccount", c, "creditAccount", d, "amount", "2.00", "currency", "EUR"), UUID.randomUUID().toString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(elsewhere.getStatus().getCode()).as(String.valueOf(two.body(elsewhere))).isEqualTo(201);
        assertThat(took).as("it did not wait for the stopped batch").isLessThan(IDLE_TIMEOUT.minusMillis(500));
        assertThat(stopped).as("the stopped batch has not committed").isNotDone();
        assertThat(one.balances(d).get("balance")).isEqualTo("2.00");

        freeze.release().countDown();
        HttpResponse<Map> answer = stopped.get(30, TimeUnit.SECONDS);
        assertThat(answer.getStatus().getCode()).as(String.valueOf(one.body(answer))).isIn(201, 503);
        assertThat(one.balances(b).get("balance")).isEqualTo(answer.getStatus().getCode() == 201 ? "1.00" : "0.00");
        assertThat(one.body(two.get("/internal/v1/trial-balance")).get("balanced")).isEqualTo(true);
    }
}
