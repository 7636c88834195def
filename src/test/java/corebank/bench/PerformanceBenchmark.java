package corebank.bench;

import corebank.identity.mfa.Totp;
import corebank.identity.mfa.TotpSecret;
import corebank.platform.EmbeddedDatabase;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The performance benchmark of the full authenticated path: {@code mvn -q test-compile exec:exec@perf}.
 *
 * <ol>
 *   <li>Starts an embedded PostgreSQL (durable: fsync, synchronous_commit and full_page_writes on) in a temporary directory, or
 *   uses the server COREBANK_BENCH_JDBC_URL names (see {@link Server}).</li>
 *   <li>Runs pgbench's built-in TPC-B against the same server, same client count and duration,
 *   as the reference. pgbench is found in {@code PGBENCH}, on the PATH, or under
 *   /usr/lib/postgresql/&lt;version&gt;/bin (Debian's postgresql package); without it the
 *   reference is reported as missing.</li>
 *   <li>Starts the engine as a separate process (its own JVM, -Xmx512m), bootstraps an
 *   administrator, who creates a teller; both enroll TOTP through the API; the teller logs in
 *   with both factors.</li>
 *   <li>Seeds the accounts (100,000 by default) with SQL as the schema owner.</li>
 *   <li>Drives three workloads through the HTTP API: uniform random pairs, a hot-account mix
 *   (half of the transfers into 10 accounts), and the batch endpoint (100 transfers a
 *   request); then the uniform workload again at half its peak rate, for latency.</li>
 * </ol>
 * It prints one table (transfers/s, p50/p95/p99, retry rate, engine CPU and RSS, load generator
 * CPU, ratio to pgbench) and writes bench-results/perf.json and bench-results/perf.html.
 * Options in COREBANK_BENCH_ARGS: --seconds=20 --clients=32 --accounts=100000 --batch=100 --warmup=240
 * (at most this many seconds of unreported load first, until the engine's JIT has compiled its hot paths) --profile=0
 * (1: record the measured runs with JFR and print where the engine's CPU went).
 */
public final class PerformanceBenchmark {

    private static final long SEED_MINOR = 100_000_000L;
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    record Result(String workload, double transfersPerSecond, double p50, double p95, double p99, double retryRate,
                  double engineCpu, long engineRssMb, double databaseCpu, double loadCpu, long errors, double jitSeconds,
                  double commandsPerBatch, double writerBusy, double batchMillis) {
    }

    private final Map<String, Integer> options;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4)).build();
    private URI base;
    /** The instances the load goes to: the first engine, and during the two-instance run the second as well. */
    private List<URI> bases = new ArrayList<>();
    private String token;
    /** The teller's refresh token and when its access token was issued: runs outlast an access token's 300 s. */
    private String refreshToken;
    private long tokenIssuedAt;
    private List<String> accounts;
    private Process engine;
    /** The second engine process of the two-instance run (null otherwise). */
    private Process engine2;
    /** What produced the figures: the server's settings and the machine (printed above the table and in the JSON). */
    private final Map<String, String> settings = new LinkedHashMap<>();
    private long postmaster;
    private Server database;
    private boolean databaseProfileOn = true;

    /**
     * The PostgreSQL under test: an embedded one (default), or the server that
     * COREBANK_BENCH_JDBC_URL names, with COREBANK_BENCH_DB_SUPERUSER (postgres) and
     * COREBANK_BENCH_DB_SUPERUSER_PASSWORD for pgbench and the profile, COREBANK_BENCH_DB_OWNER
     * (corebank_owner) for seeding, COREBANK_BENCH_DB_USER (corebank_app) for the engine, and
     * COREBANK_BENCH_DB_PASSWORD for both of those. Its CPU is then not measured ("n/a"; null in the JSON).
     */
    record Server(String jdbcUrl, String host, int port, String superuser, String superuserPassword, String owner,
                  String runtime, String password, Path dataDirectory) {

        static Server embedded(EmbeddedDatabase db) {
            return new Server(db.jdbcUrl(), "127.0.0.1", db.port(), "postgres", "", EmbeddedDatabase.OWNER_ROLE,
                    EmbeddedDatabase.RUNTIME_ROLE, "", db.dataDirectory());
        }

        static Server external(String jdbcUrl) {
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            return new Server(jdbcUrl, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                    env("COREBANK_BENCH_DB_SUPERUSER", "postgres"), env("COREBANK_BENCH_DB_SUPERUSER_PASSWORD", ""),
                    env("COREBANK_BENCH_DB_OWNER", EmbeddedDatabase.OWNER_ROLE), env("COREBANK_BENCH_DB_USER", EmbeddedDatabase.RUNTIME_ROLE),
                    env("COREBANK_BENCH_DB_PASSWORD", ""), null);
        }

        private static String env(String name, String otherwise) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? otherwise : value;
        }

        Connection asSuperuser(String databaseName) throws java.sql.SQLException {
            return DriverManager.getConnection(jdbcUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + databaseName + "$1"), superuser, superuserPassword);
        }

        String describe() {
            return dataDirectory == null ? "external, " + jdbcUrl : "embedded, " + jdbcUrl + " (data in " + dataDirectory + ")";
        }
    }
    private final StringBuilder databaseProfile = new StringBuilder();

    private PerformanceBenchmark(Map<String, Integer> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> o = new LinkedHashMap<>(Map.of("seconds", 20, "clients", 32, "accounts", 100_000, "batch", 100,
                "warmup", 240, "profile", 0, "scale", 0, "instances", 1));
        String extra = System.getenv("COREBANK_BENCH_ARGS");
        for (String a : (extra == null ? "" : extra).trim().split("\\s+")) {
            Matcher m = Pattern.compile("--([a-z]+)=(\\d+)").matcher(a);
            if (m.matches()) {
                o.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        int exit;
        try {
            exit = new PerformanceBenchmark(o).run();
        } catch (Exception e) {
            e.printStackTrace();
            exit = 2;
        }
        System.exit(exit);
    }

    private int run() throws Exception {
        Path dir = Files.createTempDirectory("corebank-perf-");
        boolean profile = options.get("profile") == 1;
        Map<String, String> server = new LinkedHashMap<>(Map.of("max_connections", "200"));
        if (profile) {
            server.put("shared_preload_libraries", "pg_stat_statements");
            server.put("pg_stat_statements.track", "all");
        }
        String externalUrl = System.getenv("COREBANK_BENCH_JDBC_URL");
        try (EmbeddedDatabase embedded = externalUrl == null ? EmbeddedDatabase.start(dir.resolve("pgdata"), 0, server) : null) {
            database = embedded != null ? Server.embedded(embedded) : Server.external(externalUrl);
            System.out.println("PostgreSQL: " + database.describe());
            if (profile) {
                try {
                    superuser("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                } catch (java.sql.SQLException e) {
                    System.out.println("no PostgreSQL profile (pg_stat_statements must be in shared_preload_libraries): " + e.getMessage());
                    databaseProfileOn = false;
                }
            }
            recordSettings();
            Double pgbench = pgbench(database);
            int port = freePort();
            base = URI.create("http://127.0.0.1:" + port);
            bases = List.of(base);
            engine = startEngine(database, dir.resolve("engine"), port, options.get("profile") == 1 ? Profile.samplingOnly(dir) : null);
            postmaster = database.dataDirectory() == null ? 0
                    : Long.parseLong(Files.readAllLines(database.dataDirectory().resolve("postmaster.pid")).get(0).trim());
            try {
                waitHealthy();
                token = loginAsTeller(dir.resolve("engine"));
                accounts = seed(database, options.get("accounts"));
                // as after any bulk load: the planner's statistics and the visibility map for the new accounts
                superuser("VACUUM ANALYZE");
                experiment();
                warmUp();
                Path recording = dir.resolve("engine.jfr");
                if (options.get("profile") == 1) {
                    // JFR's sampling profiler over the measured runs only (not start-up, not warm-up)
                    jcmd("JFR.start", "name=bench", "settings=" + dir.resolve("sampling.jfc"));
                }
                List<Result> results = new ArrayList<>();
                Result uniform = measure("uniform random pairs", false, 0, 0, options.get("seconds"));
                results.add(uniform);
                results.add(measure("hot accounts (half into 10)", true, 0, 0, options.get("seconds")));
                results.add(measure("batch endpoint (" + options.get("batch") + " a request)", false, options.get("batch"), 0, options.get("seconds")));
                results.add(measure("uniform at half the peak rate", false, 0, uniform.transfersPerSecond() / 2, options.get("seconds")));
                if (options.get("instances") >= 2) {
                    results.addAll(twoInstances(dir));
                }
                report(results, pgbench, uniform);
                if (options.get("profile") == 1) {
                    jcmd("JFR.dump", "name=bench", "filename=" + recording);
                    Profile.summarize(recording, Path.of("bench-results/engine-profile.txt"));
                    Files.writeString(Path.of("bench-results/database-profile.txt"), databaseProfile);
                    System.out.print(databaseProfile);
                    System.out.println("wrote bench-results/database-profile.txt");
                }
                return 0;
            } finally {
                if (engine2 != null) {
                    engine2.destroy();
                    engine2.waitFor();
                }
                engine.destroy();
                engine.waitFor();
            }
        } finally {
            org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
        }
    }

    /**
     * A lever measured without changing the engine (COREBANK_BENCH_EXPERIMENT_SQL): statements run
     * as the superuser once the accounts are seeded, e.g. dropping indexes to bound what they
     * cost. Printed with the settings, so a figure never loses what produced it.
     */
    private void experiment() throws Exception {
        String sql = System.getenv("COREBANK_BENCH_EXPERIMENT_SQL");
        if (sql == null || sql.isBlank()) {
            return;
        }
        superuser(sql);
        settings.put("experiment (COREBANK_BENCH_EXPERIMENT_SQL)", sql.strip());
        System.out.println("experiment: " + sql.strip());
    }

    /**
     * Unreported rounds of all three workloads until the engine's JIT compiler has settled
     * (under 1 s of compilation in a 20 s round) or --warmup seconds have passed. On two shared
     * cores C2 takes minutes to compile Micronaut's, jOOQ's and the engine's hot paths, and
     * while it does it takes up to a core from the engine; a server that runs for days does not
     * pay that, so the benchmark does not measure it.
     */
    private void warmUp() throws Exception {
        warmUp(engine);
    }

    private void warmUp(Process process) throws Exception {
        long until = System.nanoTime() + options.get("warmup") * 1_000_000_000L;
        for (int round = 1; System.nanoTime() < until; round++) {
            double jitBefore = jitSeconds(process);
            Result uniform = measure("warm-up", false, 0, 0, 10);
            Result hot = measure("warm-up", true, 0, 0, 5);
            Result batched = measure("warm-up", false, options.get("batch"), 0, 5);
            double jit = jitSeconds(process) - jitBefore;
            System.out.printf(Locale.ROOT, "warm-up round %d: uniform %.0f/s, hot %.0f/s, batch %.0f/s; JIT compilation %.1f s%n",
                    round, uniform.transfersPerSecond(), hot.transfersPerSecond(), batched.transfersPerSecond(), jit);
            if (jit < 1.0) {
                return;
            }
        }
    }

    /** Seconds the engine's JIT compilers have spent so far (HotSpot's java.ci.totalTime counter). */
    private double jitSeconds() throws Exception {
        return jitSeconds(engine);
    }

    private double jitSeconds(Process process) throws Exception {
        String counters = exec(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "PerfCounter.print"));
        Matcher ticks = Pattern.compile("(?:java|sun)\\.ci\\.totalTime=(\\d+)").matcher(counters);
        Matcher frequency = Pattern.compile("sun\\.os\\.hrt\\.frequency=(\\d+)").matcher(counters);
        return ticks.find() && frequency.find() ? Double.parseDouble(ticks.group(1)) / Double.parseDouble(frequency.group(1)) : 0;
    }

    /**
     * Two engine instances on the one database (--instances=2): a second engine process starts,
     * warms up alone, then the clients are spread over both (odd ones to the second) for the
     * uniform workload and the batch endpoint. Engine CPU is the two processes' sum, RSS the larger.
     */
    private List<Result> twoInstances(Path dir) throws Exception {
        int port = freePort();
        URI second = URI.create("http://127.0.0.1:" + port);
        engine2 = startEngine(database, dir.resolve("engine"), port, null, "engine2.log");
        waitHealthy(second);
        bases = List.of(second);
        warmUp(engine2);
        bases = List.of(base, second);
        List<Result> results = new ArrayList<>();
        results.add(measure("uniform, two instances", false, 0, 0, options.get("seconds")));
        results.add(measure("batch endpoint, two instances", false, options.get("batch"), 0, options.get("seconds")));
        bases = List.of(base);
        return results;
    }

    /** The server's settings that decide write throughput, and the machine: printed above the table, kept in the JSON. */
    private void recordSettings() throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.superuser(), database.superuserPassword());
             Statement s = c.createStatement()) {
            for (String name : List.of("server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_sync_method",
                    "shared_buffers", "max_pred_locks_per_transaction", "max_pred_locks_per_relation")) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        settings.put("commit latency", commitLatency());
        String cpu = "unknown cpu";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException notLinux) {
            // keep "unknown cpu"
        }
        settings.put("machine", Runtime.getRuntime().availableProcessors() + " cpus (" + cpu + "), " + System.getProperty("os.name")
                + " " + System.getProperty("os.version") + ", java " + System.getProperty("java.version")
                + "; engine, PostgreSQL, pgbench and the load generator share them");
        StringBuilder ledger = new StringBuilder();
        System.getenv().entrySet().stream().filter(e -> e.getKey().startsWith("COREBANK_LEDGER_")).sorted(Map.Entry.comparingByKey())
                .forEach(e -> ledger.append(ledger.isEmpty() ? "" : ", ").append(e.getKey()).append('=').append(e.getValue()));
        settings.put("engine ledger settings", ledger.isEmpty() ? "defaults (application.yml)" : ledger.toString());
        settings.put("server", database.dataDirectory() == null ? "external" : "embedded (EmbeddedDatabase.start, durable)");
    }

    /**
     * What one durable commit costs on this server and disk: 200 one-row inserts, each its own
     * transaction, on one connection (median and p90). It bounds a writer that commits one batch
     * at a time: at most 1 / this many batches a second.
     */
    private String commitLatency() throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.superuser(), database.superuserPassword());
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_commit_probe (n int)");
            long[] nanos = new long[200];
            for (int i = 0; i < nanos.length; i++) {
                long t0 = System.nanoTime();
                s.execute("INSERT INTO bench_commit_probe VALUES (" + i + ")");
                nanos[i] = System.nanoTime() - t0;
            }
            s.execute("DROP TABLE bench_commit_probe");
            java.util.Arrays.sort(nanos);
            return String.format(Locale.ROOT, "one-row INSERT + COMMIT on one connection: p50 %.2f ms, p90 %.2f ms",
                    nanos[100] / 1e6, nanos[180] / 1e6);
        }
    }

    // ---- pgbench ------------------------------------------------------------------------------

    private Double pgbench(Server db) throws Exception {
        Path binary = findPgbench();
        if (binary == null) {
            System.out.println("pgbench not found (set PGBENCH, or install PostgreSQL's client programs): no reference");
            return null;
        }
        try (Connection c = db.asSuperuser("postgres"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'pgbench'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE pgbench");
                }
            }
        }
        String port = Integer.toString(db.port());
        Map<String, String> password = Map.of("PGPASSWORD", db.superuserPassword());
        // pgbench's documentation: the scale factor should be at least the number of clients (each
        // TPC-B transaction updates one of `scale` branch rows; below that, the clients queue on them)
        int scale = options.get("scale") > 0 ? options.get("scale") : options.get("clients");
        settings.put("pgbench", "TPC-B, scale " + scale + ", " + options.get("clients") + " clients, -M prepared, "
                + options.get("seconds") + " s");
        exec(List.of(binary.toString(), "-i", "-q", "-s", Integer.toString(scale), "-h", db.host(), "-p", port, "-U", db.superuser(), "pgbench"), password);
        String out = exec(List.of(binary.toString(), "-c", options.get("clients").toString(), "-j", "2", "-T",
                options.get("seconds").toString(), "-M", "prepared", "-h", db.host(), "-p", port, "-U", db.superuser(), "pgbench"), password);
        Matcher m = TPS.matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

    private static Path findPgbench() throws IOException {
        String env = System.getenv("PGBENCH");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Path.of(env);
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(p, "pgbench"))) {
                return Path.of(p, "pgbench");
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (var versions = Files.list(debian)) {
                return versions.map(v -> v.resolve("bin/pgbench")).filter(Files::isExecutable).findFirst().orElse(null);
            }
        }
        return null;
    }

    private static String exec(List<String> command) throws Exception {
        return exec(command, Map.of());
    }

    private static String exec(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    // ---- the engine, in its own process -------------------------------------------------------

    static Process startEngine(Server db, Path dataDir, int port, Path jfrSettings) throws IOException {
        return startEngine(db, dataDir, port, jfrSettings, "engine.log");
    }

    /** The engine in its own JVM; a second instance shares the first's data directory (its generated keys), with its own log. */
    static Process startEngine(Server db, Path dataDir, int port, Path jfrSettings, String log) throws IOException {
        Files.createDirectories(dataDir);
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-XX:+UseParallelGC"));
        if (jfrSettings != null) {
            // JFR must be on from the start: starting it later throws away all compiled code
            command.add("-XX:StartFlightRecording=name=boot,maxsize=20m,settings=" + jfrSettings);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "corebank.Application"));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("COREBANK_DB_URL", db.jdbcUrl());
        env.put("COREBANK_DB_USER", db.runtime());
        env.put("COREBANK_DB_PASSWORD", db.password());
        env.put("COREBANK_DB_OWNER", db.owner());
        env.put("COREBANK_DB_OWNER_PASSWORD", db.password());
        env.put("COREBANK_DATA_DIR", dataDir.toString());
        env.put("COREBANK_PORT", Integer.toString(port));
        env.put("COREBANK_DEMO", "false");
        env.put("COREBANK_BOOTSTRAP_ADMIN", "benchadmin");
        env.put("COREBANK_LOG_LEVEL", "WARN");
        env.put("COREBANK_DB_POOL_SIZE", "24");
        // ledger settings for experiments, e.g. COREBANK_LEDGER_WRITERS=2; database and health
        // settings for the HA run (pom.xml, exec@ha)
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("COREBANK_LEDGER_") || k.startsWith("COREBANK_DATABASE_") || k.startsWith("ENDPOINTS_HEALTH_")) {
                env.put(k, v);
            }
        });
        pb.redirectErrorStream(true).redirectOutput(dataDir.resolve(log).toFile());
        return pb.start();
    }

    private String jcmd(String... command) throws Exception {
        // the first engine's: JFR runs there
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(engine.pid())));
        line.addAll(List.of(command));
        return exec(line);
    }

    private void waitHealthy() throws Exception {
        waitHealthy(base);
    }

    private void waitHealthy(URI instance) throws Exception {
        for (int i = 0; i < 240; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(instance.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the engine did not start; see its log");
    }

    /** The bootstrap administrator enrolls and creates a teller, who enrolls and logs in: the real flows. */
    private String loginAsTeller(Path dataDir) throws Exception {
        Path tokenFile = dataDir.resolve("bootstrap-admin-enrollment.txt");
        for (int i = 0; i < 40 && !Files.exists(tokenFile); i++) {
            Thread.sleep(250);
        }
        String adminToken = Files.readAllLines(tokenFile).get(0).substring("enrollmentToken=".length());
        String adminSession = enrollAndLogin("benchadmin", adminToken);
        Map<String, Object> created = post("/internal/v1/admin/users", Map.of("username", "benchteller", "displayName", "Bench Teller",
                "roles", List.of("TELLER")), adminSession);
        return enrollAndLogin("benchteller", (String) created.get("enrollmentToken"));
    }

    private String enrollAndLogin(String username, String enrollmentToken) throws Exception {
        String password = "benchmark passphrase " + UUID.randomUUID();
        Map<String, Object> setup = post("/api/v1/auth/enrollment", Map.of("enrollmentToken", enrollmentToken, "password", password), null);
        byte[] secret = TotpSecret.fromBase32((String) setup.get("secretBase32"));
        Totp totp = Totp.authenticatorApp(); // the engine under test runs with the default SHA1, 6 digits, 30 s
        long now = System.currentTimeMillis() / 1000;
        post("/api/v1/auth/enrollment/confirm", Map.of("enrollmentToken", enrollmentToken, "code", totp.code(secret, now)), null);
        Map<String, Object> challenge = post("/api/v1/auth/login", Map.of("username", username, "password", password), null);
        Map<String, Object> session = post("/api/v1/auth/second-factor", Map.of("challengeId", challenge.get("challengeId"),
                "code", totp.code(secret, now + 30)), null);
        refreshToken = (String) session.get("refreshToken");
        tokenIssuedAt = System.nanoTime();
        return (String) session.get("accessToken");
    }

    /** A new access token (the refresh token rotates) once the current one is two minutes old. */
    private void refreshAccessToken() throws Exception {
        if (refreshToken == null || System.nanoTime() - tokenIssuedAt < 120_000_000_000L) {
            return;
        }
        Map<String, Object> session = post("/api/v1/auth/refresh", Map.of("refreshToken", refreshToken), null);
        token = (String) session.get("accessToken");
        refreshToken = (String) session.get("refreshToken");
        tokenIssuedAt = System.nanoTime();
    }

    // ---- seeding, as the schema owner -----------------------------------------------------------

    private static List<String> seed(Server db, int n) throws Exception {
        return seed(db, n, SEED_MINOR);
    }

    /** {@code n} customer accounts of {@code seedMinor} EUR each, from one equity account: the numbers. */
    static List<String> seed(Server db, int n, long seedMinor) throws Exception {
        long started = System.nanoTime();
        List<String> numbers = new ArrayList<>(n);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.owner(), db.password());
             Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO accounts (number, kind, currency, name, owner_ref, debits_must_not_exceed_credits,"
                    + " credits_must_not_exceed_debits, status, created_at) SELECT b::text || lpad((98 - (b::numeric * 100 % 97))::int::text, 2, '0'),"
                    + " 'EQUITY', 'EUR', 'bench equity', 'bank:bench', false, false, 'ACTIVE', now() FROM nextval('account_number_seq') AS b");
            // the accounts' owners first: the database refuses an owner reference that names no customer
            s.execute("""
                    INSERT INTO customers (id, number, customer_ref, legal_name, search_name, kyc_status, risk_rating,
                                           migrated, created_at, updated_at)
                    SELECT gen_random_uuid(), 'C' || b::text || lpad((98 - (b::numeric * 100 %% 97))::int::text, 2, '0'),
                           'customer:bench-' || g, 'bench ' || g, 'bench ' || g, 'PENDING', 'LOW', true, now(), now()
                      FROM (SELECT g, nextval('customer_number_seq') AS b FROM generate_series(1, %d) g) x
                    """.formatted(n));
            s.execute("""
                    INSERT INTO accounts (number, kind, currency, name, owner_ref, debits_must_not_exceed_credits,
                                          credits_must_not_exceed_debits, status, credits_posted, posting_count, created_at, product)
                    SELECT b::text || lpad((98 - (b::numeric * 100 %% 97))::int::text, 2, '0'), 'CUSTOMER_DEPOSIT', 'EUR',
                           'bench ' || g, 'customer:bench-' || g, true, false, 'ACTIVE', %d, 1, now(), 'CURRENT'
                      FROM (SELECT g, nextval('account_number_seq') AS b FROM generate_series(1, %d) g) x
                    """.formatted(seedMinor, n));
            int chunk = 10_000;
            for (int from = 0, part = 1; from < n; from += chunk, part++) {
                String entry = UUID.randomUUID().toString();
                long total = seedMinor * Math.min(chunk, n - from);
                s.execute("INSERT INTO journal_entries (id, kind, description, actor, created_at) VALUES ('" + entry
                        + "', 'OPENING_BALANCE', 'benchmark seed', 'system:bench', now())");
                s.execute("""
                        INSERT INTO postings (entry_id, posting_index, account_id, side, amount_minor, currency, account_seq, balance_after_minor, created_at)
                        SELECT '%1$s'::uuid, 0, id, 'D', %2$d, 'EUR', %3$d, -%2$d * %3$d, now() FROM accounts WHERE owner_ref = 'bank:bench'
                        UNION ALL
                        SELECT '%1$s'::uuid, (row_number() OVER (ORDER BY id))::smallint, id, 'C', %4$d, 'EUR', 1, %4$d, now()
                          FROM (SELECT id FROM accounts WHERE owner_ref LIKE 'customer:bench-%%' ORDER BY id OFFSET %5$d LIMIT %6$d) a
                        """.formatted(entry, total, part, seedMinor, from, chunk));
                s.execute("UPDATE accounts SET debits_posted = debits_posted + " + total + ", posting_count = posting_count + 1"
                        + " WHERE owner_ref = 'bank:bench'");
            }
            c.commit();
            s.execute("ANALYZE accounts");
            try (ResultSet rs = s.executeQuery("SELECT number FROM accounts WHERE owner_ref LIKE 'customer:bench-%'")) {
                while (rs.next()) {
                    numbers.add(rs.getString(1));
                }
            }
        }
        System.out.printf("seeded %,d accounts with SQL in %.1f s%n", n, (System.nanoTime() - started) / 1e9);
        return numbers;
    }

    // ---- load ---------------------------------------------------------------------------------

    private Result measure(String name, boolean hot, int batch, double targetRate, long seconds) throws Exception {
        refreshAccessToken();
        int clients = options.get("clients");
        boolean profiled = options.get("profile") == 1 && databaseProfileOn && !name.equals("warm-up");
        if (!name.equals("warm-up")) {
            settle(name);
        }
        if (profiled) {
            superuser("SELECT pg_stat_statements_reset()");
        }
        double[] before = counters();
        long engineCpuBefore = engineCpuNanos();
        long databaseCpuBefore = databaseCpuNanos();
        Map<String, Long> databaseKindsBefore = databaseCpuByKind();
        long autovacuumBefore = autovacuumRuns();
        double jitBefore = jitSeconds();
        long loadCpuBefore = loadCpuNanos();
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> workers = new ArrayList<>();
        long intervalNanos = targetRate > 0 ? (long) (clients * 1e9 / targetRate) : 0;
        for (int i = 0; i < clients; i++) {
            URI instance = bases.get(i % bases.size());
            workers.add(pool.submit(() -> client(instance, deadline, hot, batch, intervalNanos)));
        }
        List<Long> latencies = new ArrayList<>();
        long transfers = 0;
        long errors = 0;
        for (Future<long[]> f : workers) {
            long[] r = f.get();
            transfers += r[0];
            errors += r[1];
            for (int i = 2; i < r.length; i++) {
                latencies.add(r[i]);
            }
        }
        pool.shutdown();
        double wall = (System.nanoTime() - start) / 1e9;
        double[] after = counters();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double commits = after[1] - before[1];
        Result r = new Result(name, transfers / wall, pct(sorted, 0.50), pct(sorted, 0.95), pct(sorted, 0.99),
                commits == 0 ? 0 : 100.0 * (after[0] - before[0]) / commits,
                100.0 * (engineCpuNanos() - engineCpuBefore) / 1e9 / wall, engineRssMb(),
                postmaster == 0 ? Double.NaN : 100.0 * (databaseCpuNanos() - databaseCpuBefore) / 1e9 / wall, 100.0 * (loadCpuNanos() - loadCpuBefore) / 1e9 / wall, errors,
                jitSeconds() - jitBefore, (after[3] - before[3]) / Math.max(1, after[2] - before[2]),
                100.0 * (after[4] - before[4]) / wall, 1000.0 * (after[4] - before[4]) / Math.max(1, after[2] - before[2]));
        if (!name.equals("warm-up")) {
            System.out.printf("%s: %.0f transfers/s%n", name, r.transfersPerSecond());
            Map<String, Long> kinds = databaseCpuByKind();
            StringBuilder line = new StringBuilder();
            kinds.forEach((kind, ticks) -> line.append(String.format(Locale.ROOT, "%s %.0f%%, ", kind,
                    100.0 * (ticks - databaseKindsBefore.getOrDefault(kind, 0L)) * 10_000_000L / 1e9 / wall)));
            if (!kinds.isEmpty()) {
                databaseCpuKinds.put(name, line + "autovacuum runs " + (autovacuumRuns() - autovacuumBefore));
            }
        }
        if (profiled) {
            topStatements(name, transfers);
        }
        return r;
    }

    /** One closed-loop client; answers [transfers, errors, latencies in nanos...]. */
    private long[] client(URI instance, long deadline, boolean hot, int batch, long intervalNanos) throws Exception {
        List<Long> out = new ArrayList<>();
        long transfers = 0;
        long errors = 0;
        long next = System.nanoTime();
        try (LeanHttpClient connection = new LeanHttpClient(instance)) {
        while (System.nanoTime() < deadline) {
            if (intervalNanos > 0) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                next += intervalNanos;
            }
            String path;
            String json;
            String key = null;
            if (batch > 0) {
                StringBuilder body = new StringBuilder("{\"transfers\":[");
                for (int i = 0; i < batch; i++) {
                    body.append(i == 0 ? "" : ",").append(transferJson(hot, true));
                }
                path = "/internal/v1/transfers/batch";
                json = body.append("]}").toString();
            } else {
                path = "/internal/v1/transfers";
                json = transferJson(hot, false);
                key = UUID.randomUUID().toString();
            }
            long t0 = System.nanoTime();
            LeanHttpClient.Response r = connection.post(path, json, token, key);
            out.add(System.nanoTime() - t0);
            if (r.status() == 201) {
                transfers++;
            } else if (r.status() == 200) {
                transfers += countOccurrences(r.body(), "\"status\":201");
            } else {
                errors++;
                if (errors <= 3) {
                    System.out.println("refused: " + r.status() + " " + r.body());
                }
            }
        }
        }
        long[] result = new long[out.size() + 2];
        result[0] = transfers;
        result[1] = errors;
        for (int i = 0; i < out.size(); i++) {
            result[i + 2] = out.get(i);
        }
        return result;
    }

    private String transferJson(boolean hot, boolean withKey) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String from = accounts.get(random.nextInt(accounts.size()));
        String to;
        do {
            to = hot && random.nextBoolean() ? accounts.get(random.nextInt(10)) : accounts.get(random.nextInt(accounts.size()));
        } while (to.equals(from));
        return "{" + (withKey ? "\"idempotencyKey\":\"" + UUID.randomUUID() + "\"," : "") + "\"debitAccount\":\"" + from
                + "\",\"creditAccount\":\"" + to + "\",\"amount\":\"" + (1 + random.nextInt(999)) / 100.0 + "\",\"currency\":\"EUR\"}";
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> post(String path, Map<String, Object> body, String bearer) throws Exception {
        String json = io.micronaut.json.JsonMapper.createDefault().writeValueAsString(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return io.micronaut.json.JsonMapper.createDefault().readValue(r.body(), Map.class);
    }

    private void superuser(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.superuser(), database.superuserPassword());
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /**
     * Where PostgreSQL's time went during one workload (pg_stat_statements, --profile=1). With
     * track=all a statement's time includes the statements its triggers ran, which are listed too.
     */
    private void topStatements(String workload, long transfers) throws Exception {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.superuser(), database.superuserPassword());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT calls, total_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g') AS query,
                            sum(total_exec_time) FILTER (WHERE toplevel) OVER () AS everything
                       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                      ORDER BY total_exec_time DESC LIMIT 14""")) {
            databaseProfile.append(String.format(Locale.ROOT,
                    "%nPostgreSQL, %s (%,d transfers): share of top-level time, calls, ms in all, us per transfer, statement%n",
                    workload, transfers));
            while (rs.next()) {
                String query = rs.getString("query");
                databaseProfile.append(String.format(Locale.ROOT, "  %5.1f%%  %8d calls  %9.0f ms  %7.1f us/transfer  %s%n",
                        100 * rs.getDouble("total_exec_time") / rs.getDouble("everything"), rs.getLong("calls"),
                        rs.getDouble("total_exec_time"), 1000 * rs.getDouble("total_exec_time") / Math.max(1, transfers),
                        query.length() > 110 ? query.substring(0, 110) + "..." : query));
            }
        }
    }

    // ---- measurements -------------------------------------------------------------------------

    /** [retries, commits, batches, commands in batches, seconds in batches] from the engine's Prometheus endpoint. */
    private double[] counters() throws Exception {
        double[] sum = new double[5];
        for (URI instance : bases) {
            String text = http.send(HttpRequest.newBuilder(instance.resolve("/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
            double[] one = {metric(text, "corebank_tx_retries_total"), metric(text, "corebank_tx_commits_total"),
                    metric(text, "corebank_ledger_batch_size_count"), metric(text, "corebank_ledger_batch_size_sum"),
                    metric(text, "corebank_ledger_batch_duration_seconds_sum")};
            for (int i = 0; i < sum.length; i++) {
                sum[i] += one[i];
            }
        }
        return sum;
    }

    private static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }

    /** CPU of the engine processes under load (both during the two-instance run). */
    private long engineCpuNanos() {
        long nanos = engine.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        if (engine2 != null && bases.size() > 1) {
            nanos += engine2.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }
        return nanos;
    }

    /**
     * CPU of the PostgreSQL server: the postmaster (with its reaped children) plus its live
     * backends, from /proc (Linux; clock ticks of 10 ms).
     */
    private long databaseCpuNanos() {
        return databaseCpuByKind().values().stream().mapToLong(Long::longValue).sum() * 10_000_000L;
    }

    /**
     * Waits (at most 90 s) until the database is done with the previous workload's after-effects:
     * no autovacuum worker running, and the audit sequencer within 2,000 events of the newest. Without
     * it a workload shares the two cores with the sealing of the previous one's backlog, and two runs of
     * one build differed by a third. How long it waited is printed.
     */
    private void settle(String workload) throws Exception {
        long started = System.nanoTime();
        long deadline = started + 90_000_000_000L;
        long backlog = -1;
        long vacuums = -1;
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.superuser(), database.superuserPassword());
             Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (java.sql.ResultSet r = s.executeQuery("""
                        SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'),
                               coalesce((SELECT max(id) FROM audit_events), 0) - coalesce((SELECT max(event_id) FROM audit_log), 0)""")) {
                    r.next();
                    vacuums = r.getLong(1);
                    backlog = r.getLong(2);
                }
                if (vacuums == 0 && backlog < 2_000) {
                    break;
                }
                Thread.sleep(250);
            }
        }
        System.out.printf(Locale.ROOT, "settled for %s in %.1f s (autovacuum workers %d, unsealed events about %d)%n",
                workload, (System.nanoTime() - started) / 1e9, vacuums, backlog);
    }

    /** Autovacuum and autoanalyze runs so far over the engine's tables (pg_stat_all_tables), or 0 if unreadable. */
    private long autovacuumRuns() {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.superuser(), database.superuserPassword());
             Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0) FROM pg_stat_all_tables")) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }

    /** Per measured workload: PostgreSQL's CPU split by process kind (databaseCpuByKind). */
    private final Map<String, String> databaseCpuKinds = new LinkedHashMap<>();

    /**
     * CPU ticks of the embedded server's processes by kind, from /proc: the engine's connections
     * (client backends), autovacuum, the WAL writer, checkpointer and background writer, and
     * "ended": the postmaster with the processes it has reaped (short-lived autovacuum workers).
     * Empty for an external server.
     */
    private Map<String, Long> databaseCpuByKind() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        if (postmaster == 0) {
            return ticks;
        }
        // a process that exits (a pooled connection closed, an autovacuum worker done) moves its CPU into the
        // postmaster's reaped-children counters: connections and ended processes are therefore one figure
        String connections = "connections and ended processes";
        for (String kind : List.of(connections, "autovacuum workers running", "WAL writer", "checkpointer", "background writer")) {
            ticks.put(kind, 0L);
        }
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (pid == postmaster) {
                        ticks.merge(connections, Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]), Long::sum);
                    } else if (Long.parseLong(f[1]) == postmaster) {
                        String command = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                        String kind = command.contains("autovacuum worker") ? "autovacuum workers running" : command.contains("walwriter") ? "WAL writer"
                                : command.contains("checkpointer") ? "checkpointer" : command.contains("background writer") ? "background writer"
                                : connections;
                        ticks.merge(kind, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while being read
                }
            }
        } catch (IOException notLinux) {
            return Map.of();
        }
        return ticks;
    }

    /** The resident set of the largest engine process under load (the target is per instance). */
    private long engineRssMb() {
        long rss = rssMb(engine);
        return engine2 != null && bases.size() > 1 ? Math.max(rss, rssMb(engine2)) : rss;
    }

    private static long rssMb(Process process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException ignored) {
            // not Linux: RSS unknown
        }
        return -1;
    }

    private static long loadCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static long countOccurrences(String s, String needle) {
        long n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    // ---- report -------------------------------------------------------------------------------

    private void report(List<Result> results, Double pgbench, Result uniform) throws IOException {
        System.out.println();
        System.out.printf(Locale.ROOT, "Corebank performance benchmark: %d clients, %d s per workload, %,d accounts; pgbench TPC-B: %s%n",
                options.get("clients"), options.get("seconds"), options.get("accounts"),
                pgbench == null ? "not run" : String.format(Locale.ROOT, "%.0f tps", pgbench));
        settings.forEach((k, v) -> System.out.printf("  %s: %s%n", k, v));
        String header = String.format("%-34s | %9s | %7s | %7s | %7s | %6s | %9s | %6s | %6s | %8s | %5s | %6s | %6s",
                "workload", "transf/s", "p50 ms", "p95 ms", "p99 ms", "retry%", "engineCPU", "RSS MB", "PG CPU", "load CPU", "JIT s",
                "errors", "x pgb");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        StringBuilder settingsJson = new StringBuilder("{");
        settings.forEach((k, v) -> settingsJson.append(settingsJson.length() == 1 ? "" : ",").append('"').append(k).append("\":\"")
                .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        StringBuilder json = new StringBuilder("{\"settings\":" + settingsJson.append('}') + ",\"pgbenchTps\":" + pgbench + ",\"clients\":" + options.get("clients")
                + ",\"seconds\":" + options.get("seconds") + ",\"accounts\":" + options.get("accounts") + ",\"results\":[");
        for (Result r : results) {
            String ratio = pgbench == null ? "n/a" : String.format(Locale.ROOT, "%.2f", r.transfersPerSecond() / pgbench);
            System.out.printf(Locale.ROOT, "%-34s | %9.0f | %7.1f | %7.1f | %7.1f | %6.2f | %8.0f%% | %6d | %6s | %7.0f%% | %5.1f | %6d | %6s%n",
                    r.workload(), r.transfersPerSecond(), r.p50(), r.p95(), r.p99(), r.retryRate(), r.engineCpu(), r.engineRssMb(),
                    Double.isNaN(r.databaseCpu()) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", r.databaseCpu()),
                    r.loadCpu(), r.jitSeconds(), r.errors(), ratio);
            json.append(results.indexOf(r) == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"workload\":\"%s\",\"transfersPerSecond\":%.1f,\"p50Ms\":%.2f,\"p95Ms\":%.2f,\"p99Ms\":%.2f,\"retryPercent\":%.3f,"
                            + "\"engineCpuPercent\":%.0f,\"engineRssMb\":%d,\"databaseCpuPercent\":%s,\"loadGeneratorCpuPercent\":%.0f,\"jitCompileSeconds\":%.2f,\"errors\":%d,"
                            + "\"commandsPerBatch\":%.1f,\"batchMillis\":%.2f,\"writerBusyPercent\":%.0f}",
                    r.workload(), r.transfersPerSecond(), r.p50(), r.p95(), r.p99(), r.retryRate(), r.engineCpu(), r.engineRssMb(),
                    Double.isNaN(r.databaseCpu()) ? "null" : String.format(Locale.ROOT, "%.0f", r.databaseCpu()),
                    r.loadCpu(), r.jitSeconds(), r.errors(), r.commandsPerBatch(), r.batchMillis(), r.writerBusy()));
        }
        System.out.println();
        System.out.println("The ledger writers (busy = seconds inside batches over wall time, summed over writers and instances):");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "  %-34s  %6.1f commands a batch, %6.2f ms a batch, busy %3.0f%% of the time%n",
                    r.workload(), r.commandsPerBatch(), r.batchMillis(), r.writerBusy());
        }
        if (!databaseCpuKinds.isEmpty()) {
            System.out.println("PostgreSQL's CPU by process (percent of one core), and autovacuum runs during the workload:");
            databaseCpuKinds.forEach((workload, line) -> System.out.printf(Locale.ROOT, "  %-34s  %s%n", workload, line));
        }
        System.out.printf(Locale.ROOT, "hot / uniform = %.2f; machine: %d cpus, %s, java %s%n",
                results.get(1).transfersPerSecond() / uniform.transfersPerSecond(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("java.version"));
        Path out = Path.of("bench-results");
        Files.createDirectories(out);
        Files.writeString(out.resolve("perf.json"), json.append("]}\n").toString());
        Files.writeString(out.resolve("perf.html"), html(results, pgbench));
        System.out.println("wrote bench-results/perf.json and bench-results/perf.html");
    }

    private static String html(List<Result> results, Double pgbench) {
        double max = results.stream().mapToDouble(Result::transfersPerSecond).max().orElse(1);
        if (pgbench != null) {
            max = Math.max(max, pgbench);
        }
        StringBuilder svg = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' width='760' height='" + (40 * (results.size() + 1) + 20) + "'>");
        int y = 10;
        List<String[]> bars = new ArrayList<>();
        if (pgbench != null) {
            bars.add(new String[]{"pgbench TPC-B (tps)", String.valueOf(pgbench)});
        }
        results.forEach(r -> bars.add(new String[]{r.workload(), String.valueOf(r.transfersPerSecond())}));
        for (String[] b : bars) {
            double v = Double.parseDouble(b[1]);
            int w = (int) (440 * v / max);
            svg.append(String.format(Locale.ROOT, "<text x='0' y='%d' font-size='12'>%s</text><rect x='250' y='%d' width='%d' height='22' fill='#3b6ea5'/>"
                    + "<text x='%d' y='%d' font-size='12'>%.0f</text>", y + 15, b[0], y, w, 255 + w, y + 15, v));
            y += 40;
        }
        return "<!doctype html><meta charset='utf-8'><title>Corebank performance</title><h1>Transfers per second</h1>"
                + svg.append("</svg>") + "\n";
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
