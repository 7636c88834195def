package corebank.audit;

/**
 * Every action an audit event can name, each defined here and nowhere else. Auditors filter and
 * export by the wire string; never change one. A constant's name is its wire string in capitals,
 * dots and dashes as underscores (CataloguesTest checks it).
 */
public enum AuditAction {

    // ---- reading the audit trail (every auditor read is itself audited) -------------------------
    AUDIT_READ_EVENTS("audit.read.events"),
    AUDIT_READ_EVENTS_EXPORT("audit.read.events.export"),
    AUDIT_READ_LOG_EXPORT("audit.read.log.export"),
    AUDIT_READ_JOURNAL("audit.read.journal"),
    AUDIT_READ_TRIAL_BALANCE("audit.read.trial-balance"),
    AUDIT_READ_CHECKPOINT("audit.read.checkpoint"),
    AUDIT_READ_PUBLIC_KEY("audit.read.public-key"),
    AUDIT_READ_PROOF_INCLUSION("audit.read.proof.inclusion"),
    AUDIT_READ_PROOF_CONSISTENCY("audit.read.proof.consistency"),
    AUDIT_READ_VERIFICATION("audit.read.verification"),
    AUDIT_VERIFICATION("audit.verification"),

    // ---- the customer edge ----------------------------------------------------------------------
    CUSTOMER_OBJECT_ACCESS("customer.object.access"),

    // ---- identity -------------------------------------------------------------------------------
    IDENTITY_LOGIN("identity.login"),
    IDENTITY_LOGIN_PASSWORD("identity.login.password"),
    IDENTITY_LOGOUT("identity.logout"),
    IDENTITY_LOGOUT_EVERYWHERE("identity.logout_everywhere"),
    IDENTITY_SESSION_REFRESH("identity.session.refresh"),
    IDENTITY_REFRESH_TOKEN_REUSE("identity.refresh_token.reuse"),
    IDENTITY_RECOVERY_CODE_USE("identity.recovery_code.use"),
    IDENTITY_MFA_ENROLL("identity.mfa.enroll"),
    IDENTITY_MFA_REENROLL("identity.mfa.reenroll"),
    IDENTITY_MFA_RESET("identity.mfa.reset"),
    IDENTITY_PASSWORD_SET("identity.password.set"),
    IDENTITY_PASSWORD_CHANGE("identity.password.change"),
    IDENTITY_USER_CREATE("identity.user.create"),
    IDENTITY_USER_ROLES("identity.user.roles"),
    IDENTITY_USER_LOCK("identity.user.lock"),
    IDENTITY_USER_UNLOCK("identity.user.unlock"),
    // identity hardening (issue 13)
    IDENTITY_USER_DISABLE("identity.user.disable"),
    IDENTITY_USER_ENABLE("identity.user.enable"),
    IDENTITY_PASSWORD_REHASH("identity.password.rehash"),
    IDENTITY_TOTP_KEY_ROTATE("identity.totp_key.rotate"),

    // ---- ledger ---------------------------------------------------------------------------------
    LEDGER_ACCOUNT_OPEN("ledger.account.open"),
    LEDGER_ACCOUNT_ACTIVE("ledger.account.active"),
    LEDGER_ACCOUNT_FROZEN("ledger.account.frozen"),
    LEDGER_ACCOUNT_CLOSED("ledger.account.closed"),
    LEDGER_TRANSFER("ledger.transfer"),
    LEDGER_TRANSFER_LINKED("ledger.transfer.linked"),
    LEDGER_HOLD_PLACE("ledger.hold.place"),
    LEDGER_HOLD_POST("ledger.hold.post"),
    LEDGER_HOLD_VOID("ledger.hold.void"),
    LEDGER_HOLD_EXPIRE("ledger.hold.expire"),
    LEDGER_ENTRY_REVERSE("ledger.entry.reverse"),
    LEDGER_STATEMENT_DOWNLOAD("ledger.statement.download"),

    // ---- payments -------------------------------------------------------------------------------
    PAYMENTS_BILLER_REGISTER("payments.biller.register"),
    PAYMENTS_PAYEE_SAVE("payments.payee.save"),
    PAYMENTS_PAYEE_DELETE("payments.payee.delete"),
    PAYMENTS_BILL_PAYMENT_SCHEDULE("payments.bill_payment.schedule"),
    PAYMENTS_BILL_PAYMENT_EDIT("payments.bill_payment.edit"),
    PAYMENTS_BILL_PAYMENT_CANCEL("payments.bill_payment.cancel"),
    PAYMENTS_OCCURRENCE_EXECUTE("payments.occurrence.execute"),
    PAYMENTS_SETTLEMENT("payments.settlement"),

    // ---- the cash desk --------------------------------------------------------------------------
    CASH_CURRENCY_SET_UP("cash.currency.set-up"),
    CASH_TILL_CREATE("cash.till.create"),
    CASH_TILL_ACCESS("cash.till.access"),
    CASH_TILL_DAY_OPEN("cash.till_day.open"),
    CASH_TILL_DAY_CLOSE("cash.till_day.close"),
    CASH_DEPOSIT("cash.deposit"),
    CASH_WITHDRAWAL("cash.withdrawal"),
    CASH_TILL_TRANSFER("cash.till.transfer"),
    CASH_DIFFERENCE_POST("cash.difference.post"),
    CASH_REPORT_DOWNLOAD("cash.report.download"),
    // ---- customers ------------------------------------------------------------------------------
    CUSTOMERS_CUSTOMER_CREATE("customers.customer.create"),
    CUSTOMERS_CUSTOMER_EDIT("customers.customer.edit"),
    CUSTOMERS_ONBOARDING("customers.onboarding"),

    // ---- refusals at the HTTP edge --------------------------------------------------------------
    SECURITY_ACCESS_DENIED("security.access.denied"),
    SECURITY_REQUEST_REFUSED("security.request.refused"),

    // ---- four-eyes approval (approvals) ---------------------------------------------------------
    LEDGER_ACCOUNT_OVERDRAFT_LIMIT("ledger.account.overdraft-limit"),
    APPROVALS_REQUEST_SUBMIT("approvals.request.submit"),
    APPROVALS_REQUEST_APPROVE("approvals.request.approve"),
    APPROVALS_REQUEST_REJECT("approvals.request.reject"),
    APPROVALS_REQUEST_CANCEL("approvals.request.cancel"),
    APPROVALS_REQUEST_EXPIRE("approvals.request.expire"),
    APPROVALS_REQUEST_EXECUTE("approvals.request.execute"),
    AUDIT_READ_APPROVALS("audit.read.approvals"),
    // ---- auditors' journal and balance exports ---------------------------------------------------
    AUDIT_READ_JOURNAL_EXPORT("audit.read.journal.export"),
    AUDIT_READ_BALANCES("audit.read.balances"),
    AUDIT_READ_CHECKPOINT_WITNESSED("audit.read.checkpoint.witnessed");

    private static final String READ_PREFIX = "audit.read.";

    private final String wire;

    AuditAction(String wire) {
        this.wire = wire;
    }

    /** The string stored in audit_events.action and shown to auditors. */
    public String wire() {
        return wire;
    }

    /** For an auditor's read (audit.read.*), what was read, e.g. "events.export"; else null. */
    public String readTarget() {
        return wire.startsWith(READ_PREFIX) ? wire.substring(READ_PREFIX.length()) : null;
    }

    @Override
    public String toString() {
        return wire;
    }
}
