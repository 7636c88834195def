package corebank.bench;

import corebank.platform.EmbeddedDatabase;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The backup and restore runbook, tested: {@code mvn -q test-compile exec:exec@backup-restore}.
 *
 * <ol>
 *   <li>A durable embedded PostgreSQL with WAL archiving on ({@code ALTER SYSTEM SET archive_mode = on},
 *   {@code archive_command} copying each segment to an archive directory, a restart), the engine on it,
 *   16 accounts; 20 transfers (A).</li>
 *   <li>{@code pg_basebackup -Fp -X stream -c fast} of the running server.</li>
 *   <li>20 transfers (B); the target time is taken from the database's clock; 20 transfers (C);
 *   {@code pg_switch_wal()} so the segment holding C is archived.</li>
 *   <li>The engine stops; the backup is copied to a new data directory with
 *   {@code recovery.signal}, {@code restore_command} (copy from the archive),
 *   {@code recovery_target_time} and {@code recovery_target_action=promote}; PostgreSQL starts on
 *   it and replays the archive to the target.</li>
 *   <li>The engine starts on the restored database (same engine data directory: its keys).</li>
 * </ol>
 * Checks: the audit verification (as an auditor) reports the rollback against the witness file of
 * before the restore, and passes once that file is archived; the entries of
 * A and B are there, those of C are not. Exit status 1 if a check fails.
 */
public final class BackupRestoreRun {

    public static void main(String[] args) throws Exception {
        int exit;
        try {
            exit = run();
        } catch (Exception e) {
            e.printStackTrace();
            exit = 2;
        }
        System.exit(exit);
    }

