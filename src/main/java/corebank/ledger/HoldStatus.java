package corebank.ledger;

import corebank.platform.ErrorCode;
import corebank.platform.Lifecycle;

/** PENDING -> POSTED | VOIDED | EXPIRED. The database trigger refuses every other move (001-ledger.sql). */
public enum HoldStatus implements Lifecycle<HoldStatus> {
    PENDING, POSTED, VOIDED, EXPIRED;

    @Override
    public boolean canMoveTo(HoldStatus next) {
        return this == PENDING && next != PENDING;
    }

    @Override
    public ErrorCode refusal() {
        return ErrorCode.HOLD_NOT_PENDING;
    }
}
