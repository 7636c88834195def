package corebank.identity.user;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.identity.IdentityException;
import corebank.identity.IdentityStore;
import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Administrators disable and re-enable users. Disabling ends every session of the user in the
 * same transaction (the session check on each request makes that immediate), and a disabled
 * user's login answers exactly like any failed login. Users are never deleted: the audit trail
 * names them (db/changes/015 refuses the DELETE too).
 */
@Singleton
public class UserAccess {

    private final TransactionRunner runner;
    private final IdentityStore store;
    private final AuditLog auditLog;
    private final Clock clock;

    UserAccess(TransactionRunner runner, IdentityStore store, AuditLog auditLog, Clock clock) {
        this.runner = runner;
        this.store = store;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** Disables the user and ends their sessions; an administrator cannot disable themselves. */
    public User disable(String username, AuditContext context) {
        return move(username, UserStatus.DISABLED, context);
    }

    public User enable(String username, AuditContext context) {
        return move(username, UserStatus.ACTIVE, context);
    }

    private User move(String username, UserStatus next, AuditContext context) {
        return runner.serializable("user-" + next.name().toLowerCase(), sql -> {
            Instant now = clock.instant();
            User user = store.userByUsername(sql, username == null ? "" : username.toLowerCase(), true)
                    .orElseThrow(() -> new IdentityException(ErrorCode.NOT_FOUND, "no user " + username, "username"));
            if (next == UserStatus.DISABLED && user.actor().equals(context.actor())) {
                throw new IdentityException(ErrorCode.INVALID_STATE_TRANSITION,
                        "an administrator cannot disable their own user; another administrator can", "username");
            }
            user.status().requireTransition(next, "user " + user.username(), "username");
            store.setStatus(sql, user.id(), next);
            int ended = next == UserStatus.DISABLED ? store.revokeAllSessions(sql, user.id(), "user_disabled", now) : 0;
            Map<String, Object> details = next == UserStatus.DISABLED ? Map.of("sessionsEnded", ended) : Map.of();
            auditLog.append(sql, AuditEvent.success(now, context,
                    next == UserStatus.DISABLED ? AuditAction.IDENTITY_USER_DISABLE : AuditAction.IDENTITY_USER_ENABLE,
                    "USER", user.username(), details));
            return store.userById(sql, user.id(), false).orElseThrow();
        });
    }
}
