package corebank.bench;

import corebank.Application;
import corebank.audit.AuditSequencer;
import corebank.identity.user.Role;
import corebank.platform.EmbeddedDatabase;
import corebank.support.TestKeys;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The auditors' query benchmark: {@code mvn -q test-compile exec:exec@audit-bench}. It fills a
 * fresh embedded PostgreSQL with synthetic audit events (1,000,000 by default; option
 * {@code --events=N} in COREBANK_BENCH_ARGS), seals them into the Merkle log with the engine's
 * own sequencer (timed), then times the first page of every auditor filter through the
 * authenticated HTTP API: 3 warm-up and 20 measured calls each; it prints p50, p95 and max.
 * Not a test: its numbers only mean something on a quiet machine.
 */
public final class AuditQueryBenchmark {

    private static final int WARMUP = 3;
    private static final int RUNS = 20;

    private AuditQueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        java.util.logging.Logger.getLogger("liquibase").setLevel(java.util.logging.Level.WARNING);
        int events = 1_000_000;
        String extra = System.getenv("COREBANK_BENCH_ARGS");
        for (String arg : (extra == null ? "" : extra).trim().split("\\s+")) {
            if (arg.startsWith("--events=")) {
                events = Integer.parseInt(arg.substring("--events=".length()));
            }
        }
        Path dir = Files.createTempDirectory("corebank-audit-bench-");
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        int exit = 0;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pgdata"), 0, Map.of());
             ApplicationContext engine = start(db, port)) {
            long fillMillis = fill(db, events);
            long sealStart = System.nanoTime();
            AuditSequencer sequencer = engine.getBean(AuditSequencer.class);
            long sealed = 0;
            int n;
            while ((n = sequencer.sealOnce()) > 0) {
                sealed += n;
            }
            double sealSeconds = (System.nanoTime() - sealStart) / 1e9;
            String token;
            try (io.micronaut.http.client.HttpClient client = engine.createBean(io.micronaut.http.client.HttpClient.class,
                    new java.net.URL("http://127.0.0.1:" + port))) {
                token = TestUsers.loginAs(engine, client.toBlocking(), Role.AUDITOR).accessToken();
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI base = URI.create("http://127.0.0.1:" + port);
            System.out.println();
            System.out.println("Corebank auditor query benchmark");
            System.out.println("-".repeat(96));
            System.out.printf("audit events          | %,d (synthetic, inserted in %.1f s)%n", events, fillMillis / 1000.0);
            System.out.printf("sealed into the log   | %,d in %.1f s (%,.0f events/s, Merkle nodes + signed checkpoints)%n",
                    sealed, sealSeconds, sealed / sealSeconds);
            System.out.printf("%-58s | %8s | %8s | %8s%n", "first page (50 events) of", "p50 ms", "p95 ms", "max ms");
            for (Map.Entry<String, String> q : queries().entrySet()) {
                double[] ms = time(http, base, token, q.getValue());
                Arrays.sort(ms);
                double p95 = ms[(int) Math.ceil(0.95 * ms.length) - 1];
                System.out.printf("%-58s | %8.1f | %8.1f | %8.1f%n", q.getKey(), ms[ms.length / 2], p95, ms[ms.length - 1]);
                if (p95 >= 100) {
                    exit = 1;
                }
            }
            System.out.println("-".repeat(96));
            System.out.printf("machine: %d cpus, %s %s, java %s; PostgreSQL embedded (durable: fsync, synchronous_commit and full_page_writes on)%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                    System.getProperty("java.version"));
        } finally {
            org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
        }
        System.exit(exit);
    }

    private static Map<String, String> queries() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("all events (newest first)", "/audit/v1/events?limit=50");
        q.put("time range (one day, 30 days ago)", "/audit/v1/events?limit=50&from=" + enc(ago(31)) + "&to=" + enc(ago(30)));
        q.put("actor", "/audit/v1/events?limit=50&actor=user:teller-42");
        q.put("event type (action)", "/audit/v1/events?limit=50&action=identity.login");
        q.put("outcome FAILURE", "/audit/v1/events?limit=50&outcome=FAILURE");
        q.put("target (type and id)", "/audit/v1/events?limit=50&targetType=ACCOUNT&targetId=" + account(777));
        q.put("account (target or either side of a transfer)", "/audit/v1/events?limit=50&account=" + account(4242));
        q.put("request id", "/audit/v1/events?limit=50&requestId=req-500000");
        q.put("actor + event type + outcome", "/audit/v1/events?limit=50&actor=user:teller-7&action=ledger.transfer&outcome=SUCCESS");
        q.put("actor + time range", "/audit/v1/events?limit=50&actor=user:teller-42&from=" + enc(ago(60)) + "&to=" + enc(ago(1)));
        return q;
    }

    private static double[] time(HttpClient http, URI base, String token, String path) throws Exception {
        double[] ms = new double[RUNS];
        for (int i = -WARMUP; i < RUNS; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            long elapsed = System.nanoTime() - start;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
            }
            if (i >= 0) {
                ms[i] = elapsed / 1e6;
            }
        }
        return ms;
    }

    /**
     * Synthetic but shaped like production: 2,000 actors, transfers (with both accounts in the
     * details) most of the time, logins, account events and failures, spread over 90 days.
     */
    private static long fill(EmbeddedDatabase db, int events) throws Exception {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), ""); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute("""
                    INSERT INTO audit_events (occurred_at, actor, actor_role, action, outcome, reason, target_type, target_id,
                                              request_id, channel, client_address, user_agent, details)
                    SELECT now() - interval '90 days' + (g * interval '90 days' / %1$d),
                           'user:teller-' || (g %% 2000), 'TELLER',
                           CASE WHEN g %% 10 < 7 THEN 'ledger.transfer' WHEN g %% 10 < 9 THEN 'identity.login' ELSE 'ledger.account.open' END,
                           CASE WHEN g %% 23 = 0 THEN 'FAILURE' ELSE 'SUCCESS' END,
                           CASE WHEN g %% 23 = 0 THEN 'insufficient_funds' END,
                           CASE WHEN g %% 10 < 7 THEN 'ENTRY' WHEN g %% 10 < 9 THEN 'SESSION' ELSE 'ACCOUNT' END,
                           CASE WHEN g %% 10 >= 9 THEN '1' || lpad(((g * 7) %% 10000)::text, 11, '0') ELSE md5(g::text) END,
                           'req-' || g, 'teller-api', '10.0.' || (g %% 250) || '.' || (g %% 200), 'bench/1.0',
                           CASE WHEN g %% 10 < 7 THEN jsonb_build_object(
                                'debitAccount', '1' || lpad(((g * 13) %% 10000)::text, 11, '0'),
                                'creditAccount', '1' || lpad(((g * 17) %% 10000)::text, 11, '0'),
                                'amountMinor', g %% 100000, 'currency', 'EUR') END
                      FROM generate_series(1, %1$d) AS g
                    """.formatted(events));
            s.execute("ANALYZE audit_events");
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String account(int i) {
        return "1" + String.format("%011d", i);
    }

    private static String ago(int days) {
        return java.time.Instant.now().minus(Duration.ofDays(days)).toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static ApplicationContext start(EmbeddedDatabase db, int port) {
        Map<String, Object> p = new LinkedHashMap<>(TestKeys.PROPERTIES);
        p.put("datasources.default.url", db.jdbcUrl());
        p.put("datasources.default.username", EmbeddedDatabase.RUNTIME_ROLE);
        p.put("datasources.default.password", "");
        p.put("datasources.owner.url", db.jdbcUrl());
        p.put("datasources.owner.username", EmbeddedDatabase.OWNER_ROLE);
        p.put("datasources.owner.password", "");
        p.put("micronaut.server.host", "127.0.0.1");
        p.put("micronaut.server.port", port);
        p.put("corebank.demo.enabled", "false");
        p.put("corebank.audit.seal-interval", "1h");
        p.put("corebank.audit.verify-interval", "24h");
        return Micronaut.build(new String[0]).mainClass(Application.class).properties(p).start();
    }
}
