package corebank.identity;

import corebank.identity.mfa.Totp;
import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Bounds of login and sessions; the defaults are written once, in {@code application.yml}.
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
public record LoginSettings(int accessTokenSeconds, int customerIdleSeconds, int staffIdleSeconds, int absoluteSessionSeconds,
                            int challengeSeconds, int failuresBeforeLock, int lockBaseSeconds, int lockMaxSeconds,
                            int enrollmentTokenSeconds, int attemptsPerMinutePerClient, int totpSkewSteps) {
    public LoginSettings {
        if (accessTokenSeconds < 1 || accessTokenSeconds > 300 || customerIdleSeconds < 1 || customerIdleSeconds > 300
                || staffIdleSeconds < 1 || absoluteSessionSeconds < 1 || failuresBeforeLock < 1 || challengeSeconds < 1
                || lockBaseSeconds < 1 || lockMaxSeconds < lockBaseSeconds || enrollmentTokenSeconds < 1
                || attemptsPerMinutePerClient < 1 || totpSkewSteps < 0 || totpSkewSteps > Totp.SKEW_STEPS_MAX) {
            throw new IllegalArgumentException("corebank.identity.login: bad bounds " + this);
        }
    }

    /** Wait of the n-th lock (n from 1): base * 2^(n-1), capped. */
    public long lockSeconds(int lockNumber) {
        long wait = (long) lockBaseSeconds << Math.min(Math.max(lockNumber - 1, 0), 20);
        return Math.min(wait, lockMaxSeconds);
    }
}
