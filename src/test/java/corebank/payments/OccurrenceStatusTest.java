package corebank.payments;

import corebank.platform.ErrorCode;
import corebank.support.Lifecycles;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static corebank.payments.OccurrenceStatus.FAILED;
import static corebank.payments.OccurrenceStatus.RUNNING;
import static corebank.payments.OccurrenceStatus.SUCCEEDED;

class OccurrenceStatusTest {

    @Test
    void aRunningOccurrenceEndsOnceAsSucceededOrFailed() {
        Lifecycles.assertMoves(OccurrenceStatus.class, Map.of(
                RUNNING, Set.of(SUCCEEDED, FAILED),
                SUCCEEDED, Set.of(),
                FAILED, Set.of()), ErrorCode.INVALID_STATE_TRANSITION);
    }
}
