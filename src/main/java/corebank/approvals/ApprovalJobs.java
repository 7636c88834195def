package corebank.approvals;

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
 * Expires requests nobody decided in time (voiding their holds), finishes requests approved but
 * not executed (a crash or an overload between the decision and the execution), and voids holds
 * left pending by a request that ended without execution. Safe on any number of instances: each
 * step locks its request and does nothing if another instance got there first, and executions are
 * idempotent on the request id.
 */
@Singleton
public class ApprovalJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalJobs.class);
    private final TransactionRunner runner;
    private final ApprovalStore store;
    private final Approvals approvals;
    private final Clock clock;
    private final ApprovalSettings settings;

    ApprovalJobs(TransactionRunner runner, ApprovalStore store, Approvals approvals, Clock clock, ApprovalSettings settings) {
        this.runner = runner;
        this.store = store;
        this.approvals = approvals;
        this.clock = clock;
        this.settings = settings;
    }

    @Scheduled(fixedDelay = "${corebank.approvals.job-interval}", initialDelay = "7s")
    void run() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("approval job run failed; the next run retries", e);
        }
    }

    /** One run; answers how many requests it expired. */
    public int runOnce() {
        List<UUID> due = runner.read(sql -> store.pendingExpiredBy(sql, clock.instant(), settings.jobBatchMax()));
        int expired = 0;
        for (UUID id : due) {
            expired += approvals.expire(id) ? 1 : 0;
        }
        List<UUID> approved = runner.read(sql -> store.approvedBefore(sql,
                clock.instant().minusSeconds(settings.executionGraceSeconds()), settings.jobBatchMax()));
        for (UUID id : approved) {
            try {
                approvals.execute(id, AuditContext.system("approval-execution"));
            } catch (RuntimeException e) {
                LOG.warn("approved request {} could not be executed yet; the next run retries", id, e);
            }
        }
        runner.read(sql -> store.strandedHolds(sql, settings.jobBatchMax())).forEach(approvals::voidHold);
        if (expired + approved.size() > 0) {
            LOG.info("approvals: expired {}, finished {} approved", expired, approved.size());
        }
        return expired;
    }
}
