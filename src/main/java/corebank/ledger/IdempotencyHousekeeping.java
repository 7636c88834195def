package corebank.ledger;

import corebank.platform.TransactionRunner;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes idempotency keys older than their retention, in bounded transactions that skip rows
 * another instance holds (every instance may run it at once). A key younger than the retention
 * always answers a retry with the first outcome.
 */
@Singleton
public class IdempotencyHousekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyHousekeeping.class);
    /** Batches per run: a backlog is worked off over several runs rather than in one long one. */
    static final int BATCHES_PER_RUN = 100;

    private final TransactionRunner runner;
    private final LedgerStore store;
    private final IdempotencySettings settings;
    private final Clock clock;

    IdempotencyHousekeeping(TransactionRunner runner, LedgerStore store, IdempotencySettings settings, Clock clock) {
        this.runner = runner;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${corebank.ledger.idempotency.purge-interval}", initialDelay = "${corebank.ledger.idempotency.purge-interval}")
    void scheduled() {
        purge();
    }

    /** One run; answers how many keys it deleted. */
    public int purge() {
        Instant before = clock.instant().minus(Duration.ofDays(settings.retentionDays()));
        int total = 0;
        for (int i = 0; i < BATCHES_PER_RUN; i++) {
            int deleted = runner.serializable("idempotency-purge", sql -> store.purgeIdempotencyKeys(sql, before, settings.purgeBatchMax()));
            total += deleted;
            if (deleted < settings.purgeBatchMax()) {
                break;
            }
        }
        if (total > 0) {
            LOG.info("deleted {} idempotency keys recorded before {}", total, before);
        }
        return total;
    }
}