    private static int run() throws Exception {
        FaultRun f = new FaultRun();
        f.dir = Files.createTempDirectory("corebank-backup-");
        Path archive = Files.createDirectories(f.dir.resolve("wal-archive"));
        Path backup = f.dir.resolve("base-backup");
        Path restored = f.dir.resolve("pgdata-restored");
        f.pgData = f.dir.resolve("pgdata");
        try {
            List<String> before = new ArrayList<>();
            List<String> after = new ArrayList<>();
            String target;
            String auditorRefresh;
            int primaryPort = PerformanceBenchmark.freePort();
            // archiving on: ALTER SYSTEM (postgresql.auto.conf), then a restart (archive_mode needs one)
            try (EmbeddedDatabase first = EmbeddedDatabase.start(f.pgData, primaryPort, Map.of());
                 Connection c = PerformanceBenchmark.Server.embedded(first).asSuperuser("postgres"); Statement s = c.createStatement()) {
                s.execute("ALTER SYSTEM SET archive_mode = on");
                s.execute("ALTER SYSTEM SET archive_command = 'test ! -f " + archive + "/%f && cp %p " + archive + "/%f'");
            }
            try (EmbeddedDatabase primary = EmbeddedDatabase.start(f.pgData, primaryPort, Map.of())) {
                f.database = PerformanceBenchmark.Server.embedded(primary);
                f.port = PerformanceBenchmark.freePort();
                f.base = URI.create("http://127.0.0.1:" + f.port);
                f.startEngine();
                f.login();
                auditorRefresh = f.auditorRefresh; // the restored database knows this session: it predates the backup
                List<String> accounts = PerformanceBenchmark.seed(f.database, 16, 2_000_000L);
                before.addAll(transfers(f, accounts, 20));
                exec(List.of(pgBasebackup().toString(), "-h", "127.0.0.1", "-p", Integer.toString(primary.port()),
                        "-U", "postgres", "-D", backup.toString(), "-Fp", "-X", "stream", "-c", "fast"));
                System.out.println("base backup taken: " + backup);
                before.addAll(transfers(f, accounts, 20));
                Thread.sleep(1_100);
                target = superuserValue(f, "SELECT clock_timestamp()::text");
                Thread.sleep(1_100);
                after.addAll(transfers(f, accounts, 20));
                String segment = superuserValue(f, "SELECT pg_walfile_name(pg_current_wal_lsn())");
                superuserValue(f, "SELECT pg_switch_wal()::text");
                for (int i = 0; i < 300 && !Files.exists(archive.resolve(segment)); i++) {
                    Thread.sleep(100);
                }
                System.out.println("transfers: " + before.size() + " before the target time " + target + ", " + after.size()
                        + " after it; WAL archived up to " + segment);
                f.engine.destroy();
                f.engine.waitFor();
            }
            // restore to the target time into a new data directory
            org.apache.commons.io.file.PathUtils.copyDirectory(backup, restored);
            Files.setPosixFilePermissions(restored, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            Files.createFile(restored.resolve("recovery.signal"));
            Files.writeString(restored.resolve("postgresql.auto.conf"), "\narchive_mode = off\nrestore_command = 'cp " + archive + "/%f %p'\n"
                    + "recovery_target_time = '" + target + "'\nrecovery_target_action = 'promote'\n",
                    java.nio.file.StandardOpenOption.APPEND);
            try (EmbeddedDatabase copy = EmbeddedDatabase.start(restored, PerformanceBenchmark.freePort(), Map.of())) {
                System.out.println("restored to " + target + " in " + restored);
                f.database = PerformanceBenchmark.Server.embedded(copy);
                f.port = PerformanceBenchmark.freePort();
                f.base = URI.create("http://127.0.0.1:" + f.port);
                f.startEngine();
                try {
                    f.auditorRefresh = auditorRefresh;
                    f.refreshAuditor();
                    // a point-in-time restore is a rollback: the witness file saw the lost checkpoints
                    Map<?, ?> rolledBack = f.get("/audit/v1/verification", f.auditorToken);
                    System.out.println("audit verification against the witness of before the restore: " + rolledBack);
                    boolean rollbackReported = Boolean.FALSE.equals(rolledBack.get("ok"))
                            && String.valueOf(rolledBack.get("problem")).contains("rolled back");
                    // the runbook: archive the old witness file (it proves what the restore lost), start a new one
                    Path witness = f.dir.resolve("engine/audit-witness/checkpoints.note");
                    Files.move(witness, witness.resolveSibling("checkpoints.before-restore.note"));
                    Map<?, ?> verification = f.get("/audit/v1/verification", f.auditorToken);
                    long present = count(f, before);
                    long absent = after.size() - count(f, after);
                    boolean ok = rollbackReported && Boolean.TRUE.equals(verification.get("ok")) && present == before.size()
                            && absent == after.size();
                    System.out.println("audit verification on the restored database: " + verification);
                    System.out.println("transfers before the target present: " + present + " of " + before.size()
                            + "; after the target absent: " + absent + " of " + after.size());
                    System.out.println(ok ? "BACKUP AND RESTORE CHECKS PASSED" : "A BACKUP AND RESTORE CHECK FAILED");
                    return ok ? 0 : 1;
                } finally {
                    f.engine.destroy();
                    f.engine.waitFor();
                }
            }
        } finally {
            org.apache.commons.io.file.PathUtils.deleteDirectory(f.dir);
        }
    }

    /** {@code n} acknowledged transfers of 1.00 EUR between neighbouring accounts: their entry ids. */
    private static List<String> transfers(FaultRun f, List<String> accounts, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        try (LeanHttpClient connection = new LeanHttpClient(f.base)) {
            for (int i = 0; i < n; i++) {
                FaultRun.Sent s = new FaultRun.Sent(accounts.get(i % accounts.size()), accounts.get((i + 1) % accounts.size()), 100);
                int status = f.send(connection, s);
                if (status != 201) {
                    throw new IllegalStateException("transfer answered " + status);
                }
                ids.add(s.entryId);
            }
        }
        return ids;
    }

    private static long count(FaultRun f, List<String> ids) throws Exception {
        try (Connection c = DriverManager.getConnection(f.database.jdbcUrl(), f.database.owner(), f.database.password());
             var s = c.prepareStatement("SELECT count(*) FROM journal_entries WHERE id = ANY (?::uuid[])")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String superuserValue(FaultRun f, String query) throws Exception {
        try (Connection c = f.database.asSuperuser(EmbeddedDatabase.DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * pg_basebackup: PG_BASEBACKUP, on the PATH, or under /usr/lib/postgresql/&lt;version&gt;/bin (the
     * embedded distribution has only initdb, pg_ctl and postgres). Version 15 or later.
     */
    private static Path pgBasebackup() throws Exception {
        String env = System.getenv("PG_BASEBACKUP");
        if (env != null && Files.isExecutable(Path.of(env))) {
            return Path.of(env);
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(p, "pg_basebackup"))) {
                return Path.of(p, "pg_basebackup");
            }
        }
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin/pg_basebackup")).filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new IllegalStateException("pg_basebackup not found: set PG_BASEBACKUP or install PostgreSQL's client programs"));
        }
    }

    private static void exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
    }
}
