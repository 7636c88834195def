package corebank.payments;

import corebank.platform.CorebankException;

/** Refusals of bill payments, with stable codes. */
public class PaymentsException extends CorebankException {

    public static final String INVALID_REFERENCE = "invalid_reference";
    public static final String DATE_IN_PAST = "execution_date_in_past";
    public static final String NEVER_RUNS = "recurrence_never_runs";
    public static final String NOT_FOUND = "not_found";
    public static final String VALIDATION_FAILED = "validation_failed";
    public static final String NOT_EDITABLE = "payment_not_editable";
    public static final String BILLER_EXISTS = "biller_exists";

    public PaymentsException(Kind kind, String code, String detail, String field) {
        super(kind, code, detail, field);
    }

    static PaymentsException invalid(String code, String detail, String field) {
        return new PaymentsException(Kind.INVALID, code, detail, field);
    }

    static PaymentsException notFound(String detail, String field) {
        return new PaymentsException(Kind.NOT_FOUND, NOT_FOUND, detail, field);
    }
}
