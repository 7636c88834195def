package corebank.identity.session;

import corebank.audit.AuditAction;
import corebank.identity.IdentityException;
import corebank.identity.IdentityStore;
import corebank.identity.LoginSettings;
import corebank.identity.user.User;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions: a short-lived access token plus a server-side refresh token that is rotated on
 * every use. Presenting a refresh token that was already spent means it was stolen or replayed:
 * the whole session (the token family) is revoked and the event audited. Every request checks
 * the session is live: not revoked, not idle past its limit, not past its absolute life.
 */
@Singleton
public class SessionService {

    /** last_seen_at is written at most this often per session, not on every request. */
    static final long TOUCH_INTERVAL_SECONDS = 10;

    private final TransactionRunner runner;
    private final IdentityStore store;
    private final AccessTokenIssuer issuer;
    private final AuditLog auditLog;
    private final LoginSettings settings;
    private final Clock clock;

    SessionService(TransactionRunner runner, IdentityStore store, AccessTokenIssuer issuer, AuditLog auditLog,
                   LoginSettings settings, Clock clock) {
        this.runner = runner;
        this.store = store;
        this.issuer = issuer;
        this.auditLog = auditLog;
        this.settings = settings;
        this.clock = clock;
    }

    public SessionTokens open(DSLContext sql, User user, String channel, Instant now, AuditContext context) {
        UUID sessionId = UUID.randomUUID();
        int idle = user.isCustomer() ? settings.customerIdleSeconds() : settings.staffIdleSeconds();
        Instant absolute = now.plusSeconds(settings.absoluteSessionSeconds());
        store.insertSession(sql, sessionId, user.id(), now, idle, absolute, channel, context.clientAddress(),
                context.userAgent());
        String refresh = Tokens.random();
        store.insertRefreshToken(sql, Tokens.hash(refresh), sessionId, now);
        return new SessionTokens(issuer.issue(user, sessionId), settings.accessTokenSeconds(), refresh, sessionId,
                issuer.csrfToken(sessionId), now.plusSeconds(idle), absolute, user);
    }

    public SessionTokens refresh(String refreshToken, AuditContext context) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw IdentityException.invalid("a refresh token is required (in the body or the refresh cookie)", "refreshToken");
        }
        String hash = Tokens.hash(refreshToken);
        Optional<SessionTokens> rotated = runner.serializable("session-refresh", sql -> {
            Instant now = clock.instant();
            Optional<IdentityStore.RefreshRow> row = store.lockRefreshToken(sql, hash);
            if (row.isEmpty()) {
                auditLog.append(sql, AuditEvent.failure(now, context, AuditAction.IDENTITY_SESSION_REFRESH, ErrorCode.UNKNOWN_TOKEN,
                        "SESSION", null, null));
                return Optional.empty();
            }
            IdentityStore.SessionRow session = store.session(sql, row.get().sessionId(), true).orElseThrow();
            User user = store.userById(sql, session.userId(), false).orElseThrow();
            AuditContext actor = as(user, context);
            if (row.get().usedAt() != null) {
                store.revokeSession(sql, session.id(), ErrorCode.REFRESH_TOKEN_REUSE.wire(), now);
                auditLog.append(sql, AuditEvent.failure(now, actor, AuditAction.IDENTITY_REFRESH_TOKEN_REUSE, ErrorCode.REFRESH_TOKEN_REUSE,
                        "SESSION", session.id().toString(), Map.of("sessionRevoked", true)));
                return Optional.empty();
            }
            if (!session.isLiveAt(now) || !user.isActive()) {
                auditLog.append(sql, AuditEvent.failure(now, actor, AuditAction.IDENTITY_SESSION_REFRESH, ErrorCode.SESSION_EXPIRED,
                        "SESSION", session.id().toString(), null));
                return Optional.empty();
            }
            store.spendRefreshToken(sql, hash, now);
            String next = Tokens.random();
            store.insertRefreshToken(sql, Tokens.hash(next), session.id(), now);
            store.touchSession(sql, session.id(), now);
            auditLog.append(sql, AuditEvent.success(now, actor, AuditAction.IDENTITY_SESSION_REFRESH, "SESSION",
                    session.id().toString(), null));
            return Optional.of(new SessionTokens(issuer.issue(user, session.id()), settings.accessTokenSeconds(), next,
                    session.id(), issuer.csrfToken(session.id()), now.plusSeconds(session.idleTimeoutSeconds()),
                    session.absoluteExpiresAt(), user));
        });
        return rotated.orElseThrow(() -> IdentityException.unauthenticated("the session has ended; log in again"));
    }

    public void logout(UUID sessionId, AuditContext context) {
        runner.serializable("logout", sql -> {
            Instant now = clock.instant();
            store.revokeSession(sql, sessionId, "logout", now);
            auditLog.append(sql, AuditEvent.success(now, context, AuditAction.IDENTITY_LOGOUT, "SESSION", sessionId.toString(), null));
            return null;
        });
    }

    public int logoutEverywhere(UUID userId, AuditContext context) {
        return runner.serializable("logout-everywhere", sql -> {
            Instant now = clock.instant();
            int revoked = store.revokeAllSessions(sql, userId, "logout_everywhere", now);
            auditLog.append(sql, AuditEvent.success(now, context, AuditAction.IDENTITY_LOGOUT_EVERYWHERE, "USER", context.actor(),
                    Map.of("sessionsRevoked", revoked)));
            return revoked;
        });
    }

    /**
     * Whether a session may serve a request now; refreshes its idle clock (at most every
     * {@link #TOUCH_INTERVAL_SECONDS}).
     */
    public boolean admit(UUID sessionId) {
        return admit(sessionId, null);
    }

    /**
     * As {@link #admit(UUID)}, and the session must belong to {@code userId} (the user the token
     * names; null: any): a token naming one user with another user's session id is refused.
     */
    public boolean admit(UUID sessionId, UUID userId) {
        Instant now = clock.instant();
        Optional<IdentityStore.SessionRow> session = runner.readStatement(sql -> store.session(sql, sessionId, false));
        if (session.isEmpty() || !session.get().isLiveAt(now) || userId != null && !userId.equals(session.get().userId())) {
            return false;
        }
        if (session.get().lastSeenAt().plusSeconds(TOUCH_INTERVAL_SECONDS).isBefore(now) && claimTouch(sessionId, now)) {
            runner.serializable("session-touch", sql -> {
                store.touchSession(sql, sessionId, now);
                return null;
            });
        }
        return true;
    }

    /** Many concurrent requests of one session: only one of them writes the touch. */
    private boolean claimTouch(UUID sessionId, Instant now) {
        if (touches.size() > 100_000) {
            touches.clear();
        }
        Instant previous = touches.get(sessionId);
        if (previous != null && previous.plusSeconds(TOUCH_INTERVAL_SECONDS).isAfter(now)) {
            return false;
        }
        return previous == null ? touches.putIfAbsent(sessionId, now) == null : touches.replace(sessionId, previous, now);
    }

    private final java.util.concurrent.ConcurrentHashMap<UUID, Instant> touches = new java.util.concurrent.ConcurrentHashMap<>();

    public static AuditContext as(User user, AuditContext context) {
        return new AuditContext(user.actor(), user.primaryRole(), context.requestId(), context.channel(),
                context.clientAddress(), context.userAgent());
    }
}
