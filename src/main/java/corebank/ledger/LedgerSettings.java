package corebank.ledger;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Bounds of the ledger (TigerStyle: everything has a limit with a sane default). The defaults
 * are written once, in {@code application.yml}; this record only binds and checks them.
 * The hold-expiry job's pause, {@code corebank.ledger.hold-expiry-interval}, is read by its
 * {@code @Scheduled} annotation, not through this record.
 *
 * @param batchSizeMax              most commands applied in one transaction (group commit)
 * @param writers                   concurrent batch writers per instance (see GroupCommitter)
 * @param queueCapacity             commands waiting for a writer before new ones get 503
 * @param submitTimeoutMillis       how long a request waits for its batch to commit
 * @param holdTimeoutSecondsDefault a hold's life when the request names none
 * @param holdTimeoutSecondsMax     the longest a hold may reserve funds
 * @param holdExpiryBatchMax        holds expired per run of the expiry job
 * @param pageSizeMax               largest page of postings one read returns
 * @param apiBatchMax               most transfers one batch request may carry
 * @param writeLocks                how a batch excludes others: {@code table} (one batch at a time across
 *                                  all instances) or {@code accounts} (one lock per account it touches;
 *                                  batches over disjoint accounts overlap, see AccountLocks)
 */
@ConfigurationProperties("corebank.ledger")
public record LedgerSettings(int batchSizeMax, int writers, int queueCapacity, long submitTimeoutMillis,
                             long holdTimeoutSecondsDefault, long holdTimeoutSecondsMax, int holdExpiryBatchMax,
                             int pageSizeMax, int apiBatchMax, String writeLocks) {
    public LedgerSettings {
        if (batchSizeMax < 1 || writers < 1 || queueCapacity < batchSizeMax || submitTimeoutMillis < 1
                || holdTimeoutSecondsDefault < 1 || holdTimeoutSecondsMax < holdTimeoutSecondsDefault
                || holdExpiryBatchMax < 1 || pageSizeMax < 1 || apiBatchMax < 1
                || !("table".equals(writeLocks) || "accounts".equals(writeLocks))) {
            throw new IllegalArgumentException("corebank.ledger: bad bounds " + this);
        }
    }

    /** True when batches lock the accounts they touch rather than the whole table. */
    public boolean accountLocks() {
        return "accounts".equals(writeLocks);
    }
}
