package corebank.identity;

import corebank.identity.user.Role;
import corebank.ledger.IdempotencyHousekeeping;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.MutableClock;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Expired challenges, ended sessions with their refresh tokens, failure windows and old idempotency keys are purged. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HousekeepingTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    MutableClock clock;
    @Inject
    IdentityHousekeeping identity;
    @Inject
    IdempotencyHousekeeping idempotency;

    @Test
    void purgesWhatOutlivedItsRetentionAndKeepsWhatIsLive() throws Exception {
        TestUsers.Enrolled user = TestUsers.enroll(context, Role.CUSTOMER);
        TestUsers.Session ended = TestUsers.loginWithRecoveryCode(client.toBlocking(), user, 0);
        TestUsers.Session expired = TestUsers.loginWithRecoveryCode(client.toBlocking(), user, 1);
        new Api(client.toBlocking(), ended.accessToken()).post("/api/v1/auth/logout", Map.of());
        new Api(client.toBlocking()).post("/api/v1/auth/login", Map.of("username", user.username(), "password", "wrong wrong wrong"));
        assertThat(sessions(user)).isEqualTo(2);
        assertThat(refreshTokens(user)).isPositive();
        assertThat(challenges(user)).isEqualTo(2);
        assertThat(failureWindows()).isPositive();

        clock.advance(Duration.ofDays(91));
        TestUsers.Session live = TestUsers.loginWithRecoveryCode(client.toBlocking(), user, 2);
        Map<String, Integer> deleted = identity.purge();

        assertThat(deleted.get("sessions")).isGreaterThanOrEqualTo(2);
        assertThat(deleted.get("challenges")).isGreaterThanOrEqualTo(2);
        assertThat(sessions(user)).as("only the live session is left").isEqualTo(1);
        assertThat(refreshTokens(user)).as("its refresh token stays").isEqualTo(1);
        assertThat(challenges(user)).as("the new challenge is younger than its retention").isEqualTo(1);
        assertThat(failureWindows()).as("elapsed failure windows").isZero();
        assertThat(new Api(client.toBlocking(), live.accessToken()).get("/api/v1/accounts").getStatus().getCode()).isEqualTo(200);
        assertThat(identity.purge()).as("a second run finds nothing").containsValues(0, 0, 0);
    }

    @Test
    void idempotencyKeysAreKeptThirtyDaysThenPurgedInBatchesByConcurrentInstances() throws Exception {
        Timestamp old = Timestamp.from(clock.instant().minus(Duration.ofDays(31)));
        Timestamp young = Timestamp.from(clock.instant().minus(Duration.ofDays(29)));
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO idempotency_keys (scope, key, request_hash, outcome, created_at)"
                        + " SELECT 'housekeeping-test', ? || g, 'h', '{}'::jsonb, ? FROM generate_series(1, ?) g")) {
            s.setString(1, "old-");
            s.setTimestamp(2, old);
            s.setInt(3, 2500);
            s.execute();
            s.setString(1, "young-");
            s.setTimestamp(2, young);
            s.setInt(3, 10);
            s.execute();
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> run = idempotency::purge;
            List<Future<Integer>> runs = pool.invokeAll(List.of(run, run));
            int total = runs.get(0).get() + runs.get(1).get();
            assertThat(total).as("two instances at once delete each old key exactly once").isGreaterThanOrEqualTo(2500);
        } finally {
            pool.shutdown();
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM idempotency_keys WHERE scope = 'housekeeping-test' AND key LIKE 'old-%'"))
                .isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM idempotency_keys WHERE scope = 'housekeeping-test' AND key LIKE 'young-%'"))
                .as("younger than 30 days: a retry still replays").isEqualTo(10);
    }

    private static long sessions(TestUsers.Enrolled user) throws Exception {
        return TestDatabase.count("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = ?", user.username());
    }

    private static long refreshTokens(TestUsers.Enrolled user) throws Exception {
        return TestDatabase.count("SELECT count(*) FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id"
                + " JOIN users u ON u.id = s.user_id WHERE u.username = ?", user.username());
    }

    private static long challenges(TestUsers.Enrolled user) throws Exception {
        return TestDatabase.count("SELECT count(*) FROM login_challenges c JOIN users u ON u.id = c.user_id WHERE u.username = ?",
                user.username());
    }

    private static long failureWindows() throws Exception {
        return TestDatabase.count("SELECT count(*) FROM login_failures_by_username");
    }
}
