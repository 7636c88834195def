package corebank.identity;

import corebank.identity.user.Role;
import corebank.identity.user.User;
import corebank.identity.user.UserStatus;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Record;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** All SQL on the identity tables, and the only code that touches them. */
@Singleton
public class IdentityStore {

    private static final String USER_COLUMNS = """
            id, username, display_name, roles, customer_ref, status, password_hash, totp_secret_enc, totp_confirmed_at,
            totp_last_step, pending_totp_secret_enc, failed_attempts, lock_count, locked_until, created_at""";

    // ---- users ---------------------------------------------------------------------------------

    public Optional<User> userByUsername(DSLContext sql, String username, boolean forUpdate) {
        return Optional.ofNullable(sql.fetchOne("SELECT " + USER_COLUMNS + " FROM users WHERE username = ?"
                + (forUpdate ? " FOR UPDATE" : ""), username)).map(IdentityStore::toUser);
    }

    public Optional<User> userByCustomerRef(DSLContext sql, String customerRef) {
        return Optional.ofNullable(sql.fetchOne("SELECT " + USER_COLUMNS + " FROM users WHERE customer_ref = ?", customerRef))
                .map(IdentityStore::toUser);
    }

    public Optional<User> userById(DSLContext sql, UUID id, boolean forUpdate) {
        return Optional.ofNullable(sql.fetchOne("SELECT " + USER_COLUMNS + " FROM users WHERE id = ?"
                + (forUpdate ? " FOR UPDATE" : ""), id)).map(IdentityStore::toUser);
    }

    public Optional<User> userByEnrollmentToken(DSLContext sql, String tokenHash, Instant now) {
        return Optional.ofNullable(sql.fetchOne("SELECT " + USER_COLUMNS
                        + " FROM users WHERE enrollment_token_hash = ? AND enrollment_expires_at > ? FOR UPDATE",
                tokenHash, ts(now))).map(IdentityStore::toUser);
    }

    /** The password step of an enrollment token, once: false if the token is unknown, expired or already used for it. */
    public boolean usePasswordStep(DSLContext sql, UUID id, Instant now) {
        return sql.execute("UPDATE users SET enrollment_password_set_at = ? WHERE id = ? AND enrollment_password_set_at IS NULL",
                ts(now), id) == 1;
    }

    /** Whether the user's current enrollment token already set the password (the confirm step needs that). */
    public boolean passwordStepUsed(DSLContext sql, UUID id) {
        return sql.fetchOne("SELECT enrollment_password_set_at IS NOT NULL AS used FROM users WHERE id = ?", id)
                .get("used", Boolean.class);
    }

    public Optional<User> userByEnrollmentTokenReadOnly(DSLContext sql, String tokenHash, Instant now) {
        return Optional.ofNullable(sql.fetchOne("SELECT " + USER_COLUMNS
                        + " FROM users WHERE enrollment_token_hash = ? AND enrollment_expires_at > ?",
                tokenHash, ts(now))).map(IdentityStore::toUser);
    }

    public List<User> users(DSLContext sql) {
        return sql.fetch("SELECT " + USER_COLUMNS + " FROM users ORDER BY username").map(IdentityStore::toUser);
    }

    /** Users by username after {@code afterUsername} ("" for the first page), at most {@code limit}. */
    public List<User> users(DSLContext sql, String afterUsername, int limit) {
        return sql.fetch("SELECT " + USER_COLUMNS + " FROM users WHERE username > ? ORDER BY username LIMIT ?", afterUsername, limit)
                .map(IdentityStore::toUser);
    }

    public boolean anyAdmin(DSLContext sql) {
        return sql.fetchOne("SELECT EXISTS (SELECT 1 FROM users WHERE 'ADMIN' = ANY (roles)) AS e").get("e", Boolean.class);
    }

    public boolean customerRefTaken(DSLContext sql, String customerRef) {
        return sql.fetchExists(sql.selectOne().from(org.jooq.impl.DSL.table("users"))
                .where(org.jooq.impl.DSL.field("customer_ref").eq(customerRef)));
    }

