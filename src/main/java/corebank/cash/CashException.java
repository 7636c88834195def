package corebank.cash;

import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;

/** Refusals of the cash desk, each with a stable code (platform.ErrorCode). */
public class CashException extends CorebankException {

    public CashException(ErrorCode code, String detail, String field) {
        super(code, detail, field);
    }
}
