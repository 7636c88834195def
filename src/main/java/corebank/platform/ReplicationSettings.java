package corebank.platform;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * What the engine expects of the database's replication; the default is written once, in
 * {@code application.yml}.
 *
 * @param synchronousStandbyRequired when true, a primary without a synchronous standby (a single
 *                                   node, or pg_auto_failover's {@code wait_primary} after a
 *                                   failover) turns {@code /health} to {@code DEGRADED}; readiness
 *                                   is never affected
 */
@ConfigurationProperties("corebank.database.replication")
public record ReplicationSettings(boolean synchronousStandbyRequired) {
}
