package corebank.audit;

import corebank.identity.user.Role;
import corebank.platform.TransactionRunner;
import corebank.support.Api;
import corebank.support.DatabaseFaults;
import corebank.support.DatabaseTest;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one database; one freezes in the middle of a ledger batch, holding the
 * batch lock (as a paused or partitioned instance would: its session sits idle in its
 * transaction). PostgreSQL ends that session after corebank.database.idle-in-transaction-timeout,
 * and the other instance serves writes again within that bound. Nothing is lost: the frozen
 * instance's transfer was not committed and is refused honestly (503 unavailable) when it
 * wakes up; its replay with the same key moves the money once.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrozenInstanceTest implements DatabaseTest {

    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    DatabaseFaults faults;
    @Inject
    TransactionRunner runner;

    EmbeddedServer second;
    HttpClient secondClient;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("corebank.test.faults", "true",
                "corebank.database.idle-in-transaction-timeout", IDLE_TIMEOUT.toSeconds() + "s");
    }

    @BeforeAll
    void startSecondInstance() {
        second = startAnotherInstance(Map.of());
        secondClient = second.getApplicationContext().createBean(HttpClient.class, second.getURL());
    }

    @AfterAll
    void stopSecondInstance() {
        secondClient.close();
        second.close();
    }

    @Test
    void everyConnectionCarriesTheDocumentedTimeouts() {
        String settings = runner.readStatement(sql -> (String) sql.fetchValue("SELECT current_setting('lock_timeout') || '/'"
                + " || current_setting('statement_timeout') || '/' || current_setting('idle_in_transaction_session_timeout')"));
        assertThat(settings).isEqualTo("10s/30s/" + IDLE_TIMEOUT.toSeconds() + "s");
        var pool = context.getBean(io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration.class,
                io.micronaut.inject.qualifiers.Qualifiers.byName("default"));
        Map<String, String> driver = new HashMap<>();
        pool.getDataSourceProperties().forEach((k, v) -> driver.put(k.toString(), v.toString()));
        assertThat(driver).containsEntry("socketTimeout", "60").containsEntry("connectTimeout", "5")
                .containsEntry("tcpKeepAlive", "true");
        assertThat(pool.getKeepaliveTime()).isEqualTo(30_000);
    }

    @Test
    void theOtherInstanceWritesAgainWithinTheIdleInTransactionTimeoutAndNothingIsLost() throws Exception {
        Api one = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        Api two = new Api(secondClient.toBlocking(), one.accessToken());
        String equity = one.openEquity("EUR");
        String from = one.openCustomer("EUR");
        String to = one.openCustomer("EUR");
        one.fund(equity, from, "10.00", "EUR");
        Map<String, String> frozenTransfer = Map.of("debitAccount", from, "creditAccount", to, "amount", "1.00", "currency", "EUR");
        Map<String, String> otherTransfer = Map.of("debitAccount", from, "creditAccount", to, "amount", "2.00", "currency", "EUR");
        String frozenKey = UUID.randomUUID().toString();

        DatabaseFaults.Freeze freeze = faults.freezeNextBatch();
        CompletableFuture<HttpResponse<Map>> frozenAnswer = CompletableFuture.supplyAsync(
                () -> one.postIdempotent("/internal/v1/transfers", frozenTransfer, frozenKey));
        assertThat(freeze.frozen().await(10, TimeUnit.SECONDS)).as("instance one holds the batch lock, frozen").isTrue();

        long started = System.nanoTime();
        HttpResponse<Map> other = two.postIdempotent("/internal/v1/transfers", otherTransfer, UUID.randomUUID().toString());
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("frozen instance: the other instance wrote again after %d ms (bound: %d ms)%n",
                waited.toMillis(), IDLE_TIMEOUT.toMillis());

        assertThat(other.getStatus().getCode()).as(String.valueOf(two.body(other))).isEqualTo(201);
        assertThat(waited).as("it waited for the frozen instance's lock").isGreaterThan(IDLE_TIMEOUT.minusMillis(500));
        assertThat(waited).as("and no longer than the bound, plus a batch").isLessThan(IDLE_TIMEOUT.plusSeconds(3));
        assertThat(frozenAnswer).as("the frozen instance's client is still waiting").isNotDone();

        freeze.release().countDown();
        HttpResponse<Map> refused = frozenAnswer.get(30, TimeUnit.SECONDS);
        assertThat(refused.getStatus().getCode()).as(String.valueOf(one.body(refused))).isEqualTo(503);
        assertThat(one.body(refused).get("code")).isEqualTo("unavailable");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(one.balances(to).get("balance")).as("only the other instance's transfer").isEqualTo("2.00");

        HttpResponse<Map> replay = one.postIdempotent("/internal/v1/transfers", frozenTransfer, frozenKey);
        assertThat(replay.getStatus().getCode()).isEqualTo(201);
        assertThat(two.postIdempotent("/internal/v1/transfers", frozenTransfer, frozenKey).header("Idempotent-Replayed"))
                .isEqualTo("true");
        assertThat(one.balances(from).get("balance")).isEqualTo("7.00");
        assertThat(one.balances(to).get("balance")).isEqualTo("3.00");
        assertThat(one.body(two.get("/internal/v1/trial-balance")).get("balanced")).isEqualTo(true);
    }
}
