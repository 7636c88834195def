package corebank.platform;

/**
 * A refusal with a stable, machine-readable code from {@link ErrorCode}. Features throw
 * subclasses; the HTTP edge turns them into RFC 9457 problem+json. The code's kind says how bad
 * input maps to a status without the features knowing about HTTP.
 */
public class CorebankException extends RuntimeException {

    public enum Kind {
        /** The request itself is malformed or out of bounds (400). */
        INVALID,
        /** Authentication is missing or failed (401). */
        UNAUTHENTICATED,
        /** Authenticated but not allowed (403). */
        FORBIDDEN,
        /** The named object does not exist, or the caller may not know that it does (404). */
        NOT_FOUND,
        /** The request conflicts with the state of the object (409). */
        CONFLICT,
        /** Well-formed, but the business rules refuse it (422). */
        REFUSED,
        /** Too many requests; try later (429). */
        THROTTLED,
        /** The engine is overloaded or a dependency is down; retry later (503). */
        UNAVAILABLE
    }

    private final ErrorCode code;
    private final String field;
    private boolean replayed;

    public CorebankException(ErrorCode code, String detail, String field) {
        super(detail);
        if (code.kind() == null) {
            throw new IllegalArgumentException(code + " is not a refusal a feature throws");
        }
        this.code = code;
        this.field = field;
    }

    public CorebankException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    public ErrorCode code() {
        return code;
    }

    public Kind kind() {
        return code.kind();
    }

    /** The request field at fault (JSON property, header or path variable name), or null. */
    public String field() {
        return field;
    }

    public String detail() {
        return getMessage();
    }

    /** True when this refusal is the stored first outcome of an Idempotency-Key, answered again. */
    public boolean replayed() {
        return replayed;
    }

    public CorebankException markReplayed() {
        this.replayed = true;
        return this;
    }

    /**
     * Seconds after which a retry can succeed (the Retry-After header): for throttling refusals
     * their own wait, for every 503 one second.
     */
    public Long retryAfterSeconds() {
        return kind() == Kind.UNAVAILABLE ? 1L : null;
    }
}
