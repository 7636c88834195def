package corebank.identity;

import corebank.platform.TransactionRunner;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deletes what the identity feature no longer needs: expired login challenges, ended sessions with
 * their refresh tokens (a live session keeps its spent refresh tokens, which detect reuse), and
 * elapsed per-username failure windows. Each delete is bounded and skips rows another instance
 * holds, so every instance may run it at once.
 */
@Singleton
public class IdentityHousekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityHousekeeping.class);
    static final int BATCHES_PER_RUN = 100;

    private interface Purge {
        int run(DSLContext sql, Instant before, int limit);
    }

    private final TransactionRunner runner;
    private final IdentityStore store;
    private final HousekeepingSettings settings;
    private final UsernameThrottleSettings throttle;
    private final Clock clock;

    IdentityHousekeeping(TransactionRunner runner, IdentityStore store, HousekeepingSettings settings, UsernameThrottleSettings throttle,
                         Clock clock) {
        this.runner = runner;
        this.store = store;
        this.settings = settings;
        this.throttle = throttle;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${corebank.identity.housekeeping.interval}", initialDelay = "${corebank.identity.housekeeping.interval}")
    void scheduled() {
        purge();
    }

    /** One run; answers the rows deleted per kind. */
    public Map<String, Integer> purge() {
        Instant now = clock.instant();
        Map<String, Integer> deleted = new LinkedHashMap<>();
        deleted.put("challenges", batches("challenges", now.minus(Duration.ofHours(settings.challengeRetentionHours())),
                store::purgeChallenges));
        deleted.put("sessions", batches("sessions", now.minus(Duration.ofDays(settings.sessionRetentionDays())),
                store::purgeSessions));
        deleted.put("usernameFailureWindows", batches("username-failures",
                now.minusSeconds(throttle.windowSeconds()), store::purgeUsernameFailures));
        if (deleted.values().stream().anyMatch(n -> n > 0)) {
            LOG.info("identity housekeeping deleted {}", deleted);
        }
        return deleted;
    }

    private int batches(String name, Instant before, Purge purge) {
        int total = 0;
        for (int i = 0; i < BATCHES_PER_RUN; i++) {
            int n = runner.serializable("purge-" + name, sql -> purge.run(sql, before, settings.batchMax()));
            total += n;
            if (n < settings.batchMax()) {
                break;
            }
        }
        return total;
    }
}
