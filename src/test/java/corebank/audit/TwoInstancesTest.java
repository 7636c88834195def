package corebank.audit;

import corebank.identity.user.Role;
import corebank.platform.TransactionRunner;
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

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two engine instances on one database: both move money and both run the audit sequencer. The
 * ledger stays correct, every action is audited once, and the instances build one log: each
 * event sealed exactly once, at consecutive positions, verified against the signed checkpoint.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesTest implements DatabaseTest {

    static final int THREADS = 16;
    static final int TRANSFERS = 1_500;

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
    void twoInstancesKeepOneLedgerAndOneAuditLog() throws Exception {
        Api one = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        // the second instance accepts tokens from the first: they share keys and sessions
        Api two = new Api(secondClient.toBlocking(), one.accessToken());
        String equity = one.openEquity("EUR");
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String account = one.openCustomer("EUR");
            one.fund(equity, account, "50.00", "EUR");
            accounts.add(account);
        }
        Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Api api = t % 2 == 0 ? one : two;
            Random random = new Random(t);
            futures.add(pool.submit(() -> {
                for (int i = 0; i < TRANSFERS / THREADS; i++) {
                    String a = accounts.get(random.nextInt(accounts.size()));
                    String b = accounts.get(random.nextInt(accounts.size()));
                    if (a.equals(b)) {
                        continue;
                    }
                    HttpResponse<Map> r = api.transfer(a, b, "0." + (10 + random.nextInt(80)), "EUR");
                    assertThat(r.getStatus().getCode()).isIn(201, 422);
                    if (r.getStatus().getCode() == 201) {
                        acknowledged.put((String) api.body(r).get("id"), true);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("two instances: %d transfers acknowledged; retries %.0f + %.0f%n", acknowledged.size(),
                context.getBean(TransactionRunner.class).retryCount(),
                second.getApplicationContext().getBean(TransactionRunner.class).retryCount());

        assertThat(one.body(two.get("/internal/v1/trial-balance")).get("balanced")).isEqualTo(true);
        long sum = 0;
        for (String account : accounts) {
            sum += new java.math.BigDecimal((String) one.balances(account).get("balance")).movePointRight(2).longValueExact();
        }
        assertThat(sum).as("money is conserved among the accounts").isEqualTo(40 * 5_000L);
        assertThat(count("SELECT count(*) FROM audit_events WHERE action = 'ledger.transfer' AND outcome = 'SUCCESS'"
                + " AND target_id IN (" + String.join(",", acknowledged.keySet().stream().map(id -> "'" + id + "'").toList()) + ")"))
                .isEqualTo(acknowledged.size());

        long deadline = System.nanoTime() + 15_000_000_000L;
        while (count("SELECT count(*) FROM audit_events e WHERE NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.event_id = e.id)") > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(count("SELECT count(*) FROM audit_events e WHERE NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.event_id = e.id)"))
                .as("every event sealed within seconds").isZero();
        assertThat(count("SELECT count(*) FROM audit_log")).as("positions are consecutive from 0")
                .isEqualTo(count("SELECT max(position) + 1 FROM audit_log"));
        VerificationResult result = second.getApplicationContext().getBean(AuditVerification.class).verify();
        assertThat(result.ok()).as(String.valueOf(result.problem())).isTrue();
        assertThat(context.getBean(AuditVerification.class).verify().ok()).isTrue();
    }

    /**
     * One Idempotency-Key sent at the same moment to both instances, several times: the ledger
     * looks keys up before its batch's locks, so two batches may both find a key absent. The
     * second to commit must then fail on the key's uniqueness and answer the first's outcome:
     * one journal entry a key, every answer 201 with its id.
     */
    @Test
    void oneKeySentToBothInstancesAtOnceMovesMoneyOnce() throws Exception {
        Api one = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        Api two = new Api(secondClient.toBlocking(), one.accessToken());
        String equity = one.openEquity("EUR");
        String debit = one.openCustomer("EUR");
        String credit = one.openCustomer("EUR");
        one.fund(equity, debit, "100.00", "EUR");
        int keys = 40;
        int copies = 4;
        ExecutorService pool = Executors.newFixedThreadPool(keys * copies > 64 ? 64 : keys * copies);
        Map<String, List<Future<HttpResponse<Map>>>> answers = new java.util.LinkedHashMap<>();
        for (int k = 0; k < keys; k++) {
            String key = java.util.UUID.randomUUID().toString();
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<HttpResponse<Map>>> sent = new ArrayList<>();
            for (int c = 0; c < copies; c++) {
                Api api = c % 2 == 0 ? one : two;
                sent.add(pool.submit(() -> {
                    start.await();
                    return api.postIdempotent("/internal/v1/transfers",
                            Map.of("debitAccount", debit, "creditAccount", credit, "amount", "1.00", "currency", "EUR"), key);
                }));
            }
            start.countDown();
            answers.put(key, sent);
        }
        for (Map.Entry<String, List<Future<HttpResponse<Map>>>> e : answers.entrySet()) {
            java.util.Set<Object> ids = new java.util.HashSet<>();
            for (Future<HttpResponse<Map>> f : e.getValue()) {
                HttpResponse<Map> r = f.get();
                assertThat(r.getStatus().getCode()).as("key %s: %s", e.getKey(), one.body(r)).isEqualTo(201);
                ids.add(one.body(r).get("id"));
            }
            assertThat(ids).as("every copy of key %s answers the same entry", e.getKey()).hasSize(1);
        }
        pool.shutdown();
        assertThat(new java.math.BigDecimal((String) one.balances(credit).get("balance")))
                .as("one euro a key, whatever the copies").isEqualByComparingTo(String.valueOf(keys));
        assertThat(count("SELECT count(*) FROM idempotency_keys WHERE key IN ("
                + String.join(",", answers.keySet().stream().map(k -> "'" + k + "'").toList()) + ")")).isEqualTo(keys);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
