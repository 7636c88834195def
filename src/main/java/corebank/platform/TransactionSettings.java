package corebank.platform;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Bounds of the serializable transaction runner.
 *
 * @param retriesMax     how many times a transaction that lost a serialization conflict is re-run
 * @param backoffBaseMillis first backoff; it doubles per attempt, with full jitter
 * @param backoffMaxMillis  cap of one backoff
 */
@ConfigurationProperties("corebank.transactions")
public record TransactionSettings(@Nullable Integer retriesMax, @Nullable Integer backoffBaseMillis, @Nullable Integer backoffMaxMillis) {
    public TransactionSettings {
        retriesMax = retriesMax == null ? 20 : retriesMax;
        backoffBaseMillis = backoffBaseMillis == null ? 1 : backoffBaseMillis;
        backoffMaxMillis = backoffMaxMillis == null ? 50 : backoffMaxMillis;
        if (retriesMax < 0 || backoffBaseMillis < 0 || backoffMaxMillis < backoffBaseMillis) {
            throw new IllegalArgumentException("corebank.transactions: bad bounds");
        }
    }
}
