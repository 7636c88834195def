package corebank.payments;

import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;

/** Refusals of bill payments, with stable codes (platform.ErrorCode). */
public class PaymentsException extends CorebankException {

    public PaymentsException(ErrorCode code, String detail, String field) {
        super(code, detail, field);
    }

    static PaymentsException invalid(ErrorCode code, String detail, String field) {
        return new PaymentsException(code, detail, field);
    }

    static PaymentsException notFound(String detail, String field) {
        return new PaymentsException(ErrorCode.NOT_FOUND, detail, field);
    }
}
