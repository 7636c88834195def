package corebank.identity;

import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;

/** Refusals of the identity feature (codes in platform.ErrorCode). Login failures never say which factor was wrong. */
public class IdentityException extends CorebankException {

    public IdentityException(ErrorCode code, String detail, String field) {
        super(code, detail, field);
    }

    /** The one answer to every failed login step: it does not say what was wrong. */
    public static IdentityException invalidCredentials() {
        return new IdentityException(ErrorCode.INVALID_CREDENTIALS,
                "the credentials are not valid, or the user is locked; try again later", null);
    }

    public static IdentityException unauthenticated(String detail) {
        return new IdentityException(ErrorCode.UNAUTHENTICATED, detail, null);
    }

    public static IdentityException invalid(String detail, String field) {
        return new IdentityException(ErrorCode.VALIDATION_FAILED, detail, field);
    }
}
