package corebank.cash;

import corebank.platform.Lifecycle;

/** A till's day: OPEN -> CLOSED (final). The database refuses every other move too (013-cash.sql). */
public enum TillDayStatus implements Lifecycle<TillDayStatus> {
    OPEN, CLOSED;

    @Override
    public boolean canMoveTo(TillDayStatus next) {
        return this == OPEN && next == CLOSED;
    }
}
