package corebank.payments;

import corebank.platform.ErrorCode;
import corebank.platform.Lifecycle;

/**
 * A bill payment: ACTIVE (dates still to run) -> COMPLETED (its last date was claimed) |
 * CANCELLED (by its customer). Both ends are final; only an ACTIVE payment may be edited. A
 * refused move answers {@code payment_not_editable}, as editing a payment that has ended does.
 */
public enum BillPaymentStatus implements Lifecycle<BillPaymentStatus> {
    ACTIVE, COMPLETED, CANCELLED;

    @Override
    public boolean canMoveTo(BillPaymentStatus next) {
        return this == ACTIVE && next != ACTIVE;
    }

    @Override
    public ErrorCode refusal() {
        return ErrorCode.PAYMENT_NOT_EDITABLE;
    }
}
