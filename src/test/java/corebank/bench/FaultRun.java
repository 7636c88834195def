package corebank.bench;

import corebank.identity.mfa.Totp;
import corebank.identity.mfa.TotpSecret;
import corebank.platform.EmbeddedDatabase;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fault tests: {@code mvn -q test-compile exec:exec@faults} (never part of {@code mvn test}).
 *
 * <p>Starts a durable embedded PostgreSQL in a temporary directory and the engine as a separate
 * process on it (as {@link PerformanceBenchmark} does), seeds 16 accounts of 20,000.00 EUR, and
 * runs 8 teller clients sending random transfers (0.01 to 9,999.99 EUR, under the approval
 * threshold, so some are refused for want of funds) with an Idempotency-Key each. Four
 * scenarios, one after the other on the same engine and database:
 * <ol>
 *   <li>kill -9 of the engine, then a restart on the same data directory and port;</li>
 *   <li>an immediate restart of PostgreSQL ({@code pg_ctl restart -m immediate} with the binaries the
 *   embedded server runs);</li>
 *   <li>a database outage of 12 s, longer than the pool's 5 s connect timeout;</li>
 *   <li>a paused instance ({@link PausedInstance}): a second engine process on the same database,
 *   the clients spread over both, the second stopped with SIGSTOP for 20 s while it holds the
 *   ledger's batch lock; the first must write again within the bound.</li>
 * </ol>
 * After each, every request without a definite answer (no answer, or 503) is replayed with its key
 * and body until it gets one; then the checks: every acknowledged transfer's entry present once,
 * nothing else posted (refused ones absent), every balance equal to the model built from the
 * acknowledged answers, totals conserved (the trial balance), no balance below its limit, the audit
 * verification OK (as an auditor), zero 500s. Exit status 1 if any check fails.
 */
public final class FaultRun {

    private static final int ACCOUNTS = 16;
    private static final int CLIENTS = 8;
    private static final long SEED_MINOR = 2_000_000L;
    private static final Pattern ENTRY_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    /** One transfer request and what became of it. */
    static final class Sent {
        final String key = UUID.randomUUID().toString();
        final String from;
        final String to;
        final long minor;
        final String json;
        volatile int firstStatus;  // -1: no answer
        volatile int finalStatus;
        volatile String entryId;
        volatile URI instance;     // the engine it was first sent to
        volatile long sentAt;      // System.nanoTime() when first sent, and when its first answer (or none) came
        volatile long answeredAt;

        Sent(String from, String to, long minor) {
            this.from = from;
            this.to = to;
            this.minor = minor;
            this.json = "{\"debitAccount\":\"" + from + "\",\"creditAccount\":\"" + to + "\",\"amount\":\""
                    + (minor / 100) + "." + String.format("%02d", minor % 100) + "\",\"currency\":\"EUR\"}";
        }

