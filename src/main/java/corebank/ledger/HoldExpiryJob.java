package corebank.ledger;

import corebank.audit.AuditContext;
import corebank.platform.TransactionRunner;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Releases holds whose timeout has passed. Safe with several engine instances: each expiry is a
 * ledger command that locks the hold and does nothing if another instance got there first.
 */
@Singleton
public class HoldExpiryJob {

    private static final Logger LOG = LoggerFactory.getLogger(HoldExpiryJob.class);
    private final TransactionRunner runner;
    private final LedgerStore store;
    private final GroupCommitter committer;
    private final Clock clock;
    private final LedgerSettings settings;

    HoldExpiryJob(TransactionRunner runner, LedgerStore store, GroupCommitter committer, Clock clock, LedgerSettings settings) {
        this.runner = runner;
        this.store = store;
        this.committer = committer;
        this.clock = clock;
        this.settings = settings;
    }

    @Scheduled(fixedDelay = "${corebank.ledger.hold-expiry-interval}", initialDelay = "5s")
    void run() {
        try {
            expireDue();
        } catch (RuntimeException e) {
            LOG.error("hold expiry run failed; the next run retries", e);
        }
    }

    /** Expires every hold that is due now; returns how many it expired. */
    public int expireDue() {
        List<UUID> due = runner.read(sql -> store.expiredHoldIds(sql, clock.instant(), settings.holdExpiryBatchMax()));
        AuditContext system = AuditContext.system("hold-expiry");
        int expired = 0;
        for (UUID id : due) {
            if (committer.submit(new LedgerCommand.ExpireHold(id, system)).applied()) {
                expired++;
            }
        }
        if (expired > 0) {
            LOG.info("expired {} holds", expired);
        }
        return expired;
    }
}
