package corebank.approvals;

import corebank.platform.ErrorCode;
import corebank.support.Lifecycles;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static corebank.approvals.ApprovalStatus.APPROVED;
import static corebank.approvals.ApprovalStatus.CANCELLED;
import static corebank.approvals.ApprovalStatus.EXECUTED;
import static corebank.approvals.ApprovalStatus.EXPIRED;
import static corebank.approvals.ApprovalStatus.FAILED;
import static corebank.approvals.ApprovalStatus.PENDING;
import static corebank.approvals.ApprovalStatus.REJECTED;

class ApprovalStatusTest {

    @Test
    void aPendingRequestIsDecidedOnceAndAnApprovedOneRunsOnce() {
        Lifecycles.assertMoves(ApprovalStatus.class, Map.of(
                PENDING, Set.of(APPROVED, REJECTED, CANCELLED, EXPIRED),
                APPROVED, Set.of(EXECUTED, FAILED),
                REJECTED, Set.of(),
                CANCELLED, Set.of(),
                EXPIRED, Set.of(),
                EXECUTED, Set.of(),
                FAILED, Set.of()), ErrorCode.INVALID_STATE_TRANSITION);
    }
}
