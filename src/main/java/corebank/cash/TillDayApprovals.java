package corebank.cash;

import corebank.approvals.ApprovalRequest;
import corebank.approvals.ApprovalStatus;
import corebank.approvals.Approvals;
import corebank.audit.AuditContext;
import corebank.cash.CashModel.Difference;
import corebank.cash.CashModel.Stage;
import corebank.cash.CashModel.TillDay;
import corebank.identity.user.Role;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * Opening and closing a till's day, with the difference a count records submitted for a
 * supervisor's approval ({@link TillDifferenceOperation}; the teller is its maker). The day's
 * transaction commits first, then the request is made under the Idempotency-Key
 * {@code till-difference:<id>}, so the difference is never posted before a supervisor approves.
 */
@Singleton
public class TillDayApprovals {

    /** A pending difference and the approval request that waits for it (null when none waits). */
    public record PendingDifference(Difference difference, ApprovalRequest request) {
    }

    private final TillDays days;
    private final Approvals approvals;
    private final TillDifferenceOperation operation;

    TillDayApprovals(TillDays days, Approvals approvals, TillDifferenceOperation operation) {
        this.days = days;
        this.approvals = approvals;
        this.operation = operation;
    }

    public TillDay open(Staff staff, long tillId, String countedAmount, String note, AuditContext context) {
        return submitDifferences(days.open(staff, tillId, countedAmount, note, context), Stage.OPENING, context);
    }

    public TillDay close(Staff staff, long tillId, long dayId, String countedAmount, String note, AuditContext context) {
        return submitDifferences(days.close(staff, tillId, dayId, countedAmount, note, context), Stage.CLOSING, context);
    }

    /** A page of the differences awaiting approval, oldest first, each with its pending approval request. */
    public corebank.platform.Pages.Slice<PendingDifference> pending(String cursor, Integer limit) {
        corebank.platform.Pages.Slice<Difference> page = days.pendingDifferences(cursor, limit);
        return new corebank.platform.Pages.Slice<>(page.rows().stream().map(d -> new PendingDifference(d, request(d))).toList(),
                page.nextCursor());
    }

    private ApprovalRequest request(Difference d) {
        List<ApprovalRequest> open = approvals.list(null, TillDifferenceOperation.NAME, null, null, Long.toString(d.id()), null,
                List.of(Role.SUPERVISOR_NAME), null, 10).approvals();
        return open.stream().filter(r -> r.status() == ApprovalStatus.PENDING || r.status() == ApprovalStatus.APPROVED)
                .findFirst().orElse(null);
    }

    private TillDay submitDifferences(TillDay day, Stage stage, AuditContext context) {
        for (Difference d : day.differences()) {
            if (d.stage() == stage && d.status() == DifferenceStatus.PENDING_APPROVAL) {
                approvals.submit(operation, Map.of("differenceId", Long.toString(d.id())),
                        "till difference at the " + stage.name().toLowerCase(java.util.Locale.ROOT) + " of day " + d.tillDayId()
                                + ": " + d.note(), null, "till-difference:" + d.id(), context);
            }
        }
        return day;
    }
}