        boolean unknown() {
            return finalStatus == -1 || finalStatus == 503;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final JsonMapper json = JsonMapper.createDefault();
    final Map<String, Long> model = new HashMap<>();
    Path dir;
    Path pgData;
    private Path pgCtl;
    PerformanceBenchmark.Server database;
    Process engine;
    int port;
    URI base;
    volatile String tellerToken;
    private String tellerRefresh;
    String auditorToken;
    String auditorRefresh;
    List<String> accounts;
    final Set<String> knownEntries = new HashSet<>();

    public static void main(String[] args) throws Exception {
        int exit;
        try {
            exit = new FaultRun().run();
        } catch (Exception e) {
            e.printStackTrace();
            exit = 2;
        }
        System.exit(exit);
    }

    private int run() throws Exception {
        dir = Files.createTempDirectory("corebank-faults-");
        pgData = dir.resolve("pgdata");
        int pgPort = PerformanceBenchmark.freePort();
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(pgData, pgPort, Map.of())) {
            database = PerformanceBenchmark.Server.embedded(embedded);
            System.out.println("PostgreSQL: " + database.describe());
            port = PerformanceBenchmark.freePort();
            base = URI.create("http://127.0.0.1:" + port);
            startEngine();
            try {
                login();
                accounts = PerformanceBenchmark.seed(database, ACCOUNTS, SEED_MINOR);
                accounts.forEach(a -> model.put(a, SEED_MINOR));
                knownEntries.addAll(transferEntries());
                List<String[]> rows = new ArrayList<>();
                boolean ok = true;
                ok &= scenario("engine kill -9, restart", rows, this::killEngine);
                ok &= scenario("PostgreSQL immediate restart", rows, this::restartDatabaseImmediately);
                ok &= scenario("database outage 12 s (pool connect timeout 5 s)", rows, this::databaseOutage);
                try (PausedInstance paused = PausedInstance.start(this)) {
                    ok &= scenario("paused instance: SIGSTOP 20 s holding batch lock", rows, paused, List.of(base, paused.base()), paused);
                }
                String header = String.format("%-48s | %8s | %5s | %7s | %16s | %4s | %10s | %4s | %9s | %s",
                        "scenario", "requests", "acked", "refused", "unknown(resolved)", "lost", "duplicated", "500s", "recovery", "checks");
                System.out.println();
                System.out.println(header);
                System.out.println("-".repeat(header.length()));
                rows.forEach(r -> System.out.println(String.join(" | ", r)));
                System.out.println(ok ? "ALL CHECKS PASSED" : "SOME CHECK FAILED");
                return ok ? 0 : 1;
            } finally {
                engine.destroy();
                engine.waitFor();
            }
        } finally {
            org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
        }
    }

    interface Fault {
        /** Injects the fault and returns when it has ended (engine restarted, database back): System.nanoTime() then. */
        long inject() throws Exception;
    }

    /**
     * A scenario's own recovery time (seconds, NaN when none) and checks, for a fault whose
     * recovery is not "the first acknowledgement after the fault ended" (a paused instance: the
     * other instance's first acknowledgement after the pause began).
     */
    interface Recovery {
        double seconds(List<Sent> sent, List<String> problems);

        /** The last column of the scenario's row when its checks pass. */
        String note();
    }

    boolean scenario(String name, List<String[]> rows, Fault fault) throws Exception {
        return scenario(name, rows, fault, List.of(base), null);
    }

