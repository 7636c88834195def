package corebank.identity;

import corebank.audit.AuditAction;
import corebank.identity.user.User;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.platform.ErrorCode;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts consecutive failed login steps (password or code alike) and locks the user at the
 * threshold for a wait that doubles with each lock. Every failure and every lock is audited.
 */
@Singleton
public class FailedAttempts {

    private final IdentityStore store;
    private final LoginSettings settings;
    private final AuditLog auditLog;

    FailedAttempts(IdentityStore store, LoginSettings settings, AuditLog auditLog) {
        this.store = store;
        this.settings = settings;
        this.auditLog = auditLog;
    }

    /** Records one failure of {@code step} ("password", "second_factor", ...) for a locked user row. */
    public void record(DSLContext sql, User user, String step, Instant now, AuditContext context) {
        int failures = user.failedAttempts() + 1;
        int locks = user.lockCount();
        Instant lockedUntil = user.lockedUntil();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("step", step);
        details.put("consecutiveFailures", failures);
        if (failures >= settings.failuresBeforeLock()) {
            locks++;
            lockedUntil = now.plusSeconds(settings.lockSeconds(locks));
            failures = 0;
            auditLog.append(sql, AuditEvent.success(now, context, AuditAction.IDENTITY_USER_LOCK, "USER", user.username(),
                    Map.of("lockedUntil", lockedUntil.toString(), "lockNumber", locks)));
        }
        store.recordFailure(sql, user.id(), failures, locks, lockedUntil);
        auditLog.append(sql, AuditEvent.failure(now, context, AuditAction.IDENTITY_LOGIN, ErrorCode.INVALID_CREDENTIALS, "USER",
                user.username(), details));
    }
}
