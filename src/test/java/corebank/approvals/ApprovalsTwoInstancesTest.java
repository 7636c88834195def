package corebank.approvals;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two supervisors approve the same reversal at the same moment, each on another engine instance
 * of one database: one approval wins, the other is refused, and the entry is reversed exactly
 * once, with one execution in the audit trail.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalsTwoInstancesTest implements DatabaseTest {

    static final int ROUNDS = 8;

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;

    EmbeddedServer second;
    HttpClient secondClient;

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
    void anApprovedReversalExecutesOnceWhenTwoSupervisorsApproveAtOnceOnTwoInstances() throws Exception {
        Api teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        Api one = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.SUPERVISOR).accessToken());
        Api two = new Api(secondClient.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.SUPERVISOR).accessToken());
        String equity = teller.openEquity("EUR");
        String customer = teller.openCustomer("EUR");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String entryId = (String) teller.body(teller.transfer(equity, customer, "10.00", "EUR")).get("id");
                HttpResponse<Map> requested = teller.postIdempotent("/internal/v1/entries/" + entryId + "/reversal",
                        Map.of("reason", "posted twice"));
                assertThat(requested.getStatus().getCode()).isEqualTo(202);
                Object id = teller.body(requested).get("id");
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<HttpResponse<Map>>> answers = new ArrayList<>();
                for (Api supervisor : List.of(one, two)) {
                    answers.add(pool.submit(() -> {
                        together.await();
                        return supervisor.post("/internal/v1/approvals/" + id + "/approve", Map.of("reason", "agreed"));
                    }));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<HttpResponse<Map>> answer : answers) {
                    statuses.add(answer.get().getStatus().getCode());
                }
                assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(200, 409);
                assertThat(TestDatabase.count("SELECT count(*) FROM journal_entries WHERE reverses_entry_id = ?::uuid", entryId))
                        .as("reversed once").isEqualTo(1);
                assertThat(TestDatabase.count("SELECT count(*) FROM approval_requests WHERE id = ?::uuid AND status = 'EXECUTED'",
                        (String) id)).isEqualTo(1);
                assertThat(ApprovalsApiTest.audited("approvals.request.execute", id)).isEqualTo(1);
                assertThat(ApprovalsApiTest.audited("approvals.request.approve", id)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(teller.balances(customer)).containsEntry("balance", "0.00");
    }
}
