package corebank.ledger;

import corebank.platform.ErrorCode;
import corebank.support.Lifecycles;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static corebank.ledger.HoldStatus.EXPIRED;
import static corebank.ledger.HoldStatus.PENDING;
import static corebank.ledger.HoldStatus.POSTED;
import static corebank.ledger.HoldStatus.VOIDED;

class HoldStatusTest {

    @Test
    void onlyAPendingHoldIsResolvedAndOnlyOnce() {
        Lifecycles.assertMoves(HoldStatus.class, Map.of(
                PENDING, Set.of(POSTED, VOIDED, EXPIRED),
                POSTED, Set.of(),
                VOIDED, Set.of(),
                EXPIRED, Set.of()), ErrorCode.HOLD_NOT_PENDING);
    }
}
