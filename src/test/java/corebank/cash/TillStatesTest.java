package corebank.cash;

import corebank.platform.ErrorCode;
import corebank.support.Lifecycles;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

class TillStatesTest {

    @Test
    void aTillDayIsOpenedOnceAndClosedForGood() {
        Lifecycles.assertMoves(TillDayStatus.class, Map.of(
                TillDayStatus.OPEN, Set.of(TillDayStatus.CLOSED),
                TillDayStatus.CLOSED, Set.of()), ErrorCode.INVALID_STATE_TRANSITION);
    }

    @Test
    void aDifferenceIsPostedOnceAfterApproval() {
        Lifecycles.assertMoves(DifferenceStatus.class, Map.of(
                DifferenceStatus.PENDING_APPROVAL, Set.of(DifferenceStatus.POSTED),
                DifferenceStatus.POSTED, Set.of()), ErrorCode.INVALID_STATE_TRANSITION);
    }
}
