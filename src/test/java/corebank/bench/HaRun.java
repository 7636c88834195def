package corebank.bench;

import corebank.platform.EmbeddedDatabase;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The high-availability run: {@code mvn -q test-compile exec:exec@ha} (never part of {@code mvn test}).
 *
 * <p>Installs Debian's {@code postgresql-15-auto-failover} when missing, then builds a
 * pg_auto_failover formation on this machine from the PostgreSQL 15 binaries in
 * {@code /usr/lib/postgresql/15/bin}: a monitor, a primary and a synchronous standby, each on a
 * free port, trust authentication and no SSL (a test; see docs/operations.md, High availability,
 * for production). pg_autoctl refuses to run as root, so as root it runs as the {@code postgres}
 * user. It creates the engine's roles and database on the primary as a DBA would, starts the
 * engine as a separate process with a multi-host URL ({@code targetServerType=primary}), runs
 * {@link FaultRun}'s teller workload, and kills the primary node (its pg_autoctl and PostgreSQL,
 * SIGKILL: the machine is gone). Then: the time until the engine acknowledges a transfer again,
 * FaultRun's checks (every acknowledged transfer present once, nothing else written, unknown
 * outcomes resolved by replay, balances equal to the model, totals conserved, audit verification
 * OK, zero 500s), and the engine's replication state ({@code corebank_database_sync_standbys},
 * {@code /health}) before, during and after the failover and after the old primary rejoins as
 * a standby: 1 synchronous standby before, 0 and {@code DEGRADED} while the new primary is
 * {@code wait_primary}, 1 and {@code UP} after the rejoin. Exit status 1 if a check fails.
 */
public final class HaRun {

    private static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final Path PG_CTL = PG_BIN.resolve("pg_ctl");
    private static final Path EXTENSION = Path.of("/usr/share/postgresql/15/extension/pgautofailover.control");
    private static final String PACKAGE = "postgresql-15-auto-failover";
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    private static final Pattern SYNC = Pattern.compile("(?m)^corebank_database_sync_standbys(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern STANDBYS = Pattern.compile("(?m)^corebank_database_standbys(?:\\{[^}]*})? (\\S+)$");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final JsonMapper json = JsonMapper.createDefault();
    private final Map<String, Process> keepers = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<String> transitions = new CopyOnWriteArrayList<>();
    private Path dir;
    private Path ha;
    private Path autoctl;
    private volatile long killedAt;
    private volatile String lastObservation = "";
    private volatile String lastHealth = "";
    private volatile boolean watching = true;

    public static void main(String[] args) throws Exception {
        int exit;
        try {
            exit = new HaRun().run();
        } catch (Exception e) {
            e.printStackTrace();
            exit = 2;
        }
        System.exit(exit);
    }

