package corebank.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import corebank.identity.LoginSettings;
import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Per-client-address throttling of the login endpoints (Bucket4j token buckets, one per
 * address, held in a bounded Caffeine cache so that many addresses cannot exhaust memory).
 * Over the limit: 429 with Retry-After. Per-user lockout is separate (identity.FailedAttempts).
 */
@Singleton
public class LoginThrottle {

    /** Refusal that carries the seconds after which a retry can succeed. */
    public static final class Throttled extends CorebankException {
        private final long retryAfterSeconds;

        Throttled(long retryAfterSeconds) {
            super(ErrorCode.TOO_MANY_REQUESTS, "too many login attempts from this address; retry after "
                    + retryAfterSeconds + " s", null);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public Long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();
    private final LoginSettings settings;

    LoginThrottle(LoginSettings settings) {
        this.settings = settings;
    }

    public void check(HttpRequest<?> request) {
        Bucket bucket = buckets.get(Origins.clientAddress(request), k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(settings.attemptsPerMinutePerClient())
                        .refillGreedy(settings.attemptsPerMinutePerClient(), Duration.ofMinutes(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new Throttled(Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1));
        }
    }
}
