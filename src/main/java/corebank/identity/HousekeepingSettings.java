package corebank.identity;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Retention of the identity feature's short-lived rows. The job's pause,
 * {@code corebank.identity.housekeeping.interval}, is read by its {@code @Scheduled} annotation.
 *
 * @param batchMax                most rows of one table one purge transaction deletes
 * @param sessionRetentionDays    an ended session (and its refresh tokens) is kept this long after it
 *                                ended: the sign-in history a user sees ("previous sign-in") reads them
 * @param challengeRetentionHours an expired login challenge is kept this long after it expired
 */
@ConfigurationProperties("corebank.identity.housekeeping")
public record HousekeepingSettings(int batchMax, int sessionRetentionDays, int challengeRetentionHours) {
    public HousekeepingSettings {
        if (batchMax < 1 || sessionRetentionDays < 1 || challengeRetentionHours < 0) {
            throw new IllegalArgumentException("corebank.identity.housekeeping: bad bounds " + this);
        }
    }
}
