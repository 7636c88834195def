package corebank.ledger;

import corebank.audit.AuditAction;
import corebank.platform.Lifecycle;

/**
 * ACTIVE -> FROZEN -> ACTIVE, and ACTIVE | FROZEN -> CLOSED (only when empty; final). The
 * database refuses every other move too (009-state-machines.sql).
 */
public enum AccountStatus implements Lifecycle<AccountStatus> {
    ACTIVE, FROZEN, CLOSED;

    @Override
    public boolean canMoveTo(AccountStatus next) {
        return switch (this) {
            case ACTIVE -> next == FROZEN || next == CLOSED;
            case FROZEN -> next == ACTIVE || next == CLOSED;
            case CLOSED -> false;
        };
    }

    /** What the audit trail calls a move into this state. */
    AuditAction auditAction() {
        return switch (this) {
            case ACTIVE -> AuditAction.LEDGER_ACCOUNT_ACTIVE;
            case FROZEN -> AuditAction.LEDGER_ACCOUNT_FROZEN;
            case CLOSED -> AuditAction.LEDGER_ACCOUNT_CLOSED;
        };
    }
}