    private int run() throws Exception {
        autoctl = ensureInstalled();
        dir = Files.createTempDirectory("corebank-ha-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // postgres must reach ha/
        ha = dir.resolve("ha");
        FaultRun load = new FaultRun();
        List<Thread> watchers = new ArrayList<>();
        try {
            Files.createDirectories(ha);
            if (ROOT) {
                exec("chown", "postgres:postgres", ha.toString());
            }
            asPostgresUser("mkdir", "-p", ha.resolve("xdg/config").toString(), ha.resolve("xdg/data").toString(),
                    ha.resolve("xdg/run").toString());
            String monitorUri = createFormation();
            String url = "jdbc:postgresql://127.0.0.1:" + ports.get("node1") + ",127.0.0.1:" + ports.get("node2")
                    + "/" + EmbeddedDatabase.DATABASE + "?targetServerType=primary";
            System.out.println("monitor: " + monitorUri);
            System.out.println("engine database URL: " + url);
            load.dir = dir;
            load.database = new PerformanceBenchmark.Server(url, "127.0.0.1", ports.get("node1"), "postgres", "",
                    EmbeddedDatabase.OWNER_ROLE, EmbeddedDatabase.RUNTIME_ROLE, "", null);
            load.port = PerformanceBenchmark.freePort();
            load.base = URI.create("http://127.0.0.1:" + load.port);
            load.startEngine();
            load.login();
            load.accounts = PerformanceBenchmark.seed(load.database, 16, 2_000_000L);
            load.accounts.forEach(a -> load.model.put(a, 2_000_000L));
            load.knownEntries.addAll(load.transferEntries());

            URI base = load.base;
            watchers.add(new Thread(() -> watchMetric(base), "metric-watcher"));
            watchers.add(new Thread(() -> watchHealth(base), "health-watcher"));
            watchers.add(new Thread(this::watchMonitor, "monitor-watcher"));
            watchers.forEach(Thread::start);
            boolean ok = await("the engine sees 1 synchronous standby", 60, () -> lastObservation.startsWith("sync standbys 1"));
            System.out.println("before the failover: " + lastObservation + ", /health " + lastHealth + "; " + formation());

            List<String[]> rows = new ArrayList<>();
            String[] victim = new String[1];
            ok &= load.scenario("primary killed (pg_autoctl + PostgreSQL, SIGKILL), failover", rows, () -> {
                victim[0] = nodeIn("primary");
                killedAt = System.nanoTime();
                killTree(keepers.remove(victim[0]));
                System.out.println("  killed node " + victim[0] + " (the primary): pg_autoctl and PostgreSQL, SIGKILL");
                return killedAt;
            });
            ok &= await("the engine sees 0 synchronous standbys and /health DEGRADED while the new primary is wait_primary", 30,
                    () -> lastObservation.startsWith("sync standbys 0") && lastHealth.equals("200 DEGRADED")
                            && formation().contains("=wait_primary/"));
            System.out.println("after the failover: " + lastObservation + ", /health " + lastHealth + "; " + formation());

            System.out.println("restarting " + victim[0] + ": pg_autoctl run (it rejoins as a standby)");
            long rejoinStarted = System.nanoTime();
            keepers.put(victim[0], background(victim[0], "run", "--pgdata", ha.resolve(victim[0]).toString()));
            boolean rejoined = await("the old primary rejoins and the engine sees 1 synchronous standby again", 180,
                    () -> lastObservation.startsWith("sync standbys 1") && lastHealth.equals("200 UP"));
            double rejoinSeconds = (System.nanoTime() - rejoinStarted) / 1e9;
            System.out.println("after the rejoin: " + lastObservation + ", /health " + lastHealth + "; " + formation());
            ok &= rejoined;

            String header = String.format("%-48s | %8s | %5s | %7s | %16s | %4s | %10s | %4s | %9s | %s",
                    "scenario", "requests", "acked", "refused", "unknown(resolved)", "lost", "duplicated", "500s", "recovery", "checks");
            System.out.println();
            System.out.println(header);
            System.out.println("-".repeat(header.length()));
            rows.forEach(r -> System.out.println(String.join(" | ", r)));
            System.out.println();
            System.out.println("transitions (t from the kill; the engine's /prometheus and /health and the monitor's node states, each polled every 0.5 s):");
            transitions.forEach(t -> System.out.println("  " + t));
            System.out.printf(Locale.ROOT, "old primary back as a synchronous standby %.1f s after its restart%s%n", rejoinSeconds,
                    rejoined ? "" : " (NOT within 180 s)");
            System.out.println(ok ? "ALL HA CHECKS PASSED" : "SOME HA CHECK FAILED");
            if (!ok) {
                printLogTails();
            }
            return ok ? 0 : 1;
        } catch (Exception e) {
            printLogTails();
            throw e;
        } finally {
            watching = false;
            for (Thread t : watchers) {
                t.join(20_000);
            }
            if (load.engine != null) {
                load.engine.destroy();
                load.engine.waitFor(60, TimeUnit.SECONDS);
            }
            for (Process keeper : keepers.values()) {
                killTree(keeper);
            }
            org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
        }
    }

    /** The last lines of the nodes' and the engine's logs, before the run's directory is deleted. */
    private void printLogTails() throws IOException {
        List<Path> logs = new ArrayList<>();
        for (String name : List.of("monitor", "node1", "node2")) {
            logs.add(dir.resolve(name + ".log"));
        }
        logs.add(dir.resolve("engine/engine.log"));
        for (Path log : logs) {
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                System.out.println("---- last lines of " + log);
                lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(System.out::println);
            }
        }
    }

    // ---- the formation ----------------------------------------------------------------------------

