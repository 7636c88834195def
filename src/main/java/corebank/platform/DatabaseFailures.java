package corebank.platform;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells the failures of the database itself (a lost or refused connection, a terminated session,
 * a pool that found no connection in time, a lock or statement timeout) from every other error.
 * Used by {@link TransactionRunner} to answer them honestly: 503, never 500.
 */
final class DatabaseFailures {

    /**
     * SQLSTATEs after which the session is gone: admin_shutdown, crash_shutdown,
     * cannot_connect_now, idle_in_transaction_session_timeout, idle_session_timeout,
     * too_many_connections (class 08, connection exception, is matched by prefix).
     */
    private static final Set<String> SESSION_ENDED = Set.of("57P01", "57P02", "57P03", "25P03", "57P05", "53300");
    /** lock_not_available (lock_timeout) and query_canceled (statement_timeout). */
    private static final Set<String> TIMEOUTS = Set.of("55P03", "57014");

    private DatabaseFailures() {
    }

    /** The connection failed or could not be had: the server may not have seen the end of the work. */
    static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof IOException) {
                return true;
            }
            String state = stateOf(t);
            if (state != null && (state.startsWith("08") || SESSION_ENDED.contains(state))) {
                return true;
            }
        }
        return false;
    }

    /** A lock or statement timeout ended a statement; the server rolls its transaction back. */
    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String state = stateOf(t);
            if (state != null && TIMEOUTS.contains(state)) {
                return true;
            }
        }
        return false;
    }

    private static String stateOf(Throwable t) {
        if (t instanceof SQLException sql) {
            return sql.getSQLState();
        }
        if (t instanceof org.jooq.exception.DataAccessException dae && !"00000".equals(dae.sqlState())) {
            return dae.sqlState();
        }
        return null;
    }
}
