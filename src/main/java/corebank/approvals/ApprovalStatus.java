package corebank.approvals;

import corebank.platform.Lifecycle;

/**
 * A four-eyes approval request. PENDING (made, waiting for a checker) -> APPROVED (a second
 * person agreed) | REJECTED (a second person refused) | CANCELLED (withdrawn by its maker) |
 * EXPIRED (nobody decided in time); APPROVED -> EXECUTED (the action ran, exactly once) | FAILED
 * (the action was refused when it ran). REJECTED, CANCELLED, EXPIRED, EXECUTED and FAILED are
 * final. A refused move answers 409 {@code invalid_state_transition}.
 */
public enum ApprovalStatus implements Lifecycle<ApprovalStatus> {
    PENDING, APPROVED, REJECTED, CANCELLED, EXPIRED, EXECUTED, FAILED;

    @Override
    public boolean canMoveTo(ApprovalStatus next) {
        return switch (this) {
            case PENDING -> next == APPROVED || next == REJECTED || next == CANCELLED || next == EXPIRED;
            case APPROVED -> next == EXECUTED || next == FAILED;
            case REJECTED, CANCELLED, EXPIRED, EXECUTED, FAILED -> false;
        };
    }
}
