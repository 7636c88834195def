package corebank.identity;

import corebank.identity.session.Tokens;
import corebank.platform.ErrorCode;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.Optional;

/**
 * Failed logins per username within a window, counted in the database (table
 * login_failures_by_username, keyed by the SHA-256 of the lower-cased name, whether or not such a
 * user exists). Over the limit, the password step answers 429 before it checks anything.
 */
@Singleton
public class UsernameThrottle {

    /** 429 with Retry-After: too many failures for this username, from wherever they came. */
    public static final class Refused extends IdentityException {
        private final long retryAfterSeconds;

        Refused(long retryAfterSeconds) {
            super(ErrorCode.TOO_MANY_REQUESTS, "too many failed logins for this username; retry after "
                    + retryAfterSeconds + " s", null);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public Long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    private final UsernameThrottleSettings settings;
    private final IdentityStore store;

    UsernameThrottle(UsernameThrottleSettings settings, IdentityStore store) {
        this.settings = settings;
        this.store = store;
    }

    /** Seconds until the username may try again, if its window is full. */
    public Optional<Long> blockedFor(DSLContext sql, String username, Instant now) {
        return store.usernameFailures(sql, Tokens.hash(username))
                .filter(f -> f.failures() >= settings.failuresPerWindow())
                .map(f -> f.windowStartedAt().plusSeconds(settings.windowSeconds()))
                .filter(now::isBefore)
                .map(ends -> Math.max(1, ends.getEpochSecond() - now.getEpochSecond()));
    }

    /** Counts one failed password step for the username; a window that has ended starts again. */
    public void recordFailure(DSLContext sql, String username, Instant now) {
        store.countUsernameFailure(sql, Tokens.hash(username), now, now.minusSeconds(settings.windowSeconds()));
    }

    public Refused refusal(long retryAfterSeconds) {
        return new Refused(retryAfterSeconds);
    }
}
