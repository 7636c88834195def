package corebank.bench;

import corebank.Application;
import corebank.platform.EmbeddedDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.Micronaut;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The transfer benchmark: {@code mvn -q test-compile exec:exec@bench}. It starts a fresh embedded
 * PostgreSQL (the library's defaults: fsync off, synchronous_commit off; not durable) and the engine in-process, seeds customer accounts through
 * the HTTP API, then has a fixed number of closed-loop clients post random transfers for a fixed time
 * and prints throughput, latency percentiles, refusals, errors, serialization retries and the group
 * commit batch size, with the machine facts needed to compare runs. It ends by checking the trial
 * balance, so a fast but wrong ledger fails the run.
 *
 * <p>Options ({@code --name=value}, also read from {@code COREBANK_BENCH_ARGS} because the pom's exec
 * execution fixes the command line): {@code --seconds}, {@code --warmup}, {@code --clients},
 * {@code --accounts}. {@code COREBANK_BENCH_JDBC_URL} (with {@code COREBANK_BENCH_DB_USER} and
 * {@code COREBANK_BENCH_DB_PASSWORD}) points it at an existing PostgreSQL instead.
 *
 * <p>Not a JUnit test on purpose: it takes a minute and its numbers only mean something on a quiet machine.
 */
public final class TransferBenchmark {

    private static final String CURRENCY = "EUR";
    private static final String SEED_AMOUNT = "1000000.00";
    /** Transfers move 0.01 to 9.99, far below the seed balance, so refusals should stay rare. */
    private static final long AMOUNT_CENTS_MAX = 999;
    private static final int SEED_THREADS_MAX = 16;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** More errors than this share of all requests fails the run: the numbers would be meaningless. */
    private static final double ERROR_RATIO_MAX = 0.01;
    private static final Argument<Map<String, Object>> JSON_OBJECT = Argument.mapOf(String.class, Object.class);
    private static final int RULE_WIDTH_MAX = 72;
    /**
     * Liquibase logs every migration step at INFO through java.util.logging, which the logback
     * configuration does not govern; held in a field because JUL keeps loggers only weakly.
     */
    private static final java.util.logging.Logger LIQUIBASE_LOG = java.util.logging.Logger.getLogger("liquibase");

    private final Options options;
    private final HttpClient http;
    private final URI base;
    private final JsonMapper json;

    /** The bench teller's access token: every request goes through authentication, like production. */
    private final String accessToken;

    private TransferBenchmark(Options options, HttpClient http, URI base, JsonMapper json, String accessToken) {
        this.options = options;
        this.http = http;
        this.base = base;
        this.json = json;
        this.accessToken = accessToken;
    }

    public static void main(String[] args) {
        int exitCode;
        try {
            exitCode = runBenchmark(Options.parse(allArgs(args)));
        } catch (Exception e) {
            e.printStackTrace();
            exitCode = 2;
        }
        // HttpClient and Netty may leave threads behind; the exit code is the result.
        System.exit(exitCode);
    }

    private static int runBenchmark(Options options) throws Exception {
        // jOOQ's banner and tips would interleave with the table; the engine's own main sets these too.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        LIQUIBASE_LOG.setLevel(java.util.logging.Level.WARNING);
        int port = freePort();
        try (Database database = Database.open();
             ApplicationContext context = startEngine(database, port)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            var benchmark = new TransferBenchmark(options, http, URI.create("http://127.0.0.1:" + port),
                    context.getBean(JsonMapper.class), tellerToken(context, port));
            return benchmark.run(database);
        }
    }

    /** Command-line arguments followed by those in COREBANK_BENCH_ARGS (later ones win). */
    private static List<String> allArgs(String[] args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        String extra = System.getenv("COREBANK_BENCH_ARGS");
        if (extra != null && !extra.isBlank()) {
            all.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        return all;
    }

    /** A teller enrolled through the real flows and logged in with both factors. */
    private static String tellerToken(ApplicationContext context, int port) {
        try (io.micronaut.http.client.HttpClient client = context.createBean(io.micronaut.http.client.HttpClient.class,
                new java.net.URL("http://127.0.0.1:" + port))) {
            return corebank.support.TestUsers.loginAs(context, client.toBlocking(), corebank.identity.user.Role.TELLER).accessToken();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ApplicationContext startEngine(Database database, int port) {
        Map<String, Object> properties = new LinkedHashMap<>(corebank.support.TestKeys.PROPERTIES);
        // the engine connects as its runtime role and migrates as the owner, as in production
        properties.put("datasources.default.url", database.jdbcUrl());
        properties.put("datasources.default.username", database.runtimeUser());
        properties.put("datasources.default.password", database.password());
        properties.put("datasources.owner.url", database.jdbcUrl());
        properties.put("datasources.owner.username", database.username());
        properties.put("datasources.owner.password", database.password());
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("micronaut.server.port", port);
        properties.put("corebank.demo.enabled", "false");
        return Micronaut.build(new String[0]).mainClass(Application.class).properties(properties).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private int run(Database database) throws Exception {
        long seedStartNanos = System.nanoTime();
        List<String> accounts = seedAccounts();
        double seedSeconds = (System.nanoTime() - seedStartNanos) / 1e9;
        log("seeded %d accounts in %.1f s", accounts.size(), seedSeconds);

        log("warming up for %d s with %d clients", options.warmupSeconds(), options.clients());
        runLoad(accounts, options.warmupSeconds());
        log("measuring for %d s with %d clients", options.durationSeconds(), options.clients());
        Counters before = readCounters();
        LoadResult load = runLoad(accounts, options.durationSeconds());
        Counters window = readCounters().minus(before);

        boolean balanced = trialBalanceHolds();
        printTable(load, window, seedSeconds, database, balanced);
        return verdict(load, balanced);
    }

    private int verdict(LoadResult load, boolean balanced) {
        long requests = load.requests();
        boolean tooManyErrors = requests == 0 || load.errors() > requests * ERROR_RATIO_MAX;
        if (!balanced) {
            log("FAILED: the trial balance does not hold");
        }
        if (tooManyErrors) {
            log("FAILED: %d errors in %d requests (more than %.0f%%)", load.errors(), requests, ERROR_RATIO_MAX * 100);
        }
        return balanced && !tooManyErrors ? 0 : 1;
    }

    // ---- seeding --------------------------------------------------------------------------------

    /** Opens the equity account and the customer accounts, each funded from equity; returns the customers' numbers. */
    private List<String> seedAccounts() throws IOException, InterruptedException {
        String equity = openAccount("EQUITY", "bench equity", "bank:bench");
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < options.accounts(); i++) {
            int index = i;
            tasks.add(() -> openFundedCustomer(equity, index));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(SEED_THREADS_MAX, options.accounts()));
        try {
            List<String> numbers = new ArrayList<>();
            for (Future<String> future : pool.invokeAll(tasks)) {
                numbers.add(future.get());
            }
            return numbers;
        } catch (ExecutionException e) {
            throw new IllegalStateException("seeding failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private String openFundedCustomer(String equity, int index) throws IOException, InterruptedException {
        HttpResponse<String> customer = send(post("/internal/v1/customers", corebank.support.TestCustomers.body("Bench " + index)).build());
        requireStatus(customer, 201, "creating customer " + index);
        String number = openAccount("CUSTOMER_DEPOSIT", "bench " + index, (String) parse(customer.body()).get("customerRef"));
        HttpResponse<String> response = postTransfer(equity, number, SEED_AMOUNT);
        requireStatus(response, 201, "funding " + number);
        return number;
    }

    private String openAccount(String kind, String name, String ownerRef) throws IOException, InterruptedException {
        Map<String, Object> body = Map.of("kind", kind, "currency", CURRENCY, "name", name, "ownerRef", ownerRef);
        HttpResponse<String> response = send(post("/internal/v1/accounts", body).build());
        requireStatus(response, 201, "opening " + name);
        return (String) parse(response.body()).get("number");
    }

    // ---- load -----------------------------------------------------------------------------------

    /** Runs the clients until the deadline; the window ends when the last in-flight request answers. */
    private LoadResult runLoad(List<String> accounts, int durationSeconds) throws InterruptedException {
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + TimeUnit.SECONDS.toNanos(durationSeconds);
        List<ClientStats> stats = new ArrayList<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < options.clients(); i++) {
            ClientStats clientStats = new ClientStats();
            stats.add(clientStats);
            Thread client = new Thread(() -> clientLoop(accounts, deadlineNanos, clientStats), "bench-client-" + i);
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
        return LoadResult.of(stats, System.nanoTime() - startNanos);
    }

    /** One closed-loop client: a request, its answer, the next request. */
    private void clientLoop(List<String> accounts, long deadlineNanos, ClientStats stats) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < deadlineNanos) {
            int debit = random.nextInt(accounts.size());
            int credit = random.nextInt(accounts.size() - 1);
            if (credit >= debit) {
                credit++; // distinct from the debit account, still uniform
            }
            String amount = formatCents(random.nextLong(1, AMOUNT_CENTS_MAX + 1));
            long startNanos = System.nanoTime();
            int status = transferStatus(accounts.get(debit), accounts.get(credit), amount);
            stats.record(System.nanoTime() - startNanos, status);
        }
    }

    /** The HTTP status of one transfer, or -1 if it got no answer (counted as an error). */
    private int transferStatus(String debit, String credit, String amount) {
        try {
            return postTransfer(debit, credit, amount).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private HttpResponse<String> postTransfer(String debit, String credit, String amount)
            throws IOException, InterruptedException {
        Map<String, Object> body = Map.of("debitAccount", debit, "creditAccount", credit, "amount", amount,
                "currency", CURRENCY);
        return send(post("/internal/v1/transfers", body)
                .header("Idempotency-Key", UUID.randomUUID().toString()).build());
    }

    private static String formatCents(long cents) {
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    // ---- engine metrics and checks --------------------------------------------------------------

    private Counters readCounters() throws IOException, InterruptedException {
        HttpResponse<String> response = send(get("/prometheus"));
        requireStatus(response, 200, "reading /prometheus");
        String text = response.body();
        return new Counters(Prometheus.value(text, "corebank_tx_retries_total"),
                Prometheus.value(text, "corebank_tx_commits_total"),
                Prometheus.value(text, "corebank_ledger_batch_size_count"),
                Prometheus.value(text, "corebank_ledger_batch_size_sum"));
    }

    private boolean trialBalanceHolds() throws IOException, InterruptedException {
        HttpResponse<String> response = send(get("/internal/v1/trial-balance"));
        requireStatus(response, 200, "reading the trial balance");
        return Boolean.TRUE.equals(parse(response.body()).get("balanced"));
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    private HttpRequest.Builder post(String path, Map<String, Object> body) throws IOException {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + accessToken)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + accessToken).GET().build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> parse(String body) throws IOException {
        return json.readValue(body, JSON_OBJECT);
    }

    private static void requireStatus(HttpResponse<String> response, int expected, String what) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(what + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    // ---- report ---------------------------------------------------------------------------------

    private void printTable(LoadResult load, Counters window, double seedSeconds, Database database, boolean balanced) {
        double windowSeconds = load.elapsedNanos() / 1e9;
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("transfers/s (201)", String.format(Locale.ROOT, "%.1f", load.ok() / windowSeconds));
        rows.put("latency p50 ms", millis(load.percentileNanos(50)));
        rows.put("latency p95 ms", millis(load.percentileNanos(95)));
        rows.put("latency p99 ms", millis(load.percentileNanos(99)));
        rows.put("latency max ms", millis(load.maxNanos()));
        rows.put("requests", Long.toString(load.requests()));
        rows.put("ok (201)", Long.toString(load.ok()));
        rows.put("refused (422)", Long.toString(load.refused()));
        rows.put("errors", Long.toString(load.errors()));
        rows.put("retry rate", String.format(Locale.ROOT, "%.2f%% (%.0f retries / %.0f commits)",
                window.retryPercent(), window.retries(), window.commits()));
        rows.put("avg batch size", String.format(Locale.ROOT, "%.1f (%.0f batches)",
                window.averageBatchSize(), window.batchCount()));
        rows.put("clients", Integer.toString(options.clients()));
        rows.put("accounts", Integer.toString(options.accounts()));
        rows.put("duration s", String.format(Locale.ROOT, "%.1f (warm-up %d)", windowSeconds, options.warmupSeconds()));
        rows.put("seeding s", String.format(Locale.ROOT, "%.1f", seedSeconds));
        rows.put("trial balance", balanced ? "balanced" : "NOT BALANCED");
        rows.putAll(MachineFacts.describe(database));
        printRows(rows);
    }

    private static void printRows(Map<String, String> rows) {
        int keyWidth = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        int valueWidth = rows.values().stream().mapToInt(String::length).max().orElse(0);
        String rule = "-".repeat(Math.min(RULE_WIDTH_MAX, keyWidth + 3 + valueWidth));
        StringBuilder out = new StringBuilder("\nCorebank transfer benchmark\n").append(rule).append('\n');
        rows.forEach((key, value) -> out.append(String.format("%-" + keyWidth + "s | %s%n", key, value)));
        System.out.println(out.append(rule));
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    private static void log(String format, Object... args) {
        System.out.println("bench: " + String.format(Locale.ROOT, format, args));
    }

    // ---- value types ----------------------------------------------------------------------------

    /** Run parameters; each has a default so a bare run measures the standard configuration. */
    record Options(int durationSeconds, int warmupSeconds, int clients, int accounts) {

        static Options parse(List<String> args) {
            Map<String, Integer> values = new LinkedHashMap<>(Map.of("seconds", 30, "warmup", 5, "clients", 32,
                    "accounts", 1000));
            for (String arg : args) {
                String[] parts = arg.split("=", 2);
                String name = parts[0].startsWith("--") ? parts[0].substring(2) : "";
                if (parts.length != 2 || !values.containsKey(name)) {
                    throw new IllegalArgumentException("unknown option " + arg
                            + "; use --seconds=N --warmup=N --clients=N --accounts=N");
                }
                values.put(name, Integer.parseInt(parts[1]));
            }
            var options = new Options(values.get("seconds"), values.get("warmup"), values.get("clients"),
                    values.get("accounts"));
            options.validate();
            return options;
        }

        private void validate() {
            if (durationSeconds < 1 || warmupSeconds < 0 || clients < 1 || accounts < 2) {
                throw new IllegalArgumentException("need --seconds>=1, --warmup>=0, --clients>=1, --accounts>=2: " + this);
            }
        }
    }

    /** The engine's counters at one moment; {@link #minus} turns two readings into a window. */
    record Counters(double retries, double commits, double batchCount, double batchSum) {

        Counters minus(Counters earlier) {
            return new Counters(retries - earlier.retries, commits - earlier.commits,
                    batchCount - earlier.batchCount, batchSum - earlier.batchSum);
        }

        double retryPercent() {
            return commits == 0 ? 0 : 100 * retries / commits;
        }

        double averageBatchSize() {
            return batchCount == 0 ? 0 : batchSum / batchCount;
        }
    }

    /** One client's tally. Only its own thread writes it; the runner reads it after join(). */
    static final class ClientStats {
        private long[] latencyNanos = new long[1 << 12];
        private int count;
        private long ok;
        private long refused;
        private long errors;

        void record(long latency, int status) {
            if (count == latencyNanos.length) {
                latencyNanos = Arrays.copyOf(latencyNanos, count * 2);
            }
            latencyNanos[count++] = latency;
            if (status == 201) {
                ok++;
            } else if (status == 422) {
                refused++;
            } else {
                errors++;
            }
        }
    }

    /** All clients' tallies merged, with latencies sorted for exact percentiles. */
    record LoadResult(long[] sortedLatencyNanos, long ok, long refused, long errors, long elapsedNanos) {

        static LoadResult of(List<ClientStats> clients, long elapsedNanos) {
            long[] latencies = clients.stream()
                    .flatMapToLong(c -> Arrays.stream(c.latencyNanos, 0, c.count)).sorted().toArray();
            return new LoadResult(latencies, clients.stream().mapToLong(c -> c.ok).sum(),
                    clients.stream().mapToLong(c -> c.refused).sum(), clients.stream().mapToLong(c -> c.errors).sum(),
                    elapsedNanos);
        }

        long requests() {
            return sortedLatencyNanos.length;
        }

        /** Nearest-rank percentile: the smallest latency at least {@code percent}% of requests did not exceed. */
        long percentileNanos(double percent) {
            if (sortedLatencyNanos.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(percent / 100 * sortedLatencyNanos.length);
            return sortedLatencyNanos[Math.max(0, Math.min(rank, sortedLatencyNanos.length) - 1)];
        }

        long maxNanos() {
            return sortedLatencyNanos.length == 0 ? 0 : sortedLatencyNanos[sortedLatencyNanos.length - 1];
        }
    }

    /** Just enough of the Prometheus text format: the sum of a metric's samples over all label sets. */
    static final class Prometheus {

        private Prometheus() {
        }

        static double value(String text, String metric) {
            return text.lines()
                    .filter(line -> !line.startsWith("#"))
                    .filter(line -> nameOf(line).equals(metric))
                    .mapToDouble(Prometheus::sampleOf)
                    .sum();
        }

        private static String nameOf(String line) {
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            return line.substring(0, end);
        }

        private static double sampleOf(String line) {
            int labelsEnd = line.lastIndexOf('}');
            String rest = labelsEnd >= 0 ? line.substring(labelsEnd + 1) : line.substring(nameOf(line).length());
            return Double.parseDouble(rest.trim().split("\\s+")[0]);
        }
    }

    /** What the numbers were measured on: they only compare across runs on the same kind of machine. */
    static final class MachineFacts {

        private MachineFacts() {
        }

        static Map<String, String> describe(Database database) {
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("cpus (available)", Integer.toString(Runtime.getRuntime().availableProcessors()));
            facts.put("cpu model", cpuModel());
            facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch"));
            facts.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            facts.put("postgresql", postgresVersion(database));
            facts.put("database", database.description());
            return facts;
        }

        private static String cpuModel() {
            Path cpuinfo = Path.of("/proc/cpuinfo");
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                return lines.filter(line -> line.startsWith("model name"))
                        .map(line -> line.substring(line.indexOf(':') + 1).trim())
                        .findFirst().orElse("unknown");
            } catch (IOException | UncheckedIOException e) {
                return "unknown (" + cpuinfo + " not readable)";
            }
        }

        private static String postgresVersion(Database database) {
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                    database.password());
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT version()")) {
                return result.next() ? result.getString(1) : "unknown";
            } catch (SQLException e) {
                return "unknown (" + e.getMessage() + ")";
            }
        }
    }

    /**
     * Where the ledger lives: by default a fresh embedded PostgreSQL in a temporary directory, deleted
     * afterwards, so every run starts from the same empty ledger; or the server COREBANK_BENCH_JDBC_URL names.
     */
    /** username: the schema owner; runtimeUser: the engine's role. */
    record Database(String jdbcUrl, String username, String runtimeUser, String password, String description,
                    EmbeddedDatabase embedded, Path temporaryDirectory) implements AutoCloseable {

        static Database open() throws IOException {
            String url = System.getenv("COREBANK_BENCH_JDBC_URL");
            if (url != null && !url.isBlank()) {
                return new Database(url, envOr("COREBANK_BENCH_DB_OWNER", "corebank_owner"),
                        envOr("COREBANK_BENCH_DB_USER", "corebank_app"),
                        envOr("COREBANK_BENCH_DB_PASSWORD", ""), "external " + url, null, null);
            }
            Path directory = Files.createTempDirectory("corebank-bench-");
            // The embedded library's defaults: fsync off and synchronous_commit off (not durable).
            EmbeddedDatabase embedded = EmbeddedDatabase.start(directory.resolve("pgdata"), 0, Map.of());
            return new Database(embedded.jdbcUrl(), EmbeddedDatabase.OWNER_ROLE, EmbeddedDatabase.RUNTIME_ROLE, "",
                    "embedded, fresh data directory, library defaults (fsync off, synchronous_commit off)", embedded, directory);
        }

        private static String envOr(String name, String fallback) {
            String value = System.getenv(name);
            return value == null ? fallback : value;
        }

        @Override
        public void close() throws IOException {
            if (embedded == null) {
                return;
            }
            embedded.close();
            org.apache.commons.io.file.PathUtils.deleteDirectory(temporaryDirectory);
        }
    }
}
