package corebank.identity.session;

import corebank.audit.AuditAction;
import corebank.audit.AuditQueries;
import corebank.identity.user.User;
import corebank.identity.IdentityStore;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.UUID;

/**
 * What a user sees about their own sign-ins: the previous successful login (the newest session
 * opened before the current one, with its channel and address) and how many login steps failed
 * for the account since then (counted from the audit trail, where every failure is recorded).
 */
@Singleton
public class LoginSummary {

    /** {@code previousLoginAt} is null for a first session; failures then count from the account's start. */
    public record Summary(Instant previousLoginAt, String previousChannel, String previousClientAddress,
                          int failedAttemptsSince) {
    }

    private final TransactionRunner runner;
    private final IdentityStore store;
    private final AuditQueries audit;

    LoginSummary(TransactionRunner runner, IdentityStore store, AuditQueries audit) {
        this.runner = runner;
        this.store = store;
        this.audit = audit;
    }

    public Summary of(UUID userId, UUID currentSessionId) {
        return runner.read(sql -> {
            User user = store.userById(sql, userId, false).orElseThrow();
            IdentityStore.PreviousLogin previous = store.previousLogin(sql, userId, currentSessionId).orElse(null);
            Instant since = previous == null ? null : previous.at();
            int failures = audit.count(sql, AuditAction.IDENTITY_LOGIN, "FAILURE", "USER", user.username(), since);
            return previous == null ? new Summary(null, null, null, failures)
                    : new Summary(previous.at(), previous.channel(), previous.clientAddress(), failures);
        });
    }
}
