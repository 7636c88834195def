package corebank.ledger;

import corebank.platform.ErrorCode;
import corebank.support.Lifecycles;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static corebank.ledger.AccountStatus.ACTIVE;
import static corebank.ledger.AccountStatus.CLOSED;
import static corebank.ledger.AccountStatus.FROZEN;

class AccountStatusTest {

    @Test
    void allowsFreezeUnfreezeAndCloseAndRefusesEveryOtherMove() {
        Lifecycles.assertMoves(AccountStatus.class, Map.of(
                ACTIVE, Set.of(FROZEN, CLOSED),
                FROZEN, Set.of(ACTIVE, CLOSED),
                CLOSED, Set.of()), ErrorCode.INVALID_STATE_TRANSITION);
    }
}
