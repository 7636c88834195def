package corebank.platform;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.TestKeys;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An engine on a database of its own, which is stopped and started again: while it is down,
 * readiness answers 503 and requests 503 {@code unavailable} with Retry-After (never 500);
 * once it is back, readiness is UP again and the refused transfer, retried with its key, is
 * written once.
 */
class DatabaseOutageTest {

    @TempDir
    Path scratch;

    @Test
    void aDatabaseOutageIsAnsweredUnavailableAndReadinessFollowsTheDatabase() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = scratch.resolve("pgdata");
        EmbeddedDatabase database = EmbeddedDatabase.start(data, port, EmbeddedDatabase.FAST_UNSAFE);
        Map<String, Object> properties = new HashMap<>(TestKeys.PROPERTIES);
        properties.put("datasources.default.url", database.jdbcUrl());
        properties.put("datasources.default.username", EmbeddedDatabase.RUNTIME_ROLE);
        properties.put("datasources.default.password", "");
        properties.put("datasources.default.connection-timeout", "2000");
        properties.put("datasources.owner.url", database.jdbcUrl());
        properties.put("datasources.owner.username", EmbeddedDatabase.OWNER_ROLE);
        properties.put("datasources.owner.password", "");
        properties.put("micronaut.server.port", -1);
        try (EmbeddedServer engine = ApplicationContext.run(EmbeddedServer.class, properties);
             HttpClient http = engine.getApplicationContext().createBean(HttpClient.class, engine.getURL())) {
            Api api = new Api(http.toBlocking(),
                    TestUsers.loginAs(engine.getApplicationContext(), http.toBlocking(), Role.TELLER).accessToken());
            assertThat(readiness(api)).isEqualTo(200);
            String equity = api.openEquity("EUR");
            String account = api.openCustomer("EUR");
            Map<String, String> transfer = Map.of("debitAccount", equity, "creditAccount", account, "amount", "5.00", "currency", "EUR");
            String key = UUID.randomUUID().toString();

            database.close();
            try {
                assertThat(readiness(api)).as("not ready while the database is down").isEqualTo(503);
                HttpResponse<Map> refused = api.postIdempotent("/internal/v1/transfers", transfer, key);
                assertThat(refused.getStatus().getCode()).as(String.valueOf(api.body(refused))).isEqualTo(503);
                assertThat(api.body(refused).get("code")).isEqualTo("unavailable");
                assertThat(refused.header("Retry-After")).isEqualTo("1");
                HttpResponse<Map> read = api.get("/internal/v1/accounts/" + account);
                assertThat(read.getStatus().getCode()).isEqualTo(503);
                assertThat(api.body(read).get("code")).isEqualTo("unavailable");
            } finally {
                database = EmbeddedDatabase.start(data, port, EmbeddedDatabase.FAST_UNSAFE);
            }

            long deadline = System.nanoTime() + 30_000_000_000L;
            while (readiness(api) != 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(readiness(api)).as("ready again").isEqualTo(200);
            HttpResponse<Map> retried = api.postIdempotent("/internal/v1/transfers", transfer, key);
            assertThat(retried.getStatus().getCode()).isEqualTo(201);
            assertThat(retried.header("Idempotent-Replayed")).as("the refused attempt wrote nothing").isNull();
            assertThat(api.balances(account).get("balance")).isEqualTo("5.00");
        } finally {
            database.close();
        }
    }

    private static int readiness(Api api) {
        return api.exchange(HttpRequest.GET("/health/readiness")).getStatus().getCode();
    }
}
