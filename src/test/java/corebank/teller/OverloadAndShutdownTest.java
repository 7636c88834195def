package corebank.teller;

import corebank.identity.user.Role;
import corebank.ledger.GroupCommitter;
import corebank.support.Api;
import corebank.support.DatabaseFaults;
import corebank.support.DatabaseTest;
import corebank.support.TestUsers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An engine whose writer is held (frozen in a batch) until its queue of two is full: the next
 * money movement is answered 503 overloaded with Retry-After at once. Then a graceful shutdown
 * begins: readiness goes DOWN, nothing new is taken, and once the writer goes on every accepted
 * request is committed and answered 201 before the engine stops.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverloadAndShutdownTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;

    @Test
    void aFullQueueAnswersOverloadedAndAGracefulShutdownAnswersEveryAcceptedRequest() throws Exception {
        EmbeddedServer engine = startAnotherInstance(Map.of(
                "corebank.test.faults", "true",
                "corebank.ledger.queue-capacity", "2",
                "corebank.ledger.batch-size-max", "1",
                // the frozen batch must outlive the test's pauses, not be ended by the server
                "corebank.database.idle-in-transaction-timeout", "60s"));
        HttpClient http = engine.getApplicationContext().createBean(HttpClient.class, engine.getURL());
        Api checker = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        Api api = new Api(http.toBlocking(), checker.accessToken());
        String equity = checker.openEquity("EUR");
        String account = checker.openCustomer("EUR");
        MeterRegistry meters = engine.getApplicationContext().getBean(MeterRegistry.class);
        GroupCommitter committer = engine.getApplicationContext().getBean(GroupCommitter.class);

        DatabaseFaults.Freeze freeze = engine.getApplicationContext().getBean(DatabaseFaults.class).freezeNextBatch();
        List<CompletableFuture<HttpResponse<Map>>> accepted = new ArrayList<>();
        accepted.add(fund(api, equity, account));
        assertThat(freeze.frozen().await(10, TimeUnit.SECONDS)).isTrue();
        accepted.add(fund(api, equity, account));
        accepted.add(fund(api, equity, account));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (meters.get("corebank.ledger.queue.depth").gauge().value() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(meters.get("corebank.ledger.queue.depth").gauge().value()).as("the queue is full").isEqualTo(2);

        HttpResponse<Map> overloaded = api.postIdempotent("/internal/v1/transfers",
                Map.of("debitAccount", equity, "creditAccount", account, "amount", "1.00", "currency", "EUR"));
        assertThat(overloaded.getStatus().getCode()).isEqualTo(503);
        assertThat(api.body(overloaded).get("code")).isEqualTo("overloaded");
        assertThat(overloaded.header("Retry-After")).isEqualTo("1");
        assertThat(readiness(api)).as("ready while merely busy").isEqualTo(200);
        assertThat(readinessOf(engine)).isEqualTo(io.micronaut.health.HealthStatus.UP);

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(engine::stop);
        deadline = System.nanoTime() + 10_000_000_000L;
        while (committer.accepting() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(committer.accepting()).as("draining").isFalse();
        assertThat(stopped).as("the engine waits for its accepted requests").isNotDone();
        assertThat(refusedOrUnreachable(api)).as("nothing new is taken while draining").isTrue();
        assertThat(readinessOf(engine)).as("readiness while draining").isEqualTo(io.micronaut.health.HealthStatus.DOWN);

        freeze.release().countDown();
        for (CompletableFuture<HttpResponse<Map>> request : accepted) {
            HttpResponse<Map> answer = request.get(30, TimeUnit.SECONDS);
            assertThat(answer.getStatus().getCode()).as(String.valueOf(api.body(answer))).isEqualTo(201);
        }
        stopped.get(60, TimeUnit.SECONDS);
        http.close();
        assertThat(checker.balances(account).get("balance")).as("the three accepted transfers, once each").isEqualTo("3.00");
    }

    private static CompletableFuture<HttpResponse<Map>> fund(Api api, String equity, String account) {
        Map<String, String> body = Map.of("debitAccount", equity, "creditAccount", account, "amount", "1.00", "currency", "EUR");
        String key = UUID.randomUUID().toString();
        return CompletableFuture.supplyAsync(() -> api.postIdempotent("/internal/v1/transfers", body, key));
    }

    /** A new request while draining: refused with 503, or the server no longer listens. */
    private static boolean refusedOrUnreachable(Api api) {
        try {
            HttpResponse<Map> r = api.postIdempotent("/internal/v1/transfers",
                    Map.of("debitAccount", "x", "creditAccount", "y", "amount", "1.00", "currency", "EUR"));
            return r.getStatus().getCode() == 503;
        } catch (HttpClientException e) {
            return true;
        }
    }

    /** What GET /health/readiness reports, asked of the endpoint itself (the server may no longer listen). */
    private static io.micronaut.health.HealthStatus readinessOf(EmbeddedServer engine) {
        var endpoint = engine.getApplicationContext().getBean(io.micronaut.management.endpoint.health.HealthEndpoint.class);
        return reactor.core.publisher.Mono.from(endpoint.getHealth(null,
                io.micronaut.management.health.indicator.HealthCheckType.READINESS)).block().getStatus();
    }

    private static int readiness(Api api) {
        return api.exchange(HttpRequest.GET("/health/readiness")).getStatus().getCode();
    }
}
