package corebank.identity;

import corebank.platform.CorebankException;

/** Refusals of the identity feature. Login failures never say which factor was wrong. */
public class IdentityException extends CorebankException {

    public static final String INVALID_CREDENTIALS = "invalid_credentials";
    public static final String LOCKED = "account_locked";
    public static final String CHALLENGE_INVALID = "challenge_invalid";
    public static final String SESSION_EXPIRED = "session_expired";
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String FORBIDDEN = "forbidden";
    public static final String WEAK_PASSWORD = "weak_password";
    public static final String MFA_REQUIRED = "second_factor_required";
    public static final String USER_EXISTS = "user_exists";
    public static final String CUSTOMER_REF_TAKEN = "customer_ref_taken";
    public static final String NOT_FOUND = "not_found";
    public static final String VALIDATION_FAILED = "validation_failed";
    public static final String TOO_MANY_ATTEMPTS = "too_many_requests";
    public static final String CSRF = "csrf_token_invalid";

    public IdentityException(Kind kind, String code, String detail, String field) {
        super(kind, code, detail, field);
    }

    /** The one answer to every failed login step: it does not say what was wrong. */
    public static IdentityException invalidCredentials() {
        return new IdentityException(Kind.UNAUTHENTICATED, INVALID_CREDENTIALS,
                "the credentials are not valid, or the user is locked; try again later", null);
    }

    public static IdentityException unauthenticated(String detail) {
        return new IdentityException(Kind.UNAUTHENTICATED, UNAUTHENTICATED, detail, null);
    }

    public static IdentityException invalid(String detail, String field) {
        return new IdentityException(Kind.INVALID, VALIDATION_FAILED, detail, field);
    }
}
