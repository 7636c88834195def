package corebank.platform;

import corebank.platform.CorebankException.Kind;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every stable error code Corebank answers or audits, each defined here and nowhere else: the
 * {@code code} of a problem+json body, the {@code reason} of a failed audit event, the refusal an
 * Idempotency-Key stores and replays. Clients rely on the wire strings; never change one.
 *
 * <p>The kind says how a refusal with the code maps to an HTTP status (web.Problems). It is null
 * for the codes no feature throws: those the HTTP layer answers from a status of its own, and
 * those that only name why an audited attempt failed. A constant's name is its wire string in
 * capitals (CataloguesTest checks it).
 */
public enum ErrorCode {

    // ---- bad input (400) ------------------------------------------------------------------------
    VALIDATION_FAILED("validation_failed", Kind.INVALID),
    MALFORMED_REQUEST("malformed_request", Kind.INVALID),
    UNKNOWN_FIELD("unknown_field", Kind.INVALID),
    INVALID_AMOUNT("invalid_amount", Kind.INVALID),
    INVALID_CURRENCY("invalid_currency", Kind.INVALID),
    INVALID_ACCOUNT_NUMBER("invalid_account_number", Kind.INVALID),
    SAME_ACCOUNT("same_account", Kind.INVALID),
    IDEMPOTENCY_KEY_MISSING("idempotency_key_missing", Kind.INVALID),
    INVALID_REFERENCE("invalid_reference", Kind.INVALID),
    EXECUTION_DATE_IN_PAST("execution_date_in_past", Kind.INVALID),
    RECURRENCE_NEVER_RUNS("recurrence_never_runs", Kind.INVALID),
    WEAK_PASSWORD("weak_password", Kind.INVALID),
    CODE_INVALID("code_invalid", Kind.INVALID),

    // ---- who is asking (401, 403) ---------------------------------------------------------------
    UNAUTHENTICATED("unauthenticated", Kind.UNAUTHENTICATED),
    INVALID_CREDENTIALS("invalid_credentials", Kind.UNAUTHENTICATED),
    ENROLLMENT_TOKEN_INVALID("enrollment_token_invalid", Kind.UNAUTHENTICATED),
    FORBIDDEN("forbidden", Kind.FORBIDDEN),
    CSRF_TOKEN_INVALID("csrf_token_invalid", Kind.FORBIDDEN),

    // ---- the object (404, 409) ------------------------------------------------------------------
    NOT_FOUND("not_found", Kind.NOT_FOUND),
    /** A state machine refused a move (see {@link Lifecycle}). */
    INVALID_STATE_TRANSITION("invalid_state_transition", Kind.CONFLICT),
    IDEMPOTENCY_CONFLICT("idempotency_conflict", Kind.CONFLICT),
    ALREADY_REVERSED("already_reversed", Kind.CONFLICT),
    HOLD_NOT_PENDING("hold_not_pending", Kind.CONFLICT),
    HOLD_EXPIRED("hold_expired", Kind.CONFLICT),
    ACCOUNT_NOT_EMPTY("account_not_empty", Kind.CONFLICT),
    PAYMENT_NOT_EDITABLE("payment_not_editable", Kind.CONFLICT),
    BILLER_EXISTS("biller_exists", Kind.CONFLICT),
    SETTLEMENT_BEFORE_CUT_OFF("settlement_before_cut_off", Kind.CONFLICT),
    USER_EXISTS("user_exists", Kind.CONFLICT),
    CUSTOMER_REF_TAKEN("customer_ref_taken", Kind.CONFLICT),
    ENROLLMENT_NOT_STARTED("enrollment_not_started", Kind.CONFLICT),

