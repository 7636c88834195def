package corebank.identity;

import corebank.audit.AuditAction;
import corebank.identity.session.SessionTokens;
import corebank.identity.session.Tokens;
import corebank.identity.user.User;
import corebank.identity.mfa.SecondFactor;
import corebank.identity.password.PasswordHasher;
import corebank.identity.session.SessionService;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The two-step login. Step one checks the password and hands out a single-use challenge valid
 * about two minutes; step two answers it with a TOTP code or a recovery code and opens a
 * session. Nothing logs in without the second factor. Every failure says the same thing, counts
 * towards the lock, and is audited; the outcome of a failure is committed before the refusal.
 */
@Singleton
public class LoginService {

    /** Step one's answer: the challenge to present with the second factor. */
    public record Challenge(String challengeId, Instant expiresAt) {
    }

    private final TransactionRunner runner;
    private final IdentityStore store;
    private final PasswordHasher passwordHasher;
    private final SecondFactor secondFactor;
    private final FailedAttempts failedAttempts;
    private final UsernameThrottle usernameThrottle;
    private final SessionService sessions;
    private final AuditLog auditLog;
    private final LoginSettings settings;
    private final Clock clock;
    private final String dummyHash;

    LoginService(TransactionRunner runner, IdentityStore store, PasswordHasher passwordHasher, SecondFactor secondFactor,
                 FailedAttempts failedAttempts, SessionService sessions, AuditLog auditLog, LoginSettings settings, Clock clock,
                 UsernameThrottle usernameThrottle) {
        this.usernameThrottle = usernameThrottle;
        this.runner = runner;
        this.store = store;
        this.passwordHasher = passwordHasher;
        this.secondFactor = secondFactor;
        this.failedAttempts = failedAttempts;
        this.sessions = sessions;
        this.auditLog = auditLog;
        this.settings = settings;
        this.clock = clock;
        // Unknown users cost the same hashing time as known ones, so timing does not reveal them.
        this.dummyHash = passwordHasher.hash("not-a-real-password-0123456789".toCharArray());
    }

    public Challenge checkPassword(String username, char[] password, AuditContext context) {
        if (username == null || username.isBlank() || password.length == 0) {
            throw IdentityException.invalid("username and password are required", username == null || username.isBlank() ? "username" : "password");
        }
        String name = username.trim().toLowerCase();
        Optional<Long> blocked = runner.read(sql -> usernameThrottle.blockedFor(sql, name, clock.instant()));
        if (blocked.isPresent()) {
            runner.serializable("login-username-limit", sql -> {
                auditLog.append(sql, AuditEvent.failure(clock.instant(), context, AuditAction.IDENTITY_LOGIN, ErrorCode.TOO_MANY_REQUESTS,
                        "USER", name, Map.of("step", "password", "because", "username_throttled")));
                return null;
            });
            throw usernameThrottle.refusal(blocked.get());
        }
        Optional<User> found = runner.read(sql -> store.userByUsername(sql, name, false));
        boolean passwordOk = passwordHasher.verify(password, found.map(User::passwordHash).orElse(dummyHash))
                && found.isPresent() && found.get().passwordHash() != null;
        // a hash made with weaker parameters than today's is replaced now, while the password is at hand
        String verifiedHash = passwordOk ? found.get().passwordHash() : null;
        String rehashed = verifiedHash != null && passwordHasher.needsRehash(verifiedHash) ? passwordHasher.hash(password) : null;
        Optional<Challenge> challenge = runner.serializable("login-password", sql -> {
            Instant now = clock.instant();
            Optional<User> user = store.userByUsername(sql, name, true);
            if (user.isEmpty()) {
                usernameThrottle.recordFailure(sql, name, now);
                auditLog.append(sql, AuditEvent.failure(now, context, AuditAction.IDENTITY_LOGIN, ErrorCode.INVALID_CREDENTIALS, "USER", name,
                        Map.of("step", "password", "knownUser", false)));
                return Optional.empty();
            }
            User u = user.get();
            if (u.isLockedAt(now) || !u.isActive() || !u.hasSecondFactor()) {
                String why = u.isLockedAt(now) ? "locked" : !u.isActive() ? "disabled" : "no_second_factor";
                usernameThrottle.recordFailure(sql, name, now);
                auditLog.append(sql, AuditEvent.failure(now, context, AuditAction.IDENTITY_LOGIN, ErrorCode.INVALID_CREDENTIALS, "USER",
                        u.username(), Map.of("step", "password", "because", why)));
                return Optional.empty();
            }
            if (!passwordOk) {
                usernameThrottle.recordFailure(sql, name, now);
                failedAttempts.record(sql, u, "password", now, context);
                return Optional.empty();
            }
            if (rehashed != null && store.replacePasswordHash(sql, u.id(), verifiedHash, rehashed)) {
                auditLog.append(sql, AuditEvent.success(now, context, AuditAction.IDENTITY_PASSWORD_REHASH, "USER", u.username(),
                        Map.of("from", verifiedHash.substring(0, verifiedHash.indexOf('$', "$argon2id$v=19$".length())))));
            }
            String challengeId = Tokens.random();
            Instant expiresAt = now.plusSeconds(settings.challengeSeconds());
            store.insertChallenge(sql, Tokens.hash(challengeId), u.id(), now, expiresAt, context.clientAddress());
            auditLog.append(sql, AuditEvent.success(now, context, AuditAction.IDENTITY_LOGIN_PASSWORD, "USER", u.username(),
                    Map.of("challengeExpiresAt", expiresAt.toString())));
            return Optional.of(new Challenge(challengeId, expiresAt));
        });
        return challenge.orElseThrow(IdentityException::invalidCredentials);
    }

