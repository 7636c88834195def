package corebank.customers;

import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;

/**
 * Refusals of the customers feature (codes in platform.ErrorCode). A detail never repeats a
 * customer's personal data: refusals are logged.
 */
public class CustomersException extends CorebankException {

    public CustomersException(ErrorCode code, String detail, String field) {
        super(code, detail, field);
    }

    static CustomersException invalid(String field, String detail) {
        return new CustomersException(ErrorCode.VALIDATION_FAILED, field + ": " + detail, field);
    }

    static CustomersException notFound(String detail, String field) {
        return new CustomersException(ErrorCode.NOT_FOUND, detail, field);
    }
}