    /** Clients spread over {@code instances} (client i on instance i mod n); {@code recovery} null for the default measure. */
    private boolean scenario(String name, List<String[]> rows, Fault fault, List<URI> instances, Recovery own) throws Exception {
        System.out.println("== " + name);
        refreshTeller();
        ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
        AtomicLong firstAckAfter = new AtomicLong(Long.MAX_VALUE);
        AtomicLong faultEnded = new AtomicLong(Long.MAX_VALUE);
        AtomicLong stopAt = new AtomicLong(System.nanoTime() + 120_000_000_000L);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            URI instance = instances.get(i % instances.size());
            clients.add(pool.submit(() -> {
                client(instance, sent, stopAt, faultEnded, firstAckAfter);
                return null;
            }));
        }
        Thread.sleep(6_000);
        long injected = System.nanoTime();
        faultEnded.set(fault.inject());
        // run on until the engine acknowledges again, then 4 s more
        while (firstAckAfter.get() == Long.MAX_VALUE && System.nanoTime() < stopAt.get()) {
            Thread.sleep(100);
        }
        stopAt.set(Math.min(stopAt.get(), System.nanoTime() + 4_000_000_000L));
        for (Future<?> f : clients) {
            f.get();
        }
        pool.shutdown();
        long requests = sent.size();
        long acked = sent.stream().filter(s -> s.firstStatus == 201).count();
        long refused = sent.stream().filter(s -> s.firstStatus >= 400 && s.firstStatus < 500).count();
        long fiveHundreds = sent.stream().filter(s -> s.firstStatus >= 500 && s.firstStatus != 503).count();
        List<Sent> unknown = sent.stream().filter(Sent::unknown).toList();
        resolve(unknown);
        long stillUnknown = unknown.stream().filter(Sent::unknown).count();
        fiveHundreds += unknown.stream().filter(s -> s.finalStatus >= 500 && s.finalStatus != 503).count();
        // the model, from acknowledged answers only
        List<Sent> done = sent.stream().filter(s -> s.finalStatus == 201).toList();
        Set<String> ackedEntries = new HashSet<>();
        for (Sent s : done) {
            model.merge(s.from, -s.minor, Long::sum);
            model.merge(s.to, s.minor, Long::sum);
            ackedEntries.add(s.entryId);
        }
        Set<String> now = transferEntries();
        Set<String> fresh = new HashSet<>(now);
        fresh.removeAll(knownEntries);
        knownEntries.addAll(now);
        Set<String> lostSet = new HashSet<>(ackedEntries);
        lostSet.removeAll(now);
        long lost = lostSet.size() + (done.size() - ackedEntries.size()); // two keys answered with one entry count as lost
        Set<String> extra = new HashSet<>(fresh);
        extra.removeAll(ackedEntries);
        long duplicated = extra.size();
        List<String> problems = new ArrayList<>();
        Map<String, Long> balances = balances();
        for (String a : accounts) {
            if (!model.get(a).equals(balances.get(a))) {
                problems.add("balance of " + a + " is " + balances.get(a) + ", the model says " + model.get(a));
            }
        }
        problems.addAll(databaseChecks());
        refreshAuditor();
        Map<?, ?> trial = get("/audit/v1/trial-balance", auditorToken);
        if (!Boolean.TRUE.equals(trial.get("balanced"))) {
            problems.add("trial balance not balanced: " + trial);
        }
        Map<?, ?> verification = get("/audit/v1/verification", auditorToken);
        if (!Boolean.TRUE.equals(verification.get("ok"))) {
            problems.add("audit verification failed: " + verification);
        }
        if (stillUnknown > 0) {
            problems.add(stillUnknown + " outcomes still unknown after replays");
        }
        if (lost > 0 || duplicated > 0 || fiveHundreds > 0) {
            problems.add("lost " + lost + ", duplicated " + duplicated + ", 500s " + fiveHundreds);
        }
        if (firstAckAfter.get() == Long.MAX_VALUE) {
            problems.add("no transfer acknowledged after the fault");
        }
        double recovery = firstAckAfter.get() == Long.MAX_VALUE ? Double.NaN : (firstAckAfter.get() - faultEnded.get()) / 1e9;
        double outage = (firstAckAfter.get() == Long.MAX_VALUE ? Double.NaN : (firstAckAfter.get() - injected) / 1e9);
        String note = String.format(Locale.ROOT, "ok (no acks for %.1f s from the injection)", outage);
        if (own != null) {
            recovery = own.seconds(List.copyOf(sent), problems);
            note = own.note();
        }
        problems.forEach(p -> System.out.println("  FAILED: " + p));
        rows.add(new String[]{String.format("%-48s", name), String.format("%8d", requests), String.format("%5d", acked),
                String.format("%7d", refused), String.format("%16s", unknown.size() + " (" + (unknown.size() - stillUnknown) + ")"),
                String.format("%4d", lost), String.format("%10d", duplicated), String.format("%4d", fiveHundreds),
                String.format(Locale.ROOT, "%7.1f s", recovery),
                problems.isEmpty() ? note : "FAILED"});
        return problems.isEmpty();
    }

