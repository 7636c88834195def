package corebank.platform;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * What the engine expects of the database's replication; the default is written once, in
 * {@code application.yml}.
 *
 * @param checkInterval              pause between two reads of the replication state; a reading
 *                                   older than three of them counts as unknown (the check is stuck,
 *                                   e.g. waiting for an unreachable database)
 * @param synchronousStandbyRequired when true, a primary without a synchronous standby (a single
 *                                   node, or pg_auto_failover's {@code wait_primary} after a
 *                                   failover) turns {@code /health} to {@code DEGRADED}; readiness
 *                                   is never affected
 */
@ConfigurationProperties("corebank.database.replication")
public record ReplicationSettings(Duration checkInterval, boolean synchronousStandbyRequired) {
    public ReplicationSettings {
        if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("corebank.database.replication.check-interval must be positive");
        }
    }
}
