package corebank.ledger;

import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;

/** Refusals of the ledger, each with a stable code (platform.ErrorCode) that clients may rely on. */
public class LedgerException extends CorebankException {

    public LedgerException(ErrorCode code, String detail, String field) {
        super(code, detail, field);
    }

    public static LedgerException invalid(ErrorCode code, String detail, String field) {
        return new LedgerException(code, detail, field);
    }

    public static LedgerException notFound(String detail, String field) {
        return new LedgerException(ErrorCode.NOT_FOUND, detail, field);
    }

    /** Rebuilds a refusal from its code, e.g. when replaying a stored outcome. */
    public static LedgerException fromCode(String code, String detail, String field) {
        return new LedgerException(ErrorCode.fromWire(code), detail, field);
    }
}
