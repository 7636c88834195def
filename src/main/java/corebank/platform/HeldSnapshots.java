package corebank.platform;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A read-only REPEATABLE READ transaction held open across many short reads, for exports that
 * stream page by page and must still show one moment of the database: every page reads the same
 * snapshot, whatever commits meanwhile. It holds a pooled connection of its own until closed,
 * outside the {@link TransactionRunner} (whose transactions end with their work). PostgreSQL ends
 * a snapshot left idle longer than the given limit (idle_in_transaction_session_timeout, set for
 * this transaction only), so an abandoned export cannot pin old row versions for long.
 */
@Singleton
public class HeldSnapshots {

    private static final Settings JOOQ_SETTINGS = new Settings().withExecuteLogging(false).withRenderSchema(false);

    private final DataSource dataSource;

    HeldSnapshots(@Named("default") DataSource dataSource) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    /** Opens the transaction; its snapshot is taken by the first read. */
    public Snapshot open(Duration idleLimit) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (Statement s = connection.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; SET LOCAL idle_in_transaction_session_timeout = "
                        + Math.max(1, idleLimit.toMillis()));
            }
            return new Snapshot(connection);
        } catch (SQLException | RuntimeException e) {
            if (connection != null) {
                Snapshot.release(connection, e);
            }
            throw new DatabaseUnavailableException("snapshot", e);
        }
    }

    /** One held transaction; {@link #close} ends it (rolled back: it only read) and returns the connection. */
    public static final class Snapshot implements AutoCloseable {

        private Connection connection;

        private Snapshot(Connection connection) {
            this.connection = connection;
        }

        /** One read in the snapshot. A database failure answers 503 and ends the snapshot. */
        public synchronized <T> T read(TransactionWork<T> work) {
            if (connection == null) {
                throw new IllegalStateException("the snapshot is closed");
            }
            try {
                return work.run(DSL.using(connection, SQLDialect.POSTGRES, JOOQ_SETTINGS));
            } catch (CorebankException e) {
                throw e;
            } catch (Exception e) {
                close();
                if (DatabaseFailures.isConnectionFailure(e) || DatabaseFailures.isTimeout(e)) {
                    throw new DatabaseUnavailableException("snapshot read", e);
                }
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }

        @Override
        public synchronized void close() {
            if (connection != null) {
                Connection c = connection;
                connection = null;
                release(c, null);
            }
        }

        private static void release(Connection connection, Exception failure) {
            try (connection) {
                connection.rollback();
                connection.setReadOnly(false);
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                }
                // a connection that cannot be reset is closed all the same; the pool replaces it
            }
        }
    }
}
