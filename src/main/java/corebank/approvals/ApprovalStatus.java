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

    /** The state a client named, or null for none; refused with {@code validation_failed} on {@code field} if there is no such state. */
    public static ApprovalStatus parse(String text, String field) {
        if (text == null) {
            return null;
        }
        for (ApprovalStatus s : values()) {
            if (s.name().equals(text)) {
                return s;
            }
        }
        throw new corebank.platform.CorebankException(corebank.platform.ErrorCode.VALIDATION_FAILED,
                field + " is one of " + java.util.Arrays.toString(values()), field);
    }

    @Override
    public boolean canMoveTo(ApprovalStatus next) {
        return switch (this) {
            case PENDING -> next == APPROVED || next == REJECTED || next == CANCELLED || next == EXPIRED;
            case APPROVED -> next == EXECUTED || next == FAILED;
            case REJECTED, CANCELLED, EXPIRED, EXECUTED, FAILED -> false;
        };
    }
}