    // ---- business rules (422) -------------------------------------------------------------------
    CURRENCY_MISMATCH("currency_mismatch", Kind.REFUSED),
    ACCOUNT_FROZEN("account_frozen", Kind.REFUSED),
    ACCOUNT_CLOSED("account_closed", Kind.REFUSED),
    INSUFFICIENT_FUNDS("insufficient_funds", Kind.REFUSED),
    LIMIT_EXCEEDED("limit_exceeded", Kind.REFUSED),
    NOT_REVERSIBLE("not_reversible", Kind.REFUSED),
    LINKED_TRANSFER_FAILED("linked_transfer_failed", Kind.REFUSED),
    /** An owner reference (an account's, a user's) that names no customer record. */
    UNKNOWN_CUSTOMER("unknown_customer", Kind.REFUSED),
    /** A customer whose record lacks what KYC verification needs (a field, an unexpired document). */
    CUSTOMER_INCOMPLETE("customer_incomplete", Kind.REFUSED),

    // ---- four-eyes approval (approvals) ---------------------------------------------------------
    /** The maker of an approval request tried to decide it. */
    MAKER_CANNOT_CHECK("maker_cannot_check", Kind.FORBIDDEN),
    /** An open request for the same object (an entry, an account, a user) already waits. */
    APPROVAL_PENDING("approval_pending", Kind.CONFLICT),
    /** The operation needs a second person's approval and this route cannot ask for it (a batch item). */
    APPROVAL_REQUIRED("approval_required", Kind.REFUSED),
    // ---- the cash desk (403, 409, 422) -----------------------------------------------------------
    TILL_DAY_NOT_OPEN("till_day_not_open", Kind.CONFLICT),
    TILL_DAY_ALREADY_OPEN("till_day_already_open", Kind.CONFLICT),
    TILL_EXISTS("till_exists", Kind.CONFLICT),
    CASH_CURRENCY_EXISTS("cash_currency_exists", Kind.CONFLICT),
    TILL_DIFFERENCE_OWN("till_difference_own", Kind.FORBIDDEN),
    TILL_ACCOUNT("till_account", Kind.REFUSED),

    // ---- load (429, 503) ------------------------------------------------------------------------
    TOO_MANY_REQUESTS("too_many_requests", Kind.THROTTLED),
    OVERLOADED("overloaded", Kind.UNAVAILABLE),
    CONTENTION("contention", Kind.UNAVAILABLE),
    UNAVAILABLE("unavailable", Kind.UNAVAILABLE),
    /** The database connection was lost while a write committed: it may or may not have; replay the same key. */
    OUTCOME_UNKNOWN("outcome_unknown", Kind.UNAVAILABLE),

    // ---- answered by the HTTP layer from a status of its own ------------------------------------
    METHOD_NOT_ALLOWED("method_not_allowed", null),
    NOT_ACCEPTABLE("not_acceptable", null),
    PAYLOAD_TOO_LARGE("payload_too_large", null),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", null),
    INTERNAL_ERROR("internal_error", null),
    REQUEST_REFUSED("request_refused", null),

    // ---- only the reason of a failed audit event ------------------------------------------------
    SESSION_ENDED("session_ended", null),
    SESSION_EXPIRED("session_expired", null),
    UNKNOWN_TOKEN("unknown_token", null),
    REFRESH_TOKEN_REUSE("refresh_token_reuse", null),
    CHALLENGE_INVALID("challenge_invalid", null),
    TAMPER_DETECTED("tamper_detected", null);

    private static final Map<String, ErrorCode> BY_WIRE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ErrorCode::wire, Function.identity()));

    private final String wire;
    private final Kind kind;

    ErrorCode(String wire, Kind kind) {
        this.wire = wire;
        this.kind = kind;
    }

    /** The string clients and auditors see. */
    public String wire() {
        return wire;
    }

    /** How a refusal with this code maps to a status; null if no feature throws it. */
    public Kind kind() {
        return kind;
    }

    /** The code of a wire string, e.g. a refusal stored under an Idempotency-Key. */
    public static ErrorCode fromWire(String wire) {
        ErrorCode code = BY_WIRE.get(wire);
        if (code == null) {
            throw new IllegalArgumentException("not a Corebank error code: " + wire);
        }
        return code;
    }

    @Override
    public String toString() {
        return wire;
    }
}
