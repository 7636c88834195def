package corebank.customers;

import corebank.platform.ErrorCode;
import corebank.support.Lifecycles;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static corebank.customers.KycStatus.PENDING;
import static corebank.customers.KycStatus.REJECTED;
import static corebank.customers.KycStatus.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;

class KycStatusTest {

    @Test
    void verifiesOrRejectsAPendingCustomerAndReviewsAgainOnlyThroughPending() {
        Lifecycles.assertMoves(KycStatus.class, Map.of(
                PENDING, Set.of(VERIFIED, REJECTED),
                VERIFIED, Set.of(PENDING),
                REJECTED, Set.of(PENDING)), ErrorCode.INVALID_STATE_TRANSITION);
    }

    @Test
    void customerNumbersCarryMod97CheckDigits() {
        String number = CustomerNumber.fromSequence(1_000_001L);
        assertThat(number).matches("C[0-9]{9}");
        assertThat(CustomerNumber.isValid(number)).isTrue();
        // a mistyped digit and a swapped pair are caught
        String typo = number.substring(0, 8) + (char) ('0' + (number.charAt(8) - '0' + 1) % 10) + number.substring(9);
        assertThat(CustomerNumber.isValid(typo)).isFalse();
        String swapped = "C" + number.charAt(2) + number.charAt(1) + number.substring(3);
        assertThat(swapped.equals(number) || !CustomerNumber.isValid(swapped)).isTrue();
    }
}
