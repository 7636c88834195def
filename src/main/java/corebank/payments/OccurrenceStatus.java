package corebank.payments;

import corebank.platform.Lifecycle;

/**
 * One date of a bill payment: RUNNING (claimed; its money may or may not have moved yet) ->
 * SUCCEEDED (with its ledger entry) | FAILED (refused by the ledger; not retried). Both ends are
 * final. A RUNNING occurrence left by a crash is executed again under the same Idempotency-Key.
 */
public enum OccurrenceStatus implements Lifecycle<OccurrenceStatus> {
    RUNNING, SUCCEEDED, FAILED;

    @Override
    public boolean canMoveTo(OccurrenceStatus next) {
        return this == RUNNING && next != RUNNING;
    }
}
