package corebank.customer;

import corebank.audit.AuditAction;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.ledger.Account;
import corebank.ledger.AccountNumber;
import corebank.ledger.Ledger;
import corebank.ledger.LedgerException;
import corebank.platform.ErrorCode;
import corebank.web.Origins;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The customer edge's object-level check: a customer reaches only their own objects, and
 * another customer's answers 404 exactly like a missing one, the attempt audited.
 */
@Singleton
class OwnAccounts {

    private final Ledger ledger;
    private final AuditLog auditLog;
    private final Clock clock;

    OwnAccounts(Ledger ledger, AuditLog auditLog, Clock clock) {
        this.ledger = ledger;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** The caller's own account, or the 404 (audited) that a missing account would answer. */
    Account own(String accountNumber, HttpRequest<?> request, String field) {
        AccountNumber number = AccountNumber.parse(accountNumber, field);
        try {
            Account account = ledger.account(number);
            if (owner(request).equals(account.ownerRef())) {
                return account;
            }
        } catch (LedgerException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
        throw notYours(request, "ACCOUNT", accountNumber, field);
    }

    /** Audits a refused access to another customer's object and answers the not-found refusal to throw. */
    LedgerException notYours(HttpRequest<?> request, String type, String id, String field) {
        auditLog.appendAlone(AuditEvent.failure(clock.instant(), Origins.of(request, BankingController.CHANNEL),
                AuditAction.CUSTOMER_OBJECT_ACCESS, ErrorCode.NOT_FOUND, type, id, null));
        return new LedgerException(ErrorCode.NOT_FOUND, "no " + type.toLowerCase() + " " + id, field);
    }

    /** The customer reference the caller's token names. */
    static String owner(HttpRequest<?> request) {
        String ref = Origins.customerRef(Origins.authentication(request));
        if (ref == null) {
            throw new IllegalStateException("customer token without customer reference");
        }
        return ref;
    }
}
