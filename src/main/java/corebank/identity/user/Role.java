package corebank.identity.user;

/** What a user may do. A SUPERVISOR is a teller who may also approve (reversals). */
public enum Role {
    CUSTOMER, TELLER, SUPERVISOR, AUDITOR, ADMIN;

    public static final String CUSTOMER_NAME = "CUSTOMER";
    public static final String TELLER_NAME = "TELLER";
    public static final String SUPERVISOR_NAME = "SUPERVISOR";
    public static final String AUDITOR_NAME = "AUDITOR";
    public static final String ADMIN_NAME = "ADMIN";

    /** Customers are logged out after 5 idle minutes (PSD2 RTS Art. 4); staff after their own limit. */
    public boolean isCustomer() {
        return this == CUSTOMER;
    }
}