    public void insertUser(DSLContext sql, UUID id, String username, String displayName, Set<Role> roles, String customerRef,
                    String enrollmentTokenHash, Instant enrollmentExpiresAt, Instant now) {
        sql.execute("""
                INSERT INTO users (id, username, display_name, roles, customer_ref, status, enrollment_token_hash,
                                   enrollment_expires_at, created_at)
                VALUES (?, ?, ?, ?::text[], ?, ?, ?, ?, ?)""",
                id, username, displayName, roleArray(roles), customerRef, UserStatus.ACTIVE.name(), enrollmentTokenHash,
                ts(enrollmentExpiresAt), ts(now));
    }

    public void setRoles(DSLContext sql, UUID id, Set<Role> roles) {
        sql.execute("UPDATE users SET roles = ?::text[] WHERE id = ?", roleArray(roles), id);
    }

    public void setStatus(DSLContext sql, UUID id, UserStatus status) {
        sql.execute("UPDATE users SET status = ? WHERE id = ?", status.name(), id);
    }

    public void recordFailure(DSLContext sql, UUID id, int failedAttempts, int lockCount, Instant lockedUntil) {
        sql.execute("UPDATE users SET failed_attempts = ?, lock_count = ?, locked_until = ? WHERE id = ?",
                failedAttempts, lockCount, ts(lockedUntil), id);
    }

    public void recordSuccess(DSLContext sql, UUID id, Long totpStep) {
        sql.execute("""
                UPDATE users SET failed_attempts = 0, lock_count = 0, locked_until = NULL,
                                 totp_last_step = coalesce(?, totp_last_step)
                 WHERE id = ?""", totpStep, id);
    }

    public void unlock(DSLContext sql, UUID id) {
        sql.execute("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?", id);
    }

    public void setPassword(DSLContext sql, UUID id, String hash, Instant now) {
        sql.execute("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?", hash, ts(now), id);
    }

    /** Replaces a hash with one of the same password under today's parameters, unless the password changed meanwhile. */
    public boolean replacePasswordHash(DSLContext sql, UUID id, String oldHash, String newHash) {
        return sql.execute("UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?", newHash, id, oldHash) == 1;
    }

    public void setPendingTotp(DSLContext sql, UUID id, String sealedSecret) {
        sql.execute("UPDATE users SET pending_totp_secret_enc = ? WHERE id = ?", sealedSecret, id);
    }

    /** Makes the pending secret the active one, as of a first correct code at {@code step}. */
    public void confirmTotp(DSLContext sql, UUID id, long step, Instant now) {
        sql.execute("""
                UPDATE users SET totp_secret_enc = pending_totp_secret_enc, pending_totp_secret_enc = NULL,
                                 totp_confirmed_at = ?, totp_last_step = ?, enrollment_token_hash = NULL,
                                 enrollment_expires_at = NULL, enrollment_password_set_at = NULL
                 WHERE id = ?""", ts(now), step, id);
    }

    /** Drops the second factor; the user must enroll again with a fresh enrollment token. */
    public void resetMfa(DSLContext sql, UUID id, String enrollmentTokenHash, Instant enrollmentExpiresAt) {
        sql.execute("""
                UPDATE users SET totp_secret_enc = NULL, totp_confirmed_at = NULL, totp_last_step = NULL,
                                 pending_totp_secret_enc = NULL, enrollment_token_hash = ?, enrollment_expires_at = ?,
                                 enrollment_password_set_at = NULL
                 WHERE id = ?""", enrollmentTokenHash, ts(enrollmentExpiresAt), id);
        sql.execute("DELETE FROM recovery_codes WHERE user_id = ?", id);
    }

    // ---- recovery codes ----------------------------------------------------------------------

    public void replaceRecoveryCodes(DSLContext sql, UUID userId, List<String> hashes) {
        sql.execute("DELETE FROM recovery_codes WHERE user_id = ?", userId);
        sql.execute("INSERT INTO recovery_codes (user_id, code_hash) SELECT ?, h FROM unnest(?::text[]) AS t(h)",
                userId, hashes.toArray(String[]::new));
    }

