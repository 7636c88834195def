package corebank.platform;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Bounds of the serializable transaction runner; the defaults are written once, in
 * {@code application.yml}.
 *
 * @param retriesMax        how many times a transaction that lost a serialization conflict is re-run
 * @param backoffBaseMillis first backoff; it doubles per attempt, with full jitter
 * @param backoffMaxMillis  cap of one backoff
 */
@ConfigurationProperties("corebank.transactions")
public record TransactionSettings(int retriesMax, int backoffBaseMillis, int backoffMaxMillis) {
    public TransactionSettings {
        if (retriesMax < 0 || backoffBaseMillis < 0 || backoffMaxMillis < backoffBaseMillis) {
            throw new IllegalArgumentException("corebank.transactions: bad bounds " + this);
        }
    }
}
