package corebank.approvals;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Bounds of four-eyes approval; the defaults are written once, in {@code application.yml}. The
 * jobs' pause, {@code corebank.approvals.job-interval}, is read by its {@code @Scheduled}
 * annotation, not through this record.
 *
 * @param requestSeconds          how long a request waits for a checker before it expires
 * @param holdMarginSeconds       how much longer than its request the hold of a money request lives, so
 *                                it never expires on its own first and an approval at the last moment
 *                                still finds its funds
 * @param executionGraceSeconds   how long after an approval the job leaves its execution to the
 *                                approving request before finishing it itself
 * @param transferThresholds      per currency, the largest teller transfer that needs no approval
 *                                ({@code EUR:10000.00,...}); a currency not listed always needs one
 * @param jobBatchMax             requests one job run expires or finishes
 * @param pageSizeMax             largest page of requests one list returns
 */
@ConfigurationProperties("corebank.approvals")
public record ApprovalSettings(long requestSeconds, long holdMarginSeconds, long executionGraceSeconds,
                               String transferThresholds, int jobBatchMax, int pageSizeMax) {
    public ApprovalSettings {
        if (requestSeconds < 60 || holdMarginSeconds < 60 || executionGraceSeconds < 1 || jobBatchMax < 1 || pageSizeMax < 1
                || transferThresholds == null) {
            throw new IllegalArgumentException("corebank.approvals: bad bounds " + this);
        }
    }
}