    public SessionTokens answerChallenge(String challengeId, String totpCode, String recoveryCode, String channel,
                                        AuditContext context) {
        if (challengeId == null || challengeId.isBlank()) {
            throw IdentityException.invalid("challengeId is required", "challengeId");
        }
        SecondFactor.Proof proof = new SecondFactor.Proof(totpCode, recoveryCode);
        if (!proof.isPresent()) {
            throw IdentityException.invalid("a TOTP code or a recovery code is required", "code");
        }
        Optional<SessionTokens> tokens = runner.serializable("login-second-factor", sql -> {
            Instant now = clock.instant();
            String idHash = Tokens.hash(challengeId);
            Optional<IdentityStore.Challenge> challenge = store.lockChallenge(sql, idHash);
            if (challenge.isEmpty() || challenge.get().usedAt() != null || !now.isBefore(challenge.get().expiresAt())) {
                String why = challenge.isEmpty() ? "unknown" : challenge.get().usedAt() != null ? "reused" : "expired";
                auditLog.append(sql, AuditEvent.failure(now, context, AuditAction.IDENTITY_LOGIN, ErrorCode.CHALLENGE_INVALID, "CHALLENGE",
                        null, Map.of("step", "second_factor", "because", why)));
                return Optional.empty();
            }
            User user = store.userById(sql, challenge.get().userId(), true).orElseThrow();
            if (user.isLockedAt(now) || !user.isActive()) {
                auditLog.append(sql, AuditEvent.failure(now, context, AuditAction.IDENTITY_LOGIN, ErrorCode.INVALID_CREDENTIALS, "USER",
                        user.username(), Map.of("step", "second_factor", "because", user.isActive() ? "locked" : "disabled")));
                return Optional.empty();
            }
            if (!secondFactor.verifyAndSpend(sql, user, proof, now, context)) {
                failedAttempts.record(sql, user, "second_factor", now, context);
                return Optional.empty();
            }
            store.useChallenge(sql, idHash, now);
            store.recordSuccess(sql, user.id(), null);
            SessionTokens opened = sessions.open(sql, user, channel, now, context);
            auditLog.append(sql, AuditEvent.success(now, new AuditContext(user.actor(), user.primaryRole(),
                            context.requestId(), context.channel(), context.clientAddress(), context.userAgent()),
                    AuditAction.IDENTITY_LOGIN, "SESSION", opened.sessionId().toString(),
                    Map.of("factor", proof.totpCode() != null && !proof.totpCode().isBlank() ? "totp" : "recovery_code")));
            return Optional.of(opened);
        });
        return tokens.orElseThrow(IdentityException::invalidCredentials);
    }
}
