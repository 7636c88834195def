package corebank.identity;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Bounds of login and sessions.
 *
 * @param accessTokenSeconds         life of an access token (at most 5 minutes)
 * @param customerIdleSeconds        idle timeout of customers (PSD2 RTS Art. 4: 5 minutes)
 * @param staffIdleSeconds           idle timeout of tellers, auditors and administrators
 * @param absoluteSessionSeconds     absolute life of a session, however active
 * @param challengeSeconds           life of the second-factor challenge after a correct password
 * @param failuresBeforeLock         consecutive failures (password or code) that lock a user
 * @param lockBaseSeconds            first lock's wait; it doubles with each further lock
 * @param lockMaxSeconds             cap of the wait
 * @param enrollmentTokenSeconds     life of an enrollment token handed out by an administrator
 * @param attemptsPerMinutePerClient login attempts one client address may make per minute
 * @param totpSkewSteps              TOTP steps accepted either side of now
 */
@ConfigurationProperties("corebank.identity.login")
public record LoginSettings(@Nullable Integer accessTokenSeconds, @Nullable Integer customerIdleSeconds,
                            @Nullable Integer staffIdleSeconds, @Nullable Integer absoluteSessionSeconds,
                            @Nullable Integer challengeSeconds, @Nullable Integer failuresBeforeLock,
                            @Nullable Integer lockBaseSeconds, @Nullable Integer lockMaxSeconds,
                            @Nullable Integer enrollmentTokenSeconds, @Nullable Integer attemptsPerMinutePerClient,
                            @Nullable Integer totpSkewSteps) {
    public LoginSettings {
        accessTokenSeconds = accessTokenSeconds == null ? 300 : accessTokenSeconds;
        customerIdleSeconds = customerIdleSeconds == null ? 300 : customerIdleSeconds;
        staffIdleSeconds = staffIdleSeconds == null ? 900 : staffIdleSeconds;
        absoluteSessionSeconds = absoluteSessionSeconds == null ? 12 * 3600 : absoluteSessionSeconds;
        challengeSeconds = challengeSeconds == null ? 120 : challengeSeconds;
        failuresBeforeLock = failuresBeforeLock == null ? 5 : failuresBeforeLock;
        lockBaseSeconds = lockBaseSeconds == null ? 60 : lockBaseSeconds;
        lockMaxSeconds = lockMaxSeconds == null ? 3600 : lockMaxSeconds;
        enrollmentTokenSeconds = enrollmentTokenSeconds == null ? 24 * 3600 : enrollmentTokenSeconds;
        attemptsPerMinutePerClient = attemptsPerMinutePerClient == null ? 30 : attemptsPerMinutePerClient;
        totpSkewSteps = totpSkewSteps == null ? 1 : totpSkewSteps;
        if (accessTokenSeconds < 1 || accessTokenSeconds > 300 || customerIdleSeconds > 300 || failuresBeforeLock < 1
                || challengeSeconds < 1 || lockBaseSeconds < 1 || lockMaxSeconds < lockBaseSeconds) {
            throw new IllegalArgumentException("corebank.identity.login: bad bounds");
        }
    }

    /** Wait of the n-th lock (n from 1): base * 2^(n-1), capped. */
    public long lockSeconds(int lockNumber) {
        long wait = (long) lockBaseSeconds << Math.min(Math.max(lockNumber - 1, 0), 20);
        return Math.min(wait, lockMaxSeconds);
    }
}