    /** Stored (salted) hashes of the user's unused recovery codes. */
    public List<String> unusedRecoveryCodeHashes(DSLContext sql, UUID userId) {
        return sql.fetch("SELECT code_hash FROM recovery_codes WHERE user_id = ? AND used_at IS NULL FOR UPDATE", userId)
                .map(r -> r.get("code_hash", String.class));
    }

    /** Spends a recovery code; true if it existed unused. */
    public boolean useRecoveryCode(DSLContext sql, UUID userId, String storedHash, Instant now) {
        return sql.execute("UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
                ts(now), userId, storedHash) == 1;
    }

    public int unusedRecoveryCodes(DSLContext sql, UUID userId) {
        return sql.fetchOne("SELECT count(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", userId)
                .get("n", Integer.class);
    }

    // ---- challenges ----------------------------------------------------------------------------

    public void insertChallenge(DSLContext sql, String idHash, UUID userId, Instant now, Instant expiresAt, String clientAddress) {
        sql.execute("INSERT INTO login_challenges (id_hash, user_id, created_at, expires_at, client_address) VALUES (?, ?, ?, ?, ?)",
                idHash, userId, ts(now), ts(expiresAt), clientAddress);
    }

    record Challenge(UUID userId, Instant expiresAt, Instant usedAt) {
    }

    public Optional<Challenge> lockChallenge(DSLContext sql, String idHash) {
        return Optional.ofNullable(sql.fetchOne("SELECT user_id, expires_at, used_at FROM login_challenges WHERE id_hash = ? FOR UPDATE", idHash))
                .map(r -> new Challenge(r.get("user_id", UUID.class), instant(r, "expires_at"), instant(r, "used_at")));
    }

    public void useChallenge(DSLContext sql, String idHash, Instant now) {
        sql.execute("UPDATE login_challenges SET used_at = ? WHERE id_hash = ?", ts(now), idHash);
    }

    public int deleteExpiredChallenges(DSLContext sql, Instant before) {
        return sql.execute("DELETE FROM login_challenges WHERE expires_at < ?", ts(before));
    }

    // ---- sessions and refresh tokens -----------------------------------------------------------

    public record SessionRow(UUID id, UUID userId, Instant lastSeenAt, int idleTimeoutSeconds, Instant absoluteExpiresAt,
                      Instant revokedAt) {
        public boolean isLiveAt(Instant now) {
            return revokedAt == null && now.isBefore(absoluteExpiresAt)
                    && now.isBefore(lastSeenAt.plusSeconds(idleTimeoutSeconds));
        }
    }

