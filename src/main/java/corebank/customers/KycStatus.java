package corebank.customers;

import corebank.platform.Lifecycle;

/**
 * Know-your-customer review: PENDING -> VERIFIED | REJECTED; VERIFIED -> PENDING (a new
 * review, e.g. after a new identity document); REJECTED -> PENDING (the customer resubmits).
 * A verified customer is never rejected, nor a rejected one verified, without a new review.
 * The database refuses every other move too (011-customers.sql).
 */
public enum KycStatus implements Lifecycle<KycStatus> {
    PENDING, VERIFIED, REJECTED;

    @Override
    public boolean canMoveTo(KycStatus next) {
        return switch (this) {
            case PENDING -> next == VERIFIED || next == REJECTED;
            case VERIFIED, REJECTED -> next == PENDING;
        };
    }
}
