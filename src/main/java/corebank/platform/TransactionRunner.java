package corebank.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.data.connection.ConnectionDefinition;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.DefaultTransactionDefinition;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The only way the engine writes: every write runs in a SERIALIZABLE transaction, and one that
 * loses a serialization conflict (SQLSTATE 40001) or a deadlock (40P01) is rolled back and run
 * again after a jittered, exponentially growing backoff, a bounded number of times. Callers see
 * the committed result, or an exception after which nothing of the work was committed, or
 * (only when the connection failed during COMMIT) an {@link OutcomeUnknownException}.
 *
 * <p>Reads for screens and auditors use {@link #read}: a read-only REPEATABLE READ snapshot,
 * never the write path's locks; a read that is one statement uses {@link #readStatement}.
 *
 * <p>Each transaction names its isolation level in its first statement, which the driver sends
 * in the same round trip as BEGIN. (JDBC's setTransactionIsolation costs a round trip of its
 * own, and the pool another to reset it, on every transaction.)
 *
 * <p>Each attempt is a new transaction of Micronaut's transaction manager for the default
 * datasource, on a pooled connection of its own: a runner call inside another's work does not
 * join that work (its retries re-run it whole, which a part of another transaction cannot be).
 * Micronaut Data repositories called inside the work run on the work's connection, in its
 * transaction, beside the jOOQ context the work receives, so their statements commit, roll back
 * and are re-run with it. Micronaut sets only auto-commit and read-only; the isolation level
 * stays this class's first statement. Any exception rolls the attempt back; a commit that fails
 * with 40001 is re-run like a statement that does.
 *
 * <p>Failures of the database itself are answered honestly, never as a bug (see
 * {@link DatabaseFailures}). The runner commits inside the attempt, so it knows which step
 * failed: a connection lost before COMMIT was sent, or a lock or statement timeout, wrote
 * nothing ({@link DatabaseUnavailableException}, 503 {@code unavailable}); a connection lost
 * while COMMIT was under way may or may not have committed ({@link OutcomeUnknownException},
 * 503 {@code outcome_unknown}); a commit that went through is the result, whatever the cleanup
 * afterwards (rollback, resetting the connection) throws. A cleanup error never replaces the
 * original failure: it is attached to it as suppressed.
 */
@Singleton
public class TransactionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionRunner.class);
    private static final Settings JOOQ_SETTINGS = new Settings()
            .withExecuteLogging(false)
            .withRenderSchema(false);

    private final TransactionOperations<Connection> transactions;
    private final ConnectionOperations<Connection> connections;
    private final TransactionSettings settings;
    private final Counter retries;
    private final Counter exhausted;
    private final Counter commits;
    private final Counter outcomeUnknown;
    private final Counter unavailable;

    public TransactionRunner(@Named("default") TransactionOperations<Connection> transactions,
                             @Named("default") ConnectionOperations<Connection> connections,
                             TransactionSettings settings, MeterRegistry meters) {
        this.transactions = transactions;
        this.connections = connections;
        this.settings = settings;
        this.retries = Counter.builder("corebank.tx.retries")
                .description("serializable transactions re-run after a serialization failure or deadlock").register(meters);
        this.exhausted = Counter.builder("corebank.tx.retries.exhausted")
                .description("transactions that gave up after retriesMax re-runs").register(meters);
        this.commits = Counter.builder("corebank.tx.commits")
                .description("committed serializable transactions").register(meters);
        this.outcomeUnknown = Counter.builder("corebank.tx.outcome.unknown")
                .description("writes whose connection failed while committing; their clients got 503 outcome_unknown").register(meters);
        this.unavailable = Counter.builder("corebank.tx.unavailable")
                .description("transactions that wrote nothing because the database failed or timed out; their clients got 503 unavailable")
                .register(meters);
    }

    public <T> T serializable(String name, TransactionWork<T> work) {
        return serializable(name, null, work);
    }

    /**
     * As {@link #serializable(String, TransactionWork)}, with {@code opening} (a statement
     * without parameters, such as a LOCK TABLE that must come before the transaction's
     * snapshot) run first, in the same round trip as BEGIN.
     */
    public <T> T serializable(String name, String opening, TransactionWork<T> work) {
        return serializable(name, null, opening, work);
    }

    /**
     * As {@link #serializable(String, String, TransactionWork)}, with {@code beforeBegin} (a
     * statement without parameters) run first on the same connection in autocommit, outside the
     * transaction: for session-level locks that must be granted before the transaction's
     * snapshot and that {@code opening} turns into transaction-level ones (the ledger's account
     * locks, see corebank.ledger.AccountLocks). Should the attempt fail, the session's
     * advisory locks are all released before its connection goes back to the pool.
     */
    public <T> T serializable(String name, String beforeBegin, String opening, TransactionWork<T> work) {
        return serializable(name, beforeBegin, opening, opening, work);
    }

    /**
     * As {@link #serializable(String, String, String, TransactionWork)}, where every re-run after a
     * serialization failure or deadlock opens with {@code retryOpening} instead, and without
     * {@code beforeBegin}: the ledger's accounts write path re-runs a batch that lost a conflict
     * under the table lock, which no other batch can conflict with.
     */
    public <T> T serializable(String name, String beforeBegin, String opening, String retryOpening, TransactionWork<T> work) {
        return serializable(name, beforeBegin, opening, retryOpening, null, work);
    }

    /**
     * As {@link #serializable(String, String, String, String, TransactionWork)}, with {@code beforeRetry}
     * run before every re-run (the ledger's accounts path takes its instance's other writers out of
     * the way there, so that none of them waits behind the re-run's table lock).
     */
    public <T> T serializable(String name, String beforeBegin, String opening, String retryOpening, Runnable beforeRetry,
                              TransactionWork<T> work) {
        int attempt = 0;
        while (true) {
            attempt++;
            if (attempt > 1 && beforeRetry != null) {
                beforeRetry.run();
            }
            String first = attempt == 1 ? opening : retryOpening;
            String begin = first == null ? SERIALIZABLE : SERIALIZABLE + ";\n" + first;
            try {
                T result = runOnce(name, work, attempt == 1 ? beforeBegin : null, begin, false);
                commits.increment();
                return result;
            } catch (Exception e) {
                if (!isRetryable(e)) {
                    throw propagate(e);
                }
                if (attempt > settings.retriesMax()) {
                    exhausted.increment();
                    LOG.warn("transaction {} gave up after {} attempts", name, attempt);
                    throw new RetriesExhaustedException(name, attempt);
                }
                retries.increment();
                sleepBackoff(attempt);
            }
        }
    }

    /**
     * A writing transaction at REPEATABLE READ, for internal jobs (the audit sequencer) whose
     * reads must not take serializable predicate locks on tables the ledger writes. Not for
     * money: that is {@link #serializable}.
     */
    public <T> T repeatableRead(String name, TransactionWork<T> work) {
        try {
            return runOnce(name, work, null, REPEATABLE_READ, false);
        } catch (Exception e) {
            throw propagate(e);
        }
    }

    public <T> T read(TransactionWork<T> work) {
        try {
            return runOnce("read", work, null, REPEATABLE_READ, true);
        } catch (Exception e) {
            throw propagate(e);
        }
    }

    /**
     * One statement that only reads, on its own (autocommit, READ COMMITTED): one round trip, no
     * transaction to begin or end. A single statement sees one snapshot, so it needs nothing
     * stronger; anything that reads twice and must see one state uses {@link #read}. The
     * connection is a new one, which a repository called in the work uses too.
     */
    public <T> T readStatement(TransactionWork<T> work) {
        Attempt<T> attempt = new Attempt<>();
        try {
            return connections.execute(ConnectionDefinition.REQUIRES_NEW, status -> {
                try {
                    return work.run(DSL.using(status.getConnection(), SQLDialect.POSTGRES, JOOQ_SETTINGS));
                } catch (Exception e) {
                    attempt.failure = e;
                    throw propagate(e);
                }
            });
        } catch (Exception thrown) {
            throw settle("read", attempt, thrown, true);
        }
    }

    public double retryCount() {
        return retries.count();
    }

    public double commitCount() {
        return commits.count();
    }

    private static final String SERIALIZABLE = "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE";
    private static final String REPEATABLE_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";

    /** Where an attempt got to, and what failed first, whatever the cleanup throws afterwards. */
    private static final class Attempt<T> {
        boolean committing;
        boolean committed;
        T result;
        Exception failure;
    }

    private <T> T runOnce(String name, TransactionWork<T> work, String beforeBegin, String opening, boolean readOnly) {
        Attempt<T> attempt = new Attempt<>();
        try {
            // read-only: Micronaut sets it on the connection, and the driver begins with BEGIN READ ONLY at no extra cost
            return transactions.execute(readOnly ? READ_ONLY_ATTEMPT : WRITE_ATTEMPT, status -> {
                Connection connection = status.getConnection();
                try {
                    if (beforeBegin != null) {
                        runBeforeBegin(connection, beforeBegin);
                    }
                    try (var statement = connection.createStatement()) {
                        statement.execute(opening);
                    }
                    T result = work.run(DSL.using(connection, SQLDialect.POSTGRES, JOOQ_SETTINGS));
                    // Committed here rather than by the transaction manager, so that a failure is
                    // known to be the COMMIT's; the manager's own commit then finds nothing to do.
                    attempt.committing = true;
                    connection.commit();
                    attempt.committed = true;
                    attempt.result = result;
                    return result;
                } catch (Exception e) {
                    attempt.failure = e;
                    if (beforeBegin != null && !attempt.committing) {
                        releaseSessionLocks(connection, e);
                    }
                    throw e;
                }
            });
        } catch (Exception thrown) {
            if (attempt.committed) {
                LOG.warn("transaction {} committed; cleaning up its connection failed", name, thrown);
                return attempt.result;
            }
            throw settle(name, attempt, thrown, readOnly);
        }
    }

    /**
     * {@code beforeBegin} in autocommit: nothing was sent on this connection yet, and the driver
     * begins the transaction with its first statement after autocommit is off again. A failure of
     * the statement is the one reported; switching autocommit on a connection the pool has
     * already closed (after a connection failure) throws an exception with no SQLSTATE, which is
     * reported as the connection failure it is (08003), never as a bug.
     */
    private static void runBeforeBegin(Connection connection, String beforeBegin) throws java.sql.SQLException {
        autoCommit(connection, true);
        try (var statement = connection.createStatement()) {
            statement.execute(beforeBegin);
        } catch (java.sql.SQLException e) {
            try {
                autoCommit(connection, false);
            } catch (java.sql.SQLException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        autoCommit(connection, false);
    }

    private static void autoCommit(Connection connection, boolean on) throws java.sql.SQLException {
        try {
            connection.setAutoCommit(on);
        } catch (java.sql.SQLException e) {
            throw e.getSQLState() != null ? e : new java.sql.SQLException("the connection is unusable: " + e.getMessage(), "08003", e);
        }
    }

    /**
     * Ends the failed attempt's transaction and drops any session-level advisory lock it still
     * holds (those of {@code beforeBegin}, if it failed before turning them into transaction-level
     * ones). A failure here goes with the original one; a broken connection holds no lock.
     */
    private static void releaseSessionLocks(Connection connection, Exception original) {
        try {
            connection.rollback();
            try (var statement = connection.createStatement()) {
                // committed: the setting would otherwise roll back with the transaction this statement opens
                statement.execute("SELECT pg_advisory_unlock_all(), set_config('idle_session_timeout', '0', false)");
            }
            connection.commit();
        } catch (Exception e) {
            original.addSuppressed(e);
        }
    }

    /**
     * The exception a failed attempt answers: the first failure (a rollback or cleanup error
     * after it is attached as suppressed), told apart as the class comment says.
     */
    private RuntimeException settle(String name, Attempt<?> attempt, Exception thrown, boolean readOnly) {
        Exception original = attempt.failure != null ? attempt.failure : thrown;
        if (original != thrown && !isCauseOf(original, thrown)) {
            original.addSuppressed(thrown);
        }
        if (original instanceof CorebankException refusal) {
            return refusal;
        }
        boolean connectionFailed = DatabaseFailures.isConnectionFailure(original);
        if (attempt.committing && !readOnly && (connectionFailed || sqlState(original) == null)) {
            outcomeUnknown.increment();
            LOG.error("transaction {}: the connection failed while committing; outcome unknown", name, original);
            return new OutcomeUnknownException(name, original);
        }
        if (connectionFailed || DatabaseFailures.isTimeout(original)) {
            unavailable.increment();
            LOG.warn("transaction {} wrote nothing: the database failed or timed out ({})", name, original.toString());
            return new DatabaseUnavailableException(name, original);
        }
        return propagate(original);
    }

    private static boolean isCauseOf(Throwable candidate, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t == candidate) {
                return true;
            }
        }
        return false;
    }

    private static final TransactionDefinition WRITE_ATTEMPT = attempt(false);
    private static final TransactionDefinition READ_ONLY_ATTEMPT = attempt(true);

    /**
     * A new transaction on a connection of its own, rolled back on any exception; no isolation
     * level (that is the opening statement's job, see the class comment).
     */
    private static TransactionDefinition attempt(boolean readOnly) {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition(TransactionDefinition.Propagation.REQUIRES_NEW);
        definition.setReadOnly(readOnly);
        definition.setRollbackOn(List.of(Throwable.class));
        return definition;
    }

    private void sleepBackoff(int attempt) {
        long ceiling = Math.min((long) settings.backoffMaxMillis(),
                (long) settings.backoffBaseMillis() << Math.min(attempt - 1, 16));
        long millis = ThreadLocalRandom.current().nextLong(ceiling + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }

    /** The SQLSTATE of the first SQL exception in the cause chain, or null. */
    public static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (t instanceof org.jooq.exception.DataAccessException dae && dae.sqlState() != null
                    && !"00000".equals(dae.sqlState())) {
                return dae.sqlState();
            }
        }
        return null;
    }

    static boolean isRetryable(Throwable e) {
        String state = sqlState(e);
        return "40001".equals(state) || "40P01".equals(state);
    }

    private static RuntimeException propagate(Exception e) {
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
}