    public void insertSession(DSLContext sql, UUID id, UUID userId, Instant now, int idleSeconds, Instant absoluteExpiresAt,
                       String channel, String clientAddress, String userAgent) {
        sql.execute("""
                INSERT INTO sessions (id, user_id, created_at, last_seen_at, idle_timeout_seconds, absolute_expires_at,
                                      channel, client_address, user_agent)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                id, userId, ts(now), ts(now), idleSeconds, ts(absoluteExpiresAt), channel, clientAddress, userAgent);
    }

    public record PreviousLogin(Instant at, String channel, String clientAddress) {
    }

    /** The newest session of the user opened before {@code currentSessionId} (the newest other one when it is unknown). */
    public Optional<PreviousLogin> previousLogin(DSLContext sql, UUID userId, UUID currentSessionId) {
        return Optional.ofNullable(sql.fetchOne("""
                SELECT s.created_at, s.channel, s.client_address FROM sessions s
                 WHERE s.user_id = ? AND s.id <> ?
                   AND s.created_at < coalesce((SELECT c.created_at FROM sessions c WHERE c.id = ?), 'infinity'::timestamptz)
                 ORDER BY s.created_at DESC, s.id DESC LIMIT 1""", userId, currentSessionId, currentSessionId))
                .map(r -> new PreviousLogin(instant(r, "created_at"), r.get("channel", String.class),
                        r.get("client_address", String.class)));
    }

    public Optional<SessionRow> session(DSLContext sql, UUID id, boolean forUpdate) {
        return Optional.ofNullable(sql.fetchOne("SELECT id, user_id, last_seen_at, idle_timeout_seconds, absolute_expires_at, revoked_at"
                + " FROM sessions WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""), id))
                .map(r -> new SessionRow(r.get("id", UUID.class), r.get("user_id", UUID.class), instant(r, "last_seen_at"),
                        r.get("idle_timeout_seconds", Integer.class), instant(r, "absolute_expires_at"), instant(r, "revoked_at")));
    }

    public void touchSession(DSLContext sql, UUID id, Instant now) {
        sql.execute("UPDATE sessions SET last_seen_at = greatest(last_seen_at, ?) WHERE id = ? AND revoked_at IS NULL", ts(now), id);
    }

    public void revokeSession(DSLContext sql, UUID id, String reason, Instant now) {
        sql.execute("UPDATE sessions SET revoked_at = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL", ts(now), reason, id);
    }

    public int revokeAllSessions(DSLContext sql, UUID userId, String reason, Instant now) {
        return sql.execute("UPDATE sessions SET revoked_at = ?, revoke_reason = ? WHERE user_id = ? AND revoked_at IS NULL",
                ts(now), reason, userId);
    }

    public int revokeOtherSessions(DSLContext sql, UUID userId, UUID keep, String reason, Instant now) {
        return sql.execute("UPDATE sessions SET revoked_at = ?, revoke_reason = ? WHERE user_id = ? AND id <> ? AND revoked_at IS NULL",
                ts(now), reason, userId, keep);
    }

    public void insertRefreshToken(DSLContext sql, String tokenHash, UUID sessionId, Instant now) {
        sql.execute("INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (?, ?, ?)", tokenHash, sessionId, ts(now));
    }

    public record RefreshRow(UUID sessionId, Instant usedAt) {
    }

    public Optional<RefreshRow> lockRefreshToken(DSLContext sql, String tokenHash) {
        return Optional.ofNullable(sql.fetchOne("SELECT session_id, used_at FROM refresh_tokens WHERE token_hash = ? FOR UPDATE", tokenHash))
                .map(r -> new RefreshRow(r.get("session_id", UUID.class), instant(r, "used_at")));
    }

    public void spendRefreshToken(DSLContext sql, String tokenHash, Instant now) {
        sql.execute("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?", ts(now), tokenHash);
    }

    // ---- failed logins per username ------------------------------------------------------------

    public record UsernameFailures(Instant windowStartedAt, int failures) {
    }

    public Optional<UsernameFailures> usernameFailures(DSLContext sql, String usernameHash) {
        return Optional.ofNullable(sql.fetchOne(
                        "SELECT window_started_at, failures FROM login_failures_by_username WHERE username_hash = ?", usernameHash))
                .map(r -> new UsernameFailures(instant(r, "window_started_at"), r.get("failures", Integer.class)));
    }

    /** One more failure in the username's window; a window that started at or before {@code windowStartBound} starts again now. */
    public void countUsernameFailure(DSLContext sql, String usernameHash, Instant now, Instant windowStartBound) {
        sql.execute("""
                INSERT INTO login_failures_by_username AS f (username_hash, window_started_at, failures) VALUES (?, ?, 1)
                ON CONFLICT (username_hash) DO UPDATE SET
                    failures = CASE WHEN f.window_started_at <= ? THEN 1 ELSE f.failures + 1 END,
                    window_started_at = CASE WHEN f.window_started_at <= ? THEN EXCLUDED.window_started_at ELSE f.window_started_at END""",
                usernameHash, ts(now), ts(windowStartBound), ts(windowStartBound));
    }

    // ---- TOTP key rotation -----------------------------------------------------------------------

    public record SealedSecrets(UUID userId, String active, String pending) {
    }

    /** Users with a secret (active or pending) not sealed under {@code currentPrefix}, locked, skipping rows others hold. */
    public List<SealedSecrets> secretsNotSealedUnder(DSLContext sql, String currentPrefix, int limit) {
        return sql.fetch("""
                SELECT id, totp_secret_enc, pending_totp_secret_enc FROM users
                 WHERE (totp_secret_enc IS NOT NULL AND left(totp_secret_enc, ?) <> ?)
                    OR (pending_totp_secret_enc IS NOT NULL AND left(pending_totp_secret_enc, ?) <> ?)
                 ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""",
                currentPrefix.length(), currentPrefix, currentPrefix.length(), currentPrefix, limit)
                .map(r -> new SealedSecrets(r.get("id", UUID.class), r.get("totp_secret_enc", String.class),
                        r.get("pending_totp_secret_enc", String.class)));
    }

    public long secretsNotSealedUnder(DSLContext sql, String currentPrefix) {
        return sql.fetchOne("""
                SELECT count(*) AS n FROM users
                 WHERE (totp_secret_enc IS NOT NULL AND left(totp_secret_enc, ?) <> ?)
                    OR (pending_totp_secret_enc IS NOT NULL AND left(pending_totp_secret_enc, ?) <> ?)""",
                currentPrefix.length(), currentPrefix, currentPrefix.length(), currentPrefix).get("n", Long.class);
    }

    public void resealSecrets(DSLContext sql, UUID userId, String active, String pending) {
        sql.execute("UPDATE users SET totp_secret_enc = ?, pending_totp_secret_enc = ? WHERE id = ?", active, pending, userId);
    }

    // ---- housekeeping: bounded deletes that skip rows another instance holds ---------------------

    public int purgeChallenges(DSLContext sql, Instant expiredBefore, int limit) {
        return sql.execute("""
                DELETE FROM login_challenges WHERE ctid = ANY (ARRAY(
                    SELECT ctid FROM login_challenges WHERE expires_at < ? LIMIT ? FOR UPDATE SKIP LOCKED))""",
                ts(expiredBefore), limit);
    }

    /** Sessions that ended (revoked, idle or past their absolute life) before {@code endedBefore}, with their refresh tokens. */
    public int purgeSessions(DSLContext sql, Instant endedBefore, int limit) {
        UUID[] ids = sql.fetch("""
                SELECT id FROM sessions
                 WHERE revoked_at < ? OR absolute_expires_at < ?
                    OR last_seen_at + idle_timeout_seconds * interval '1 second' < ?
                 LIMIT ? FOR UPDATE SKIP LOCKED""", ts(endedBefore), ts(endedBefore), ts(endedBefore), limit)
                .map(r -> r.get("id", UUID.class)).toArray(UUID[]::new);
        if (ids.length == 0) {
            return 0;
        }
        sql.execute("DELETE FROM refresh_tokens WHERE session_id = ANY (?::uuid[])", (Object) ids);
        return sql.execute("DELETE FROM sessions WHERE id = ANY (?::uuid[])", (Object) ids);
    }

    public int purgeUsernameFailures(DSLContext sql, Instant windowStartedBefore, int limit) {
        return sql.execute("""
                DELETE FROM login_failures_by_username WHERE ctid = ANY (ARRAY(
                    SELECT ctid FROM login_failures_by_username WHERE window_started_at < ? LIMIT ? FOR UPDATE SKIP LOCKED))""",
                ts(windowStartedBefore), limit);
    }

    // ---- mapping -------------------------------------------------------------------------------

    private static User toUser(Record r) {
        String[] roles = r.get("roles", String[].class);
        Set<Role> roleSet = roles.length == 0 ? EnumSet.noneOf(Role.class)
                : Arrays.stream(roles).map(Role::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        return new User(r.get("id", UUID.class), r.get("username", String.class), r.get("display_name", String.class),
                roleSet, r.get("customer_ref", String.class), UserStatus.valueOf(r.get("status", String.class)),
                r.get("password_hash", String.class), r.get("totp_secret_enc", String.class),
                instant(r, "totp_confirmed_at"), r.get("totp_last_step", Long.class),
                r.get("pending_totp_secret_enc", String.class), r.get("failed_attempts", Integer.class),
                r.get("lock_count", Integer.class), instant(r, "locked_until"), instant(r, "created_at"));
    }

    private static String[] roleArray(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().toArray(String[]::new);
    }

    static Instant instant(Record r, String field) {
        OffsetDateTime value = r.get(field, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