    /** Monitor, then node1 (becomes the primary), the engine's database on it, then node2 (the standby). */
    private String createFormation() throws Exception {
        for (String name : List.of("monitor", "node1", "node2")) {
            ports.put(name, PerformanceBenchmark.freePort());
        }
        autoctlOrFail("create", "monitor", "--pgdata", ha.resolve("monitor").toString(), "--pgport", ports.get("monitor").toString(),
                "--listen", "127.0.0.1", "--hostname", "127.0.0.1", "--auth", "trust", "--no-ssl", "--pgctl", PG_CTL.toString());
        keepers.put("monitor", background("monitor", "run", "--pgdata", ha.resolve("monitor").toString()));
        String monitorUri = "";
        for (int i = 0; i < 120 && monitorUri.isEmpty(); i++) {
            Thread.sleep(500);
            Result r = autoctl("show", "uri", "--pgdata", ha.resolve("monitor").toString(), "--formation", "monitor");
            monitorUri = r.status == 0 ? r.output.trim() : "";
        }
        if (monitorUri.isEmpty()) {
            throw new IllegalStateException("the monitor did not start; see " + dir.resolve("monitor.log"));
        }
        createNode("node1", monitorUri);
        if (!await("node1 is a single primary", 120, () -> formation().contains("node1=single/single"))) {
            throw new IllegalStateException("node1 did not come up: " + formation());
        }
        createEngineDatabase(ports.get("node1"));
        createNode("node2", monitorUri);
        if (!await("node1 primary, node2 secondary", 240,
                () -> formation().contains("node1=primary/primary") && formation().contains("node2=secondary/secondary"))) {
            throw new IllegalStateException("the standby did not come up: " + formation());
        }
        // number_sync_standbys stays 0: with one standby in the replication quorum that already means
        // synchronous_standby_names = 'ANY 1 (<the standby>)' (the monitor refuses 1 with fewer than 2 standbys)
        System.out.println("formation: " + formation());
        System.out.println(autoctl("show", "settings", "--pgdata", ha.resolve("monitor").toString()).output.trim());
        return monitorUri;
    }

    private void createNode(String name, String monitorUri) throws Exception {
        keepers.put(name, background(name, "create", "postgres", "--pgdata", ha.resolve(name).toString(),
                "--pgport", ports.get(name).toString(), "--listen", "127.0.0.1", "--hostname", "127.0.0.1", "--name", name,
                "--dbname", EmbeddedDatabase.DATABASE, "--monitor", monitorUri, "--auth", "trust", "--no-ssl",
                "--pgctl", PG_CTL.toString(), "--run"));
    }

