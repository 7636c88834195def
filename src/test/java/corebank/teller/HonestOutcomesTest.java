package corebank.teller;

import corebank.identity.user.Role;
import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import corebank.support.Api;
import corebank.support.DatabaseFaults;
import corebank.support.DatabaseFaults.Fault;
import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A connection lost before, during or after a ledger batch's COMMIT (the backend really
 * terminated, see DatabaseFaults) is answered 503 with Retry-After, never 500: {@code unavailable}
 * when nothing can have been committed, {@code outcome_unknown} when the commit may have
 * happened; the same Idempotency-Key then resolves it, once. None of it counts as a bug.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HonestOutcomesTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    DatabaseFaults faults;
    @Inject
    MeterRegistry meters;
    @Inject
    TransactionRunner runner;

    Api api;
    String equity;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("corebank.test.faults", "true");
    }

    @BeforeAll
    void setUp() {
        api = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        equity = api.openEquity("EUR");
    }

    @Test
    void aConnectionLostAfterTheServerCommittedAnswersOutcomeUnknownAndTheReplayReturnsTheCommittedTransfer() {
        answeredHonestlyThenResolvedByReplay(Fault.LOSE_AFTER_COMMIT, ErrorCode.OUTCOME_UNKNOWN, true);
    }

    @Test
    void aConnectionLostBeforeCommitReachedTheServerAnswersOutcomeUnknownAndTheReplayRunsTheTransferOnce() {
        answeredHonestlyThenResolvedByReplay(Fault.LOSE_BEFORE_COMMIT, ErrorCode.OUTCOME_UNKNOWN, false);
    }

    @Test
    void aConnectionLostBeforeTheBatchWroteAnythingAnswersUnavailableAndTheReplayRunsTheTransferOnce() {
        answeredHonestlyThenResolvedByReplay(Fault.LOSE_BEFORE_WORK, ErrorCode.UNAVAILABLE, false);
    }

    private void answeredHonestlyThenResolvedByReplay(Fault fault, ErrorCode expected, boolean committedAtFirst) {
        String from = api.openCustomer("EUR");
        String to = api.openCustomer("EUR");
        api.fund(equity, from, "10.00", "EUR");
        double bugs = counter("corebank.ledger.command.failures");
        double unknown = counter("corebank.tx.outcome.unknown");
        double unavailable = counter("corebank.tx.unavailable");
        Map<String, String> transfer = Map.of("debitAccount", from, "creditAccount", to, "amount", "3.00", "currency", "EUR");
        String key = UUID.randomUUID().toString();

        faults.arm(fault);
        HttpResponse<Map> first = api.postIdempotent("/internal/v1/transfers", transfer, key);

        assertThat(first.getStatus().getCode()).as(String.valueOf(api.body(first))).isEqualTo(503);
        assertThat(api.body(first).get("code")).isEqualTo(expected.wire());
        assertThat(first.header("Retry-After")).isEqualTo("1");
        assertThat(api.balances(to).get("balance")).as("what the first attempt left").isEqualTo(committedAtFirst ? "3.00" : "0.00");

        HttpResponse<Map> replay = api.postIdempotent("/internal/v1/transfers", transfer, key);
        assertThat(replay.getStatus().getCode()).as(String.valueOf(api.body(replay))).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo(committedAtFirst ? "true" : null);
        HttpResponse<Map> again = api.postIdempotent("/internal/v1/transfers", transfer, key);
        assertThat(again.getStatus().getCode()).isEqualTo(201);
        assertThat(api.body(again).get("id")).isEqualTo(api.body(replay).get("id"));
        assertThat(api.balances(from).get("balance")).as("moved exactly once").isEqualTo("7.00");
        assertThat(api.balances(to).get("balance")).isEqualTo("3.00");

        assertThat(counter("corebank.ledger.command.failures")).as("not a bug").isEqualTo(bugs);
        assertThat(counter("corebank.tx.outcome.unknown") - unknown).isEqualTo(expected == ErrorCode.OUTCOME_UNKNOWN ? 1 : 0);
        assertThat(counter("corebank.tx.unavailable") - unavailable).isEqualTo(expected == ErrorCode.UNAVAILABLE ? 1 : 0);
        assertThat(api.body(api.get("/internal/v1/trial-balance")).get("balanced")).isEqualTo(true);
    }

    @Test
    void aRollbackThatFailsOnTheDeadConnectionDoesNotHideTheWorksOwnFailure() {
        CorebankException refusal = new CorebankException(ErrorCode.NOT_FOUND, "the work's own refusal");
        assertThatThrownBy(() -> runner.serializable("probe", sql -> {
            Object pid = sql.fetchValue("SELECT pg_backend_pid()");
            try (Connection admin = TestDatabase.connect(); Statement s = admin.createStatement()) {
                s.execute("SELECT pg_terminate_backend(" + pid + ", 5000)");
            }
            throw refusal;
        })).isSameAs(refusal).satisfies(e -> assertThat(e.getSuppressed()).as("the rollback's own failure, kept").isNotEmpty());
    }

    private double counter(String name) {
        return meters.get(name).counter().count();
    }
}
