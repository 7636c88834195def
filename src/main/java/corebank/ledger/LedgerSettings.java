package corebank.ledger;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * Bounds of the ledger (TigerStyle: everything has a limit with a sane default).
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
 */
@ConfigurationProperties("corebank.ledger")
public record LedgerSettings(@Nullable Integer batchSizeMax, @Nullable Integer writers, @Nullable Integer queueCapacity, @Nullable Long submitTimeoutMillis,
                             @Nullable Long holdTimeoutSecondsDefault, @Nullable Long holdTimeoutSecondsMax, @Nullable Integer holdExpiryBatchMax,
                             @Nullable Integer pageSizeMax, @Nullable Duration holdExpiryInterval,
                             @Nullable Integer apiBatchMax) {
    public LedgerSettings {
        batchSizeMax = batchSizeMax == null ? 200 : batchSizeMax;
        writers = writers == null ? 1 : writers;
        queueCapacity = queueCapacity == null ? 20_000 : queueCapacity;
        submitTimeoutMillis = submitTimeoutMillis == null ? 10_000L : submitTimeoutMillis;
        holdTimeoutSecondsDefault = holdTimeoutSecondsDefault == null ? 7 * 24 * 3600L : holdTimeoutSecondsDefault;
        holdTimeoutSecondsMax = holdTimeoutSecondsMax == null ? 30 * 24 * 3600L : holdTimeoutSecondsMax;
        holdExpiryBatchMax = holdExpiryBatchMax == null ? 500 : holdExpiryBatchMax;
        pageSizeMax = pageSizeMax == null ? 200 : pageSizeMax;
        holdExpiryInterval = holdExpiryInterval == null ? Duration.ofSeconds(5) : holdExpiryInterval;
        apiBatchMax = apiBatchMax == null ? 1000 : apiBatchMax;
        if (batchSizeMax < 1 || writers < 1 || queueCapacity < batchSizeMax || holdTimeoutSecondsMax < 1) {
            throw new IllegalArgumentException("corebank.ledger: bad bounds");
        }
    }
}