    private void client(URI instance, ConcurrentLinkedQueue<Sent> sent, AtomicLong stopAt, AtomicLong faultEnded,
                        AtomicLong firstAckAfter) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        LeanHttpClient connection = new LeanHttpClient(instance);
        try {
            while (System.nanoTime() < stopAt.get()) {
                String from = accounts.get(random.nextInt(accounts.size()));
                String to;
                do {
                    to = accounts.get(random.nextInt(accounts.size()));
                } while (to.equals(from));
                Sent s = new Sent(from, to, 1 + random.nextLong(999_999));
                s.instance = instance;
                s.sentAt = System.nanoTime();
                sent.add(s);
                int status = send(connection, s);
                s.answeredAt = System.nanoTime();
                s.firstStatus = status;
                s.finalStatus = status;
                if (status == 201 && System.nanoTime() > faultEnded.get()) {
                    firstAckAfter.compareAndSet(Long.MAX_VALUE, System.nanoTime());
                }
                if (status == -1 || status == 503) {
                    connection.close();
                    connection = new LeanHttpClient(instance);
                    Thread.sleep(200);
                }
            }
        } finally {
            connection.close();
        }
    }

    /** Sends once; the status, or -1 when no answer came. Remembers the entry of a 201. */
    int send(LeanHttpClient connection, Sent s) {
        try {
            LeanHttpClient.Response r = connection.post("/internal/v1/transfers", s.json, tellerToken, s.key);
            if (r.status() == 201) {
                Matcher m = ENTRY_ID.matcher(r.body());
                s.entryId = m.find() ? m.group(1) : null;
            } else if (r.status() >= 500 && r.status() != 503) {
                System.out.println("  500-class answer: " + r.status() + " " + r.body());
            }
            return r.status();
        } catch (IOException noAnswer) {
            return -1;
        }
    }

    /** Replays every unknown outcome with its key and body until it has a definite answer (at most 60 s). */
    private void resolve(List<Sent> unknown) throws Exception {
        long until = System.nanoTime() + 60_000_000_000L;
        try (LeanHttpClient connection = new LeanHttpClient(base)) {
            for (Sent s : unknown) {
                while (s.unknown() && System.nanoTime() < until) {
                    s.finalStatus = send(connection, s);
                    if (s.unknown()) {
                        Thread.sleep(500);
                    }
                }
            }
        }
    }

    // ---- faults ---------------------------------------------------------------------------------

    private long killEngine() throws Exception {
        engine.destroyForcibly(); // SIGKILL
        engine.waitFor();
        long ended = System.nanoTime();
        System.out.println("  engine killed (SIGKILL); restarting it");
        startEngine();
        return ended;
    }

    private long restartDatabaseImmediately() throws Exception {
        pgCtl("restart", "-m", "immediate");
        System.out.println("  PostgreSQL restarted with pg_ctl -m immediate (no checkpoint: crash recovery on start)");
        return System.nanoTime();
    }

    private long databaseOutage() throws Exception {
        pgCtl("stop", "-m", "immediate");
        System.out.println("  PostgreSQL stopped with pg_ctl -m immediate; down for 12 s");
        Thread.sleep(12_000);
        pgCtl("restart", "-m", "fast"); // restart starts a stopped server with the options in postmaster.opts
        System.out.println("  PostgreSQL started again");
        return System.nanoTime();
    }

    /**
     * pg_ctl of the binaries the embedded server runs, as the embedded library runs it: under
     * {@code unshare -U} when this process is root (PostgreSQL refuses to run as root).
     */
    void pgCtl(String... args) throws Exception {
        if (pgCtl == null) {
            long postmaster = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim());
            pgCtl = Path.of("/proc/" + postmaster + "/exe").toRealPath().resolveSibling("pg_ctl");
        }
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(pgCtl.toString(), "-D", pgData.toString(), "-w", "-t", "120", "-l", dir.resolve("postgres.log").toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("pg_ctl.out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(out));
        }
    }

    // ---- the engine and its users -------------------------------------------------------------

    void startEngine() throws Exception {
        engine = PerformanceBenchmark.startEngine(database, dir.resolve("engine"), port, null);
        for (int i = 0; i < 480; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the engine did not start; see " + dir.resolve("engine/engine.log"));
    }

    void login() throws Exception {
        Path tokenFile = dir.resolve("engine/bootstrap-admin-enrollment.txt");
        for (int i = 0; i < 40 && !Files.exists(tokenFile); i++) {
            Thread.sleep(250);
        }
        String adminToken = Files.readAllLines(tokenFile).get(0).substring("enrollmentToken=".length());
        String admin = (String) enrollAndLogin("benchadmin", adminToken).get("accessToken");
        Map<?, ?> teller = post("/internal/v1/admin/users", Map.of("username", "faultteller", "displayName", "Fault Teller",
                "roles", List.of("TELLER")), admin);
        Map<?, ?> auditor = post("/internal/v1/admin/users", Map.of("username", "faultauditor", "displayName", "Fault Auditor",
                "roles", List.of("AUDITOR")), admin);
        Map<?, ?> t = enrollAndLogin("faultteller", (String) teller.get("enrollmentToken"));
        tellerToken = (String) t.get("accessToken");
        tellerRefresh = (String) t.get("refreshToken");
        Map<?, ?> a = enrollAndLogin("faultauditor", (String) auditor.get("enrollmentToken"));
        auditorToken = (String) a.get("accessToken");
        auditorRefresh = (String) a.get("refreshToken");
    }

    private Map<?, ?> enrollAndLogin(String username, String enrollmentToken) throws Exception {
        String password = "fault run passphrase " + UUID.randomUUID();
        Map<?, ?> setup = post("/api/v1/auth/enrollment", Map.of("enrollmentToken", enrollmentToken, "password", password), null);
        byte[] secret = TotpSecret.fromBase32((String) setup.get("secretBase32"));
        Totp totp = Totp.authenticatorApp();
        long now = System.currentTimeMillis() / 1000;
        post("/api/v1/auth/enrollment/confirm", Map.of("enrollmentToken", enrollmentToken, "code", totp.code(secret, now)), null);
        Map<?, ?> challenge = post("/api/v1/auth/login", Map.of("username", username, "password", password), null);
        return post("/api/v1/auth/second-factor", Map.of("challengeId", challenge.get("challengeId"), "code", totp.code(secret, now + 30)), null);
    }

    private void refreshTeller() throws Exception {
        Map<?, ?> r = post("/api/v1/auth/refresh", Map.of("refreshToken", tellerRefresh), null);
        tellerToken = (String) r.get("accessToken");
        tellerRefresh = (String) r.get("refreshToken");
    }

    void refreshAuditor() throws Exception {
        Map<?, ?> r = post("/api/v1/auth/refresh", Map.of("refreshToken", auditorRefresh), null);
        auditorToken = (String) r.get("accessToken");
        auditorRefresh = (String) r.get("refreshToken");
    }

    private Map<?, ?> post(String path, Map<String, Object> body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        return answer(path, bearer, b);
    }

    Map<?, ?> get(String path, String bearer) throws Exception {
        return answer(path, bearer, HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private Map<?, ?> answer(String path, String bearer, HttpRequest.Builder b) throws Exception {
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = http.send(b.header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return json.readValue(r.body(), Map.class);
    }

    // ---- the database, read as the schema owner ------------------------------------------------

    private Connection owner() throws Exception {
        return DriverManager.getConnection(database.jdbcUrl(), database.owner(), database.password());
    }

    Set<String> transferEntries() throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = owner(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM journal_entries WHERE kind = 'TRANSFER'")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private Map<String, Long> balances() throws Exception {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = owner(); PreparedStatement s = c.prepareStatement(
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

    /** Totals conserved and limits kept, from the postings and the accounts' counters. */
    private List<String> databaseChecks() throws Exception {
        List<String> problems = new ArrayList<>();
        try (Connection c = owner(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT sum(debits_posted) - sum(credits_posted) FROM accounts WHERE currency = 'EUR'")) {
                rs.next();
                if (rs.getLong(1) != 0) {
                    problems.add("EUR debits and credits differ by " + rs.getLong(1));
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT count(*) FROM accounts WHERE (debits_must_not_exceed_credits AND debits_posted > credits_posted)
                                                     OR (credits_must_not_exceed_debits AND credits_posted > debits_posted)""")) {
                rs.next();
                if (rs.getLong(1) != 0) {
                    problems.add(rs.getLong(1) + " accounts beyond their limit");
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT count(*) FROM accounts a WHERE credits_posted - debits_posted <>
                      (SELECT coalesce(sum(CASE side WHEN 'C' THEN amount_minor ELSE -amount_minor END), 0) FROM postings p WHERE p.account_id = a.id)""")) {
                rs.next();
                if (rs.getLong(1) != 0) {
                    problems.add(rs.getLong(1) + " accounts whose counters disagree with their postings");
                }
            }
        }
        return problems;
    }
}
