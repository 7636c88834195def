package corebank.platform;

/**
 * The connection to the database failed while a write was committing: it may have committed or
 * not, and the engine cannot tell. Answered 503 {@code outcome_unknown}: the client retries with
 * the same Idempotency-Key, which answers the committed outcome if there is one, or runs the
 * request if there is none. A new key could move the money twice.
 */
public class OutcomeUnknownException extends CorebankException {
    public OutcomeUnknownException(String name, Throwable cause) {
        super(ErrorCode.OUTCOME_UNKNOWN, "The connection to the database failed while '" + name
                + "' was committing, so it may or may not have been written. Retry with the same Idempotency-Key"
                + " (it answers the committed outcome if there is one); never with a new key.");
        initCause(cause);
    }
}