    /** As a DBA does for {@code COREBANK_DB_URL} (docs/operations.md, Database roles): the roles, then the database's owner. */
    private static void createEngineDatabase(int port) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + EmbeddedDatabase.DATABASE,
                "postgres", ""); Statement s = c.createStatement()) {
            EmbeddedDatabase.createRoles(s);
            s.execute("ALTER DATABASE " + EmbeddedDatabase.DATABASE + " OWNER TO " + EmbeddedDatabase.OWNER_ROLE);
            s.execute("GRANT ALL ON SCHEMA public TO " + EmbeddedDatabase.OWNER_ROLE);
        }
    }

    /** "node1=primary/primary node2=secondary/secondary": each node's reported and assigned state, from the monitor. */
    private String formation() {
        try {
            Result r = autoctl("show", "state", "--pgdata", ha.resolve("monitor").toString(), "--json");
            if (r.status != 0) {
                return "(monitor: " + r.output.trim() + ")";
            }
            List<String> nodes = new ArrayList<>();
            for (Map<?, ?> node : json.readValue(r.output.substring(r.output.indexOf('[')), Argument.listOf(Map.class))) {
                nodes.add(node.get("nodename") + "=" + node.get("current_group_state") + "/" + node.get("assigned_group_state"));
            }
            return String.join(" ", nodes);
        } catch (Exception e) {
            return "(monitor: " + e.getMessage() + ")";
        }
    }

    private String nodeIn(String state) {
        Matcher m = Pattern.compile("(node\\d)=" + state + "/").matcher(formation());
        if (!m.find()) {
            throw new IllegalStateException("no node in state " + state + ": " + formation());
        }
        return m.group(1);
    }

    // ---- watching the engine -----------------------------------------------------------------------

    /** The engine's metric, every 0.5 s: each change is a line of the transitions. */
    private void watchMetric(URI base) {
        String last = "";
        while (watching) {
            String observation;
            try {
                String metrics = get(base.resolve("/prometheus")).body();
                observation = "sync standbys " + value(SYNC, metrics) + ", standbys " + value(STANDBYS, metrics);
            } catch (Exception e) {
                observation = "no answer within 15 s (" + e.getClass().getSimpleName() + ")";
            }
            if (!observation.equals(last)) {
                last = observation;
                lastObservation = observation;
                transitions.add(now() + "  /prometheus: " + observation);
            }
            pause();
        }
    }

    /** The engine's /health, every 0.5 s (on its own thread: it may wait for the database). */
    private void watchHealth(URI base) {
        String last = "";
        while (watching) {
            String observation;
            try {
                HttpResponse<String> health = get(base.resolve("/health"));
                observation = health.statusCode() + " " + json.readValue(health.body(), Map.class).get("status");
            } catch (Exception e) {
                observation = "no answer within 15 s (" + e.getClass().getSimpleName() + ")";
            }
            if (!observation.equals(last)) {
                last = observation;
                lastHealth = observation;
                transitions.add(now() + "  /health:     " + observation);
            }
            pause();
        }
    }

    /** The monitor's view, every 0.5 s: each change is a line of the transitions. */
    private void watchMonitor() {
        String last = "";
        while (watching) {
            String state = formation();
            if (!state.equals(last)) {
                last = state;
                transitions.add(now() + "  monitor:     " + state);
            }
            pause();
        }
    }

    private String now() {
        return killedAt == 0 ? "before the kill" : String.format(Locale.ROOT, "t=%+6.1f s     ", (System.nanoTime() - killedAt) / 1e9);
    }

    private void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            watching = false;
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String value(Pattern metric, String metrics) {
        Matcher m = metric.matcher(metrics);
        return m.find() ? m.group(1).replace(".0", "") : "?";
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static boolean await(String what, int seconds, Condition condition) throws Exception {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < until) {
            if (condition.holds()) {
                return true;
            }
            Thread.sleep(500);
        }
        System.out.println("  FAILED: not within " + seconds + " s: " + what);
        return false;
    }

    // ---- pg_autoctl --------------------------------------------------------------------------------

    /** pg_autoctl from Debian's pg-auto-failover-cli, with the PostgreSQL 15 extension; installed with apt-get when missing. */
    private static Path ensureInstalled() throws Exception {
        Path autoctl = Path.of("/usr/bin/pg_autoctl");
        if (Files.isExecutable(autoctl) && Files.exists(EXTENSION)) {
            return autoctl;
        }
        System.out.println(PACKAGE + " is not installed: installing it with apt-get");
        List<String> sudo = ROOT ? List.of() : List.of("sudo", "-n");
        for (List<String> step : List.of(List.of("apt-get", "update", "-qq"), List.of("apt-get", "install", "-y", "-qq", PACKAGE))) {
            List<String> command = new ArrayList<>(sudo);
            command.addAll(step);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        }
        if (!Files.isExecutable(autoctl) || !Files.exists(EXTENSION)) {
            throw new IllegalStateException(PACKAGE + " installed but " + autoctl + " or " + EXTENSION + " is missing");
        }
        return autoctl;
    }

    /** A command as the user that runs PostgreSQL: {@code postgres} when this process is root, else this user. */
    private List<String> asPostgres(String... command) {
        List<String> line = new ArrayList<>();
        if (ROOT) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        // pg_autoctl keeps its configuration and state under the XDG directories: inside the run's directory
        line.addAll(List.of("env", "XDG_CONFIG_HOME=" + ha.resolve("xdg/config"), "XDG_DATA_HOME=" + ha.resolve("xdg/data"),
                "XDG_RUNTIME_DIR=" + ha.resolve("xdg/run"), "PG_CONFIG=" + PG_BIN.resolve("pg_config")));
        line.addAll(List.of(command));
        return line;
    }

    private static void asPostgresUser(String... command) throws Exception {
        List<String> line = new ArrayList<>();
        if (ROOT) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        exec(line.toArray(String[]::new));
    }

    private static void exec(String... line) throws Exception {
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
        }
    }

    record Result(int status, String output) {
    }

    private Result autoctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(autoctl.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(asPostgres(command.toArray(String[]::new))).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        return new Result(p.waitFor(), output);
    }

    private void autoctlOrFail(String... args) throws Exception {
        System.out.println("$ pg_autoctl " + String.join(" ", args));
        Result r = autoctl(args);
        if (r.status != 0) {
            throw new IllegalStateException("pg_autoctl " + String.join(" ", args) + " failed: " + r.output);
        }
    }

    /** A long-running pg_autoctl (a node's service), its output in {@code ha/<name>.log}. */
    private Process background(String name, String... args) throws IOException {
        System.out.println("$ pg_autoctl " + String.join(" ", args) + " &");
        List<String> command = new ArrayList<>(List.of(autoctl.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(asPostgres(command.toArray(String[]::new))).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile())).start();
    }

    /** SIGKILL to a node's whole process tree (pg_autoctl, its services, PostgreSQL and its backends) at once. */
    private static void killTree(Process process) throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : tree) {
            h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> h).join();
        }
    }
}
