package corebank.identity.user;

import corebank.platform.ErrorCode;
import corebank.support.Lifecycles;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static corebank.identity.user.UserStatus.ACTIVE;
import static corebank.identity.user.UserStatus.DISABLED;

class UserStatusTest {

    @Test
    void aUserIsDisabledAndEnabledAgainButNeverMovesToItsOwnState() {
        Lifecycles.assertMoves(UserStatus.class, Map.of(
                ACTIVE, Set.of(DISABLED),
                DISABLED, Set.of(ACTIVE)), ErrorCode.INVALID_STATE_TRANSITION);
    }
}
