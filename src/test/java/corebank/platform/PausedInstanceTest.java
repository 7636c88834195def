package corebank.platform;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.ChildEngine;
import corebank.support.DatabaseTest;
import corebank.support.ProcessPause;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real paused instance: a second engine runs as a child process on the test database; under a
 * load of transfers spread over both instances it is stopped with SIGSTOP at a moment its
 * session holds the ledger's batch lock, and kept stopped for {@link #PAUSE}, longer than the
 * bound. The bound (docs/operations.md, Timeouts): PostgreSQL ends the stopped instance's session
 * after {@code corebank.database.idle-in-transaction-timeout} (2 s here), and the other instance,
 * whose batch waits up to {@code lock-timeout} (10 s) for the lock, writes again; {@link #MARGIN}
 * is for its batch and a loaded machine. After SIGCONT every request of the stopped instance is
 * answered (503 or committed) and, replayed with its key where it was not acknowledged, each
 * transfer moved the money exactly once.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PausedInstanceTest implements DatabaseTest {

    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
    /** Not part of the bound: the other instance's next batch and scheduling on a shared machine. */
    static final Duration MARGIN = Duration.ofSeconds(4);
    static final Duration PAUSE = Duration.ofSeconds(12);
    static final String PAUSED_NAME = "corebank-paused-instance";
    static final int ACCOUNTS = 4;

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    io.micronaut.context.ApplicationContext context;
    @Inject
    EmbeddedServer server;

    @TempDir
    Path dir;

    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    private final JsonMapper json = JsonMapper.createDefault();

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("corebank.database.idle-in-transaction-timeout", IDLE_TIMEOUT.toSeconds() + "s");
    }

    /** One transfer request and what became of it. */
    static final class Sent {
        final URI instance;
        final String key = UUID.randomUUID().toString();
        final String from;
        final String to;
        final long minor;
        final long sentAt = System.nanoTime();
        volatile long answeredAt;
        volatile int status; // -1: no answer
        volatile int finalStatus;
        volatile String retryAfter;
        volatile String entryId;

        Sent(URI instance, String from, String to, long minor) {
            this.instance = instance;
            this.from = from;
            this.to = to;
            this.minor = minor;
        }

        String body() {
            return "{\"debitAccount\":\"" + from + "\",\"creditAccount\":\"" + to + "\",\"amount\":\"0."
                    + String.format("%02d", minor) + "\",\"currency\":\"EUR\"}";
        }
    }

    @Test
    void theOtherInstanceWritesAgainWithinTheBoundWhileOneIsStoppedAndNothingIsLostOrDuplicated() throws Exception {
        int port = ChildEngine.freePort();
        URI paused = URI.create("http://127.0.0.1:" + port);
        URI other = server.getURI();
        Process engine = ChildEngine.startOnTestDatabase(dir, port, PAUSED_NAME,
                Map.of("corebank.database.idle-in-transaction-timeout", IDLE_TIMEOUT.toSeconds() + "s"));
        try {
            Api api = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
            String equity = api.openEquity("EUR");
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                accounts.add(api.openCustomer("EUR"));
                api.fund(equity, accounts.get(i), "1000.00", "EUR");
            }
            Map<String, Long> model = new HashMap<>(balances(accounts));
            Set<String> entriesBefore = transferEntries(accounts);
            ChildEngine.awaitHealthy(engine, paused, Duration.ofSeconds(150), dir.resolve("engine.log"));

            ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>();
            for (URI instance : List.of(paused, paused, paused, paused, other, other)) {
                Thread t = new Thread(() -> load(instance, api.accessToken(), accounts, sent), "load-" + instance.getPort());
                t.start();
                clients.add(t);
            }
            Thread.sleep(1_500);
            ProcessPause.Paused stop;
            try {
                stop = ProcessPause.stopHoldingBatchLock(engine.pid(), PAUSED_NAME, TestDatabase::connect, 60);
                long resumeAt = stop.stoppedAt() + PAUSE.toNanos();
                Thread.sleep(Math.max(0, (resumeAt - System.nanoTime()) / 1_000_000));
            } finally {
                ProcessPause.resume(engine.pid());
            }
            long resumedAt = System.nanoTime();
            Thread.sleep(1_500);
            stopLoad = true;
            for (Thread t : clients) {
                t.join(90_000);
            }

            // the other instance: its first acknowledgement of a transfer sent once the lock was seen held
            long recovered = sent.stream().filter(s -> s.instance.equals(other) && s.sentAt > stop.confirmedAt() && s.status == 201)
                    .mapToLong(s -> s.answeredAt).min().orElse(Long.MAX_VALUE);
            Duration recovery = Duration.ofNanos(recovered - stop.stoppedAt());
            long inFlight = sent.stream().filter(s -> s.instance.equals(paused) && s.sentAt < resumedAt && s.answeredAt > resumedAt).count();
            List<Sent> unknown = sent.stream().filter(s -> s.status == -1 || s.status == 503).toList();
            System.out.printf("paused instance (SIGSTOP, %d attempt(s) to catch it holding the batch lock): the other instance"
                            + " wrote again after %d ms (bound %d ms + margin %d ms); %d requests, %d in flight at the stopped"
                            + " instance, %d answered 503 or not at all%n", stop.attempts(), recovery.toMillis(),
                    IDLE_TIMEOUT.toMillis(), MARGIN.toMillis(), sent.size(), inFlight, unknown.size());

            assertThat(recovered).as("the other instance wrote while one was stopped").isNotEqualTo(Long.MAX_VALUE);
            assertThat(recovery).as("the other instance writes again within the bound (plus margin), while the first is still stopped")
                    .isLessThan(IDLE_TIMEOUT.plus(MARGIN)).isLessThan(PAUSE);
            assertThat(inFlight).as("requests waited at the stopped instance").isPositive();
            assertThat(sent).as("every request answered, 201 or an honest 503 with Retry-After; never a 500")
                    .allSatisfy(s -> assertThat(s.status == 201 || (s.status == 503 && s.retryAfter != null))
                            .as("%s answered %d", s.instance, s.status).isTrue());

            replay(unknown, other, api.accessToken());
            assertThat(sent).as("every transfer committed in the end").allSatisfy(s -> assertThat(s.finalStatus).isEqualTo(201));
            Set<String> acknowledged = new HashSet<>();
            for (Sent s : sent) {
                acknowledged.add(s.entryId);
                model.merge(s.from, -s.minor, Long::sum);
                model.merge(s.to, s.minor, Long::sum);
            }
            Set<String> written = transferEntries(accounts);
            written.removeAll(entriesBefore);
            assertThat(acknowledged).as("one entry per transfer: nothing answered twice with one entry").hasSize(sent.size());
            assertThat(written).as("exactly the acknowledged entries: none lost, none duplicated").isEqualTo(acknowledged);
            assertThat(balances(accounts)).as("balances equal the model from the acknowledged answers").isEqualTo(model);
            assertThat(api.body(api.get("/internal/v1/trial-balance")).get("balanced")).isEqualTo(true);
        } finally {
            if (engine.isAlive()) {
                ProcessPause.resume(engine.pid());
            }
            engine.destroy();
            if (!engine.waitFor(60, TimeUnit.SECONDS)) {
                engine.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private volatile boolean stopLoad;

    private void load(URI instance, String token, List<String> accounts, ConcurrentLinkedQueue<Sent> sent) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stopLoad) {
            String from = accounts.get(random.nextInt(accounts.size()));
            String to = accounts.get((accounts.indexOf(from) + 1 + random.nextInt(accounts.size() - 1)) % accounts.size());
            Sent s = new Sent(instance, from, to, 1 + random.nextInt(99));
            sent.add(s);
            send(s, instance, token);
            s.finalStatus = s.status;
            s.answeredAt = System.nanoTime();
            if (s.status != 201) {
                sleepQuietly(100);
            }
        }
    }

    private void send(Sent s, URI instance, String token) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(instance.resolve("/internal/v1/transfers"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json").header("Accept", "application/json")
                    .header("Authorization", "Bearer " + token).header("Idempotency-Key", s.key)
                    .POST(HttpRequest.BodyPublishers.ofString(s.body())).build(), HttpResponse.BodyHandlers.ofString());
            s.status = r.statusCode();
            s.retryAfter = r.headers().firstValue("Retry-After").orElse(null);
            if (r.statusCode() == 201) {
                s.entryId = (String) json.readValue(r.body(), Map.class).get("id");
            }
        } catch (IOException noAnswer) {
            s.status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.status = -1;
        }
    }

    /** Every request without a definite answer, replayed with its key and body on the other instance (at most 30 s). */
    private void replay(List<Sent> unknown, URI instance, String token) throws InterruptedException {
        long until = System.nanoTime() + 30_000_000_000L;
        for (Sent s : unknown) {
            do {
                send(s, instance, token);
                s.finalStatus = s.status;
                if (s.finalStatus != 201) {
                    Thread.sleep(200);
                }
            } while ((s.finalStatus == -1 || s.finalStatus == 503) && System.nanoTime() < until);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<String> transferEntries(List<String> accounts) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("""
                SELECT DISTINCT p.entry_id FROM postings p JOIN accounts a ON a.id = p.account_id
                  JOIN journal_entries j ON j.id = p.entry_id WHERE a.number = ANY (?) AND j.kind = 'TRANSFER'""")) {
            s.setArray(1, c.createArrayOf("text", accounts.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static Map<String, Long> balances(List<String> accounts) throws Exception {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT number, credits_posted - debits_posted FROM accounts WHERE number = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", accounts.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }
}
