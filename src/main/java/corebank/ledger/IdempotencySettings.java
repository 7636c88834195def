package corebank.ledger;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * How long idempotency keys are kept. The purge job's pause,
 * {@code corebank.ledger.idempotency.purge-interval}, is read by its {@code @Scheduled} annotation.
 *
 * @param retentionDays  a key is kept at least this many days after its request (at least 1): a
 *                       client retrying within that time gets the first outcome, never a second movement
 * @param purgeBatchMax  most keys one purge transaction deletes
 */
@ConfigurationProperties("corebank.ledger.idempotency")
public record IdempotencySettings(int retentionDays, int purgeBatchMax) {
    public IdempotencySettings {
        if (retentionDays < 1 || purgeBatchMax < 1) {
            throw new IllegalArgumentException("corebank.ledger.idempotency: bad bounds " + this);
        }
    }
}
