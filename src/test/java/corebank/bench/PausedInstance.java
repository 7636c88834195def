package corebank.bench;

import corebank.support.ChildEngine;
import corebank.support.ProcessPause;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fault run's paused instance: a second engine process on the same database (with the first
 * one's keys, so a token verifies on both), the clients spread over both, and the second stopped
 * with a real SIGSTOP at a moment its session holds the ledger's batch lock, for {@link #PAUSE},
 * then SIGCONT. Recovery is the other instance's first acknowledgement of a transfer sent after
 * the lock was seen held, from the SIGSTOP; it must come within {@link #BOUND} plus
 * {@link #MARGIN}, while the second is still stopped. The second's requests in flight across the
 * pause must be answered: 201 (committed), a refusal, or 503 (then resolved by replay).
 */
final class PausedInstance implements FaultRun.Fault, FaultRun.Recovery, AutoCloseable {

    static final Duration PAUSE = Duration.ofSeconds(20);
    /** The bound: corebank.database.idle-in-transaction-timeout, whose default (application.yml) both engines run with. */
    static final Duration BOUND = Duration.ofSeconds(5);
    /** Not part of the bound: the other instance's waiting batch and its answer, on two shared cores. */
    static final Duration MARGIN = Duration.ofSeconds(4);
    static final String NAME = "corebank-engine-2";

    private final FaultRun run;
    private final Process engine;
    private final URI base;
    private ProcessPause.Paused paused;
    private long resumedAt;
    private String note = "";

    private PausedInstance(FaultRun run, Process engine, URI base) {
        this.run = run;
        this.engine = engine;
        this.base = base;
    }

    /** Starts the second engine on the run's database, its sessions named {@link #NAME}. */
    static PausedInstance start(FaultRun run) throws Exception {
        Path data = run.dir.resolve("engine-2");
        Files.createDirectories(data.resolve("keys"));
        try (Stream<Path> keys = Files.list(run.dir.resolve("engine").resolve("keys"))) {
            for (Path key : keys.toList()) {
                Files.copy(key, data.resolve("keys").resolve(key.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        PerformanceBenchmark.Server db = run.database;
        PerformanceBenchmark.Server named = new PerformanceBenchmark.Server(ProcessPause.named(db.jdbcUrl(), NAME), db.host(),
                db.port(), db.superuser(), db.superuserPassword(), db.owner(), db.runtime(), db.password(), db.dataDirectory());
        int port = PerformanceBenchmark.freePort();
        URI base = URI.create("http://127.0.0.1:" + port);
        Process engine = PerformanceBenchmark.startEngine(named, data, port, null);
        try {
            ChildEngine.awaitHealthy(engine, base, Duration.ofSeconds(120), data.resolve("engine.log"));
        } catch (Exception e) {
            engine.destroyForcibly();
            throw e;
        }
        System.out.println("  a second engine on the same database: " + base + " (pid " + engine.pid() + ")");
        return new PausedInstance(run, engine, base);
    }

    URI base() {
        return base;
    }

    @Override
    public long inject() throws Exception {
        paused = ProcessPause.stopHoldingBatchLock(engine.pid(), NAME, this::superuser, 100);
        System.out.printf("  engine 2 stopped (SIGSTOP) while holding the ledger's batch lock (attempt %d); stopped for %d s%n",
                paused.attempts(), PAUSE.toSeconds());
        try {
            Thread.sleep(Math.max(0, (paused.stoppedAt() + PAUSE.toNanos() - System.nanoTime()) / 1_000_000));
        } finally {
            ProcessPause.resume(engine.pid());
        }
        resumedAt = System.nanoTime();
        System.out.println("  engine 2 resumed (SIGCONT)");
        return resumedAt;
    }

    @Override
    public double seconds(List<FaultRun.Sent> sent, List<String> problems) {
        long recovered = sent.stream().filter(s -> s.instance.equals(run.base) && s.sentAt > paused.confirmedAt() && s.firstStatus == 201)
                .mapToLong(s -> s.answeredAt).min().orElse(Long.MAX_VALUE);
        List<FaultRun.Sent> inFlight = sent.stream().filter(s -> s.instance.equals(base) && s.sentAt < resumedAt && s.answeredAt > resumedAt)
                .toList();
        long committed = inFlight.stream().filter(s -> s.firstStatus == 201).count();
        long unavailable = inFlight.stream().filter(s -> s.firstStatus == 503).count();
        long refused = inFlight.stream().filter(s -> s.firstStatus >= 400 && s.firstStatus < 500).count();
        long unanswered = inFlight.size() - committed - unavailable - refused;
        if (unanswered > 0) {
            problems.add(unanswered + " requests in flight at the paused instance got no answer or a 500 after SIGCONT");
        }
        if (inFlight.isEmpty()) {
            problems.add("no request was in flight at the paused instance");
        }
        if (recovered == Long.MAX_VALUE) {
            problems.add("the other instance acknowledged nothing sent after the pause began");
            return Double.NaN;
        }
        Duration recovery = Duration.ofNanos(recovered - paused.stoppedAt());
        if (recovery.compareTo(BOUND.plus(MARGIN)) > 0 || recovered > resumedAt) {
            problems.add(String.format(Locale.ROOT, "the other instance wrote again %.1f s after the SIGSTOP: beyond the bound of %d s + %d s margin",
                    recovery.toMillis() / 1e3, BOUND.toSeconds(), MARGIN.toSeconds()));
        }
        note = String.format(Locale.ROOT, "ok (from SIGSTOP; bound %d s + %d s margin; engine 2's %d in flight: %d 201, %d refused, %d 503)",
                BOUND.toSeconds(), MARGIN.toSeconds(), inFlight.size(), committed, refused, unavailable);
        return recovery.toNanos() / 1e9;
    }

    @Override
    public String note() {
        return note;
    }

    private Connection superuser() throws SQLException {
        return DriverManager.getConnection(run.database.jdbcUrl(), run.database.superuser(), run.database.superuserPassword());
    }

    @Override
    public void close() throws Exception {
        if (engine.isAlive()) {
            ProcessPause.resume(engine.pid());
            engine.destroy();
            if (!engine.waitFor(60, TimeUnit.SECONDS)) {
                engine.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
