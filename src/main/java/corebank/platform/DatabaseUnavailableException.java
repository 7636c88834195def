package corebank.platform;

/**
 * The database could not be reached, or a lock, statement or session timeout ended the work,
 * before anything was committed: nothing of it was written. Answered 503 {@code unavailable}.
 */
public class DatabaseUnavailableException extends CorebankException {
    public DatabaseUnavailableException(String name, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, "The database did not complete '" + name
                + "'; nothing was written. Retry shortly with the same Idempotency-Key.");
        initCause(cause);
    }
}
