package corebank.platform;

import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database's replication state on the test database, a single node: the scheduled check
 * finds 0 synchronous standbys and says so in the metrics; {@code /health} stays UP when no
 * standby is required and turns DEGRADED (still 200, readiness untouched) when one is; without
 * {@code pg_read_all_stats} the state is unknown (NaN), never a false 0. A real synchronous
 * standby (1, then 0 when it stops) is shown by the HA run (docs/operations.md, High availability).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicationStateTest implements DatabaseTest {

    private static final Pattern SYNC = Pattern.compile("(?m)^corebank_database_sync_standbys(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern ALL = Pattern.compile("(?m)^corebank_database_standbys(?:\\{[^}]*})? (\\S+)$");

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ReplicationState state;

    @Test
    void theScheduledCheckReportsNoSynchronousStandbyOnASingleNode() throws Exception {
        long until = System.nanoTime() + 20_000_000_000L;
        String metrics = prometheus(client);
        while (gauge(SYNC, metrics).equals("NaN") && System.nanoTime() < until) {
            Thread.sleep(200);
            metrics = prometheus(client);
        }
        assertThat(gauge(SYNC, metrics)).isEqualTo("0.0");
        assertThat(gauge(ALL, metrics)).isEqualTo("0.0");
        ReplicationState.Snapshot s = state.current();
        assertThat(s.known()).isTrue();
        assertThat(s.synchronous()).isFalse();
        assertThat(s.synchronousStandbyNames()).isEmpty();

        HttpResponse<String> health = client.toBlocking().exchange(HttpRequest.GET("/health"), String.class);
        assertThat(health.getStatus().getCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void aRequiredButMissingSynchronousStandbyDegradesHealthButNotReadiness() {
        try (EmbeddedServer second = startAnotherInstance(Map.of(
                "corebank.database.replication.synchronous-standby-required", true,
                "endpoints.health.details-visible", "ANONYMOUS"));
             HttpClient http = second.getApplicationContext().createBean(HttpClient.class, second.getURL())) {
            second.getApplicationContext().getBean(ReplicationState.class).refresh();
            HttpResponse<Map> health = http.toBlocking().exchange(HttpRequest.GET("/health"), Map.class);
            assertThat(health.getStatus().getCode()).isEqualTo(200);
            assertThat(health.body().get("status")).isEqualTo("DEGRADED");
            Map<?, ?> replication = (Map<?, ?>) ((Map<?, ?>) health.body().get("details")).get("replication");
            assertThat(replication.get("status")).isEqualTo("DEGRADED");
            Map<?, ?> details = (Map<?, ?>) replication.get("details");
            assertThat(details.get("synchronousStandbyRequired")).isEqualTo(true);
            assertThat(details.get("known")).isEqualTo(true);
            assertThat(((Number) details.get("synchronousStandbys")).longValue()).isZero();
            assertThat(http.toBlocking().exchange(HttpRequest.GET("/health/readiness"), String.class).getStatus().getCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void withoutTheStatisticsRoleTheStateIsUnknownNotZero() throws Exception {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("REVOKE pg_read_all_stats FROM " + EmbeddedDatabase.RUNTIME_ROLE);
            try {
                ReplicationState.Snapshot snapshot = state.refresh();
                assertThat(snapshot.known()).isFalse();
                assertThat(snapshot.reason()).contains("pg_read_all_stats");
                assertThat(gauge(SYNC, prometheus(client))).isEqualTo("NaN");
            } finally {
                s.execute("GRANT pg_read_all_stats TO " + EmbeddedDatabase.RUNTIME_ROLE);
            }
        }
        assertThat(state.refresh().known()).isTrue();
    }

    private static String prometheus(HttpClient http) {
        return http.toBlocking().retrieve(HttpRequest.GET("/prometheus"), String.class);
    }

    private static String gauge(Pattern metric, String metrics) {
        Matcher m = metric.matcher(metrics);
        assertThat(m.find()).as("metric " + metric + " in /prometheus").isTrue();
        return m.group(1);
    }
}
