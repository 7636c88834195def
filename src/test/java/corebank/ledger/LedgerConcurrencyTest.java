package corebank.ledger;

import corebank.platform.TransactionRunner;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many tellers at once: 32 threads issue 6,000 random transfers, holds, posts and voids (and
 * replays of earlier requests) among 130 accounts in two currencies, through the HTTP API.
 * Afterwards the bank's invariants must hold exactly.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerConcurrencyTest implements DatabaseTest {

    static final int THREADS = 32;
    static final int OPERATIONS = 6_000;

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    io.micronaut.context.ApplicationContext context;
    @Inject
    TransactionRunner runner;

    record Account(String number, String currency, long overdraftLimitMinor) {
    }

    /** What the clients were told, keyed by the description each request carried. */
    final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    final Set<String> refused = ConcurrentHashMap.newKeySet();
    /** Request ids of refused transfers, to find their audit events. */
    final Set<String> refusedRequestIds = ConcurrentHashMap.newKeySet();
    final Map<String, Integer> unexpected = new ConcurrentHashMap<>();
    final AtomicInteger replays = new AtomicInteger();

    @Test
    void keepsEveryInvariantUnderConcurrentLoad() throws Exception {
        Api api = new Api(client.toBlocking(), corebank.support.TestUsers.loginAs(context, client.toBlocking(), corebank.identity.user.Role.TELLER).accessToken());
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Account> accounts = openAccounts(api, run);
        Map<String, Long> sumBefore = sumOfBalances(accounts);
        double retriesBefore = runner.retryCount();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        AtomicInteger remaining = new AtomicInteger(OPERATIONS);
        for (int t = 0; t < THREADS; t++) {
            long seed = 42L + t;
            futures.add(pool.submit(() -> clientLoop(api, accounts, run, new Random(seed), remaining)));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();

        double retries = runner.retryCount() - retriesBefore;
        System.out.printf("concurrency test: %d acknowledged, %d refused, %d replays, %.0f serialization retries%n",
                acknowledged.size(), refused.size(), replays.get(), retries);
        assertThat(unexpected).as("responses other than success or a business refusal").isEmpty();
        assertThat(acknowledged.size()).as("enough money actually moved").isGreaterThan(OPERATIONS / 3);
        assertThat(refused).as("some requests were refused (no-overdraft accounts ran dry)").isNotEmpty();

        assertThat(sumOfBalances(accounts)).as("sum of balances per currency").isEqualTo(sumBefore);
        assertLimitsHold(accounts);
        assertJournalMatchesAcknowledgements(run);
        assertBalancesMatchPostings(accounts);
        assertThat(api.body(api.get("/internal/v1/trial-balance")).get("balanced")).isEqualTo(true);
        assertPostingsBalancePerCurrency();
        assertEveryActionAuditedOnce();
        assertEverythingSealedWithinSeconds(10);
    }

    private void assertEveryActionAuditedOnce() throws Exception {
        try (Connection c = TestDatabase.connect()) {
            Map<String, Long> byEntry = countBy(c, "SELECT target_id, count(*) FROM audit_events WHERE action = 'ledger.transfer'"
                    + " AND outcome = 'SUCCESS' AND target_id = ANY(?) GROUP BY target_id", acknowledged.values());
            assertThat(byEntry).as("one audit event per acknowledged transfer").hasSize(acknowledged.size())
                    .allSatisfy((entry, n) -> assertThat(n).as(entry).isEqualTo(1L));
            Map<String, Long> byRequest = countBy(c, "SELECT request_id, count(*) FROM audit_events WHERE action = 'ledger.transfer'"
                    + " AND outcome = 'FAILURE' AND request_id = ANY(?) GROUP BY request_id", refusedRequestIds);
            assertThat(byRequest).as("one audit event per refused transfer").hasSize(refusedRequestIds.size())
                    .allSatisfy((request, n) -> assertThat(n).as(request).isEqualTo(1L));
        }
    }

    private static Map<String, Long> countBy(Connection c, String sql, java.util.Collection<String> keys) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("text", keys.toArray()));
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    /** The sequencer (every second) gives every committed event a log position within a few seconds. */
    private void assertEverythingSealedWithinSeconds(int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long unsealed;
        do {
            Thread.sleep(250);
            try (Connection c = TestDatabase.connect(); java.sql.Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_events e WHERE NOT EXISTS"
                         + " (SELECT 1 FROM audit_log l WHERE l.event_id = e.id)")) {
                rs.next();
                unsealed = rs.getLong(1);
            }
        } while (unsealed > 0 && System.nanoTime() < deadline);
        System.out.printf("audit events still unsealed %d s after the load: %d%n", seconds, unsealed);
        assertThat(unsealed).isZero();
    }

    private List<Account> openAccounts(Api api, String run) {
        List<Account> accounts = new ArrayList<>();
        for (String currency : List.of("EUR", "USD")) {
            String equity = api.openEquity(currency);
            int customers = currency.equals("EUR") ? 100 : 20;
            for (int i = 0; i < customers; i++) {
                boolean overdraft = i % 10 == 0;
                Map<String, Object> extra = new HashMap<>(Map.of("ownerRef", api.createCustomer()));
                if (overdraft) {
                    extra.put("overdraftLimit", "50.00");
                }
                String number = api.openAccount("CUSTOMER_DEPOSIT", currency, extra);
                api.fund(equity, number, "100.00", currency);
                accounts.add(new Account(number, currency, overdraft ? 5_000 : 0));
            }
            for (int i = 0; i < 5; i++) {
                // bank-internal accounts without limits: they may go negative, customers may not
                String number = api.openAccount("SUSPENSE", currency, Map.of("ownerRef", "bank:conc-" + run));
                accounts.add(new Account(number, currency, Long.MAX_VALUE));
            }
        }
        return accounts;
    }

    private void clientLoop(Api api, List<Account> accounts, String run, Random random, AtomicInteger remaining) {
        List<String> myHolds = new ArrayList<>();
        List<Object[]> sent = new ArrayList<>();
        while (remaining.getAndDecrement() > 0) {
            int dice = random.nextInt(100);
            if (dice < 60) {
                transfer(api, accounts, run, random, sent);
            } else if (dice < 75) {
                placeHold(api, accounts, random, myHolds);
            } else if (dice < 90 && !myHolds.isEmpty()) {
                String hold = myHolds.remove(random.nextInt(myHolds.size()));
                String action = random.nextBoolean() ? "void" : "post";
                HttpResponse<Map> r = api.postIdempotent("/internal/v1/holds/" + hold + "/" + action, Map.of());
                expect(r, 200);
            } else if (!sent.isEmpty()) {
                replay(api, sent.get(random.nextInt(sent.size())));
            } else {
                transfer(api, accounts, run, random, sent);
            }
        }
    }

    private void transfer(Api api, List<Account> accounts, String run, Random random, List<Object[]> sent) {
        Account[] pair = pair(accounts, random);
        String description = "conc-" + run + "-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("debitAccount", pair[0].number(), "creditAccount", pair[1].number(),
                "amount", amount(random), "currency", pair[0].currency(), "description", description);
        HttpResponse<Map> response = api.postIdempotent("/internal/v1/transfers", body, key);
        if (response.getStatus().getCode() == 201) {
            acknowledged.put(description, (String) api.body(response).get("id"));
        } else if (response.getStatus().getCode() == 422) {
            refused.add(description);
            refusedRequestIds.add(response.header("X-Request-Id"));
        } else {
            unexpected.merge("transfer " + response.getStatus().getCode() + " " + api.body(response), 1, Integer::sum);
        }
        sent.add(new Object[]{key, body, response.getStatus().getCode(), description});
    }

    private void replay(Api api, Object[] earlier) {
        @SuppressWarnings("unchecked")
        HttpResponse<Map> again = api.postIdempotent("/internal/v1/transfers", (Map<String, Object>) earlier[1], (String) earlier[0]);
        replays.incrementAndGet();
        if (again.getStatus().getCode() != (int) earlier[2]) {
            unexpected.merge("replay changed status " + earlier[2] + " -> " + again.getStatus().getCode(), 1, Integer::sum);
        } else if (again.getStatus().getCode() == 201
                && !api.body(again).get("id").equals(acknowledged.get((String) earlier[3]))) {
            unexpected.merge("replay returned another entry", 1, Integer::sum);
        }
    }

    private void placeHold(Api api, List<Account> accounts, Random random, List<String> myHolds) {
        Account[] pair = pair(accounts, random);
        HttpResponse<Map> r = api.postIdempotent("/internal/v1/holds", Map.of("debitAccount", pair[0].number(),
                "creditAccount", pair[1].number(), "amount", amount(random), "currency", pair[0].currency()));
        if (r.getStatus().getCode() == 201) {
            myHolds.add((String) api.body(r).get("id"));
        } else {
            expect(r, 422);
        }
    }

    private void expect(HttpResponse<Map> response, int status) {
        if (response.getStatus().getCode() != status && response.getStatus().getCode() != 422) {
            unexpected.merge(response.getStatus().getCode() + " " + response.getBody(Map.class).orElse(null), 1, Integer::sum);
        }
    }

    private static Account[] pair(List<Account> accounts, Random random) {
        Account a = accounts.get(random.nextInt(accounts.size()));
        Account b;
        do {
            b = accounts.get(random.nextInt(accounts.size()));
        } while (b.number().equals(a.number()) || !b.currency().equals(a.currency()));
        return new Account[]{a, b};
    }

    private static String amount(Random random) {
        int cents = 1 + random.nextInt(4_000);
        return String.format("%d.%02d", cents / 100, cents % 100);
    }

    // ---- invariants, read straight from the database -------------------------------------------

    private Map<String, Long> sumOfBalances(List<Account> accounts) throws Exception {
        Map<String, Long> sums = new HashMap<>();
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT currency, sum(credits_posted - debits_posted)::bigint FROM accounts WHERE number = ANY(?) GROUP BY currency")) {
            s.setArray(1, c.createArrayOf("text", accounts.stream().map(Account::number).toArray()));
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                sums.put(rs.getString(1), rs.getLong(2));
            }
        }
        return sums;
    }

    private void assertLimitsHold(List<Account> accounts) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT credits_posted - debits_posted - debits_pending FROM accounts WHERE number = ?")) {
            for (Account a : accounts) {
                if (a.overdraftLimitMinor() == Long.MAX_VALUE) {
                    continue;
                }
                s.setString(1, a.number());
                ResultSet rs = s.executeQuery();
                rs.next();
                assertThat(rs.getLong(1)).as("available of %s", a.number()).isGreaterThanOrEqualTo(-a.overdraftLimitMinor());
            }
        }
    }

    private void assertJournalMatchesAcknowledgements(String run) throws Exception {
        Map<String, List<String>> journal = new HashMap<>();
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT description, id::text FROM journal_entries WHERE description LIKE ?")) {
            s.setString(1, "conc-" + run + "-%");
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                journal.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        acknowledged.forEach((description, entryId) ->
                assertThat(journal.get(description)).as("journal entries for %s", description).containsExactly(entryId));
        refused.forEach(description -> assertThat(journal).as("refused %s", description).doesNotContainKey(description));
        assertThat(journal.keySet()).isEqualTo(acknowledged.keySet());
    }

    private void assertBalancesMatchPostings(List<Account> accounts) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("""
                SELECT a.number, a.debits_posted, a.credits_posted, a.posting_count, a.debits_pending, a.credits_pending,
                       coalesce(sum(p.amount_minor) FILTER (WHERE p.side = 'D'), 0) AS d,
                       coalesce(sum(p.amount_minor) FILTER (WHERE p.side = 'C'), 0) AS c,
                       count(p.*) AS n,
                       (SELECT coalesce(sum(h.amount_minor), 0) FROM holds h WHERE h.debit_account_id = a.id AND h.status = 'PENDING') AS held_out,
                       (SELECT coalesce(sum(h.amount_minor), 0) FROM holds h WHERE h.credit_account_id = a.id AND h.status = 'PENDING') AS held_in,
                       (SELECT p2.balance_after_minor FROM postings p2 WHERE p2.account_id = a.id ORDER BY p2.account_seq DESC LIMIT 1) AS last_running
                  FROM accounts a LEFT JOIN postings p ON p.account_id = a.id
                 WHERE a.number = ANY(?) GROUP BY a.id""")) {
            s.setArray(1, c.createArrayOf("text", accounts.stream().map(Account::number).toArray()));
            ResultSet rs = s.executeQuery();
            int checked = 0;
            while (rs.next()) {
                String n = rs.getString("number");
                assertThat(rs.getLong("debits_posted")).as("debits of %s", n).isEqualTo(rs.getLong("d"));
                assertThat(rs.getLong("credits_posted")).as("credits of %s", n).isEqualTo(rs.getLong("c"));
                assertThat(rs.getLong("posting_count")).as("postings of %s", n).isEqualTo(rs.getLong("n"));
                assertThat(rs.getLong("debits_pending")).as("pending debits of %s", n).isEqualTo(rs.getLong("held_out"));
                assertThat(rs.getLong("credits_pending")).as("pending credits of %s", n).isEqualTo(rs.getLong("held_in"));
                long balance = rs.getLong("credits_posted") - rs.getLong("debits_posted");
                long running = rs.getLong("last_running");
                // running balances are kept on the account's normal side: credit for deposits, debit for suspense
                assertThat(Math.abs(running)).as("running balance of %s", n).isEqualTo(Math.abs(balance));
                checked++;
            }
            assertThat(checked).isEqualTo(accounts.size());
        }
    }

    private void assertPostingsBalancePerCurrency() throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("""
                SELECT currency, sum(amount_minor) FILTER (WHERE side = 'D') - sum(amount_minor) FILTER (WHERE side = 'C')
                  FROM postings GROUP BY currency""")) {
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                assertThat(rs.getLong(2)).as("postings imbalance in %s", rs.getString(1)).isZero();
            }
        }
    }
}
