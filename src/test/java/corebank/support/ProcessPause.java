package corebank.support;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real pause of an engine process, for the paused-instance fault tests: SIGSTOP and SIGCONT
 * ({@code kill -STOP}, {@code kill -CONT}), timed to catch the process while one of its database
 * sessions holds the ledger's batch lock ({@code LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE},
 * LedgerStore.BATCH_LOCK). The process's sessions are recognised by their {@code application_name}
 * ({@link #named}).
 */
public final class ProcessPause {

    /** A connection as a superuser (pg_stat_activity names every session's application). */
    public interface Superuser {
        Connection connect() throws SQLException;
    }

    /** When the stop that caught the lock was sent, and when the lock was seen held after it (System.nanoTime()). */
    public record Paused(long stoppedAt, long confirmedAt, int attempts) {
    }

    /**
     * Sessions holding a ledger batch's lock: the table lock (write-locks=table, and the accounts
     * path's batches under it), or an account lock of the accounts path (advisory, key namespace
     * 0x4C44 in the high 32 bits: ledger.AccountLocks), held at session or transaction level.
     */
    private static final String HOLDER = """
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE l.granted AND (l.locktype = 'relation' AND l.relation = 'public.accounts'::regclass
                                  AND l.mode = 'ShareRowExclusiveLock'
                                  OR l.locktype = 'advisory' AND l.classid = 19524)
               AND a.application_name = ?""";

    private ProcessPause() {
    }

    /** The JDBC URL with {@code ApplicationName}, so every session of an engine started on it carries that name. */
    public static String named(String jdbcUrl, String applicationName) {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "ApplicationName=" + applicationName;
    }

    public static void stop(long pid) throws IOException, InterruptedException {
        signal(pid, "STOP");
    }

    public static void resume(long pid) throws IOException, InterruptedException {
        signal(pid, "CONT");
    }

    private static void signal(long pid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        String out = new String(kill.getInputStream().readAllBytes());
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + out);
        }
    }

    /** The application_name of the session holding the batch lock now, or null when none does. */
    public static boolean holdsBatchLock(Connection superuser, String applicationName) throws SQLException {
        try (PreparedStatement s = superuser.prepareStatement(HOLDER)) {
            s.setString(1, applicationName);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Stops {@code pid} at a moment a session named {@code applicationName} holds the batch lock:
     * stops it, waits 100 ms (a COMMIT already on its way completes), and looks; if its session
     * does not hold the lock, resumes it and tries again a moment later. Returns stopped, with the
     * lock held; throws, with the process running, when no attempt caught it.
     */
    public static Paused stopHoldingBatchLock(long pid, String applicationName, Superuser database, int attempts)
            throws Exception {
        try (Connection c = database.connect()) {
            for (int attempt = 1; attempt <= attempts; attempt++) {
                long stoppedAt = System.nanoTime();
                stop(pid);
                Thread.sleep(100);
                if (holdsBatchLock(c, applicationName)) {
                    return new Paused(stoppedAt, System.nanoTime(), attempt);
                }
                resume(pid);
                Thread.sleep(20 + ThreadLocalRandom.current().nextInt(200));
            }
        }
        throw new IllegalStateException("in " + attempts + " attempts, " + applicationName + " never held the batch lock when stopped");
    }
}
