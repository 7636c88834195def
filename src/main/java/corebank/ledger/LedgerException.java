package corebank.ledger;

import corebank.platform.CorebankException;

/** Refusals of the ledger, each with a stable code that clients may rely on. */
public class LedgerException extends CorebankException {

    public static final String INVALID_AMOUNT = "invalid_amount";
    public static final String INVALID_CURRENCY = "invalid_currency";
    public static final String INVALID_ACCOUNT_NUMBER = "invalid_account_number";
    public static final String SAME_ACCOUNT = "same_account";
    public static final String VALIDATION_FAILED = "validation_failed";
    public static final String NOT_FOUND = "not_found";
    public static final String CURRENCY_MISMATCH = "currency_mismatch";
    public static final String ACCOUNT_FROZEN = "account_frozen";
    public static final String ACCOUNT_CLOSED = "account_closed";
    public static final String INSUFFICIENT_FUNDS = "insufficient_funds";
    public static final String LIMIT_EXCEEDED = "limit_exceeded";
    public static final String ALREADY_REVERSED = "already_reversed";
    public static final String NOT_REVERSIBLE = "not_reversible";
    public static final String HOLD_NOT_PENDING = "hold_not_pending";
    public static final String HOLD_EXPIRED = "hold_expired";
    public static final String ACCOUNT_NOT_EMPTY = "account_not_empty";
    public static final String INVALID_STATE_TRANSITION = "invalid_state_transition";
    public static final String IDEMPOTENCY_CONFLICT = "idempotency_conflict";
    public static final String IDEMPOTENCY_KEY_MISSING = "idempotency_key_missing";
    public static final String OVERLOADED = "overloaded";
    public static final String LINKED_TRANSFER_FAILED = "linked_transfer_failed";

    public LedgerException(Kind kind, String code, String detail, String field) {
        super(kind, code, detail, field);
    }

    public static LedgerException invalid(String code, String detail, String field) {
        return new LedgerException(Kind.INVALID, code, detail, field);
    }

    public static LedgerException notFound(String detail, String field) {
        return new LedgerException(Kind.NOT_FOUND, NOT_FOUND, detail, field);
    }

    /** Rebuilds a refusal from its code, e.g. when replaying a stored outcome. */
    public static LedgerException fromCode(String code, String detail, String field) {
        return new LedgerException(kindOf(code), code, detail, field);
    }

    static Kind kindOf(String code) {
        return switch (code) {
            case NOT_FOUND -> Kind.NOT_FOUND;
            case ALREADY_REVERSED, HOLD_NOT_PENDING, HOLD_EXPIRED, IDEMPOTENCY_CONFLICT, INVALID_STATE_TRANSITION,
                 ACCOUNT_NOT_EMPTY -> Kind.CONFLICT;
            case INVALID_AMOUNT, INVALID_CURRENCY, INVALID_ACCOUNT_NUMBER, SAME_ACCOUNT, VALIDATION_FAILED,
                 IDEMPOTENCY_KEY_MISSING -> Kind.INVALID;
            case OVERLOADED -> Kind.UNAVAILABLE;
            default -> Kind.REFUSED;
        };
    }
}
