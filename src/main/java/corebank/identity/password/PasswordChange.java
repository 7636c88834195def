package corebank.identity.password;

import corebank.audit.AuditAction;
import corebank.identity.FailedAttempts;
import corebank.identity.IdentityException;
import corebank.identity.IdentityStore;
import corebank.identity.mfa.SecondFactor;
import corebank.identity.user.Enrollment;
import corebank.identity.user.User;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A password change needs the current password and a second factor. It ends every other
 * session of the user, and is audited.
 */
@Singleton
public class PasswordChange {

    private final TransactionRunner runner;
    private final IdentityStore store;
    private final PasswordHasher passwordHasher;
    private final Enrollment enrollment;
    private final SecondFactor secondFactor;
    private final FailedAttempts failedAttempts;
    private final AuditLog auditLog;
    private final Clock clock;

    PasswordChange(TransactionRunner runner, IdentityStore store, PasswordHasher passwordHasher, Enrollment enrollment,
                   SecondFactor secondFactor, FailedAttempts failedAttempts, AuditLog auditLog, Clock clock) {
        this.runner = runner;
        this.store = store;
        this.passwordHasher = passwordHasher;
        this.enrollment = enrollment;
        this.secondFactor = secondFactor;
        this.failedAttempts = failedAttempts;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    public void change(UUID userId, UUID currentSessionId, char[] currentPassword, char[] newPassword, String totpCode,
                       String recoveryCode, AuditContext context) {
        if (!new SecondFactor.Proof(totpCode, recoveryCode).isPresent()) {
            throw IdentityException.invalid("a password change needs a second factor: a TOTP code or a recovery code", "code");
        }
        User before = runner.read(sql -> store.userById(sql, userId, false)).orElseThrow();
        boolean currentOk = before.passwordHash() != null && passwordHasher.verify(currentPassword, before.passwordHash());
        enrollment.requireStrong(newPassword, before.username());
        String newHash = passwordHasher.hash(newPassword);
        boolean changed = runner.serializable("password-change", sql -> {
            Instant now = clock.instant();
            User user = store.userById(sql, userId, true).orElseThrow();
            if (!currentOk || !secondFactor.verifyAndSpend(sql, user, new SecondFactor.Proof(totpCode, recoveryCode), now, context)) {
                failedAttempts.record(sql, user, "password_change", now, context);
                auditLog.append(sql, AuditEvent.failure(now, context, AuditAction.IDENTITY_PASSWORD_CHANGE, ErrorCode.INVALID_CREDENTIALS,
                        "USER", user.username(), null));
                return false;
            }
            store.setPassword(sql, user.id(), newHash, now);
            int ended = store.revokeOtherSessions(sql, user.id(), currentSessionId, "password_changed", now);
            auditLog.append(sql, AuditEvent.success(now, context, AuditAction.IDENTITY_PASSWORD_CHANGE, "USER", user.username(),
                    Map.of("sessionsEnded", ended)));
            return true;
        });
        if (!changed) {
            throw IdentityException.invalidCredentials();
        }
    }
}
