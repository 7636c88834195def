package corebank.cash;

import corebank.platform.Lifecycle;

/**
 * A counted till difference: recorded PENDING_APPROVAL, then POSTED (final) to the over/short
 * account once a supervisor approves it. The database refuses every other move too (013-cash.sql).
 */
public enum DifferenceStatus implements Lifecycle<DifferenceStatus> {
    PENDING_APPROVAL, POSTED;

    @Override
    public boolean canMoveTo(DifferenceStatus next) {
        return this == PENDING_APPROVAL && next == POSTED;
    }
}
