package corebank.payments;

import corebank.platform.ErrorCode;
import corebank.support.Lifecycles;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static corebank.payments.BillPaymentStatus.ACTIVE;
import static corebank.payments.BillPaymentStatus.CANCELLED;
import static corebank.payments.BillPaymentStatus.COMPLETED;

class BillPaymentStatusTest {

    @Test
    void anActivePaymentCompletesOrIsCancelledAndThenNeverChanges() {
        Lifecycles.assertMoves(BillPaymentStatus.class, Map.of(
                ACTIVE, Set.of(COMPLETED, CANCELLED),
                COMPLETED, Set.of(),
                CANCELLED, Set.of()), ErrorCode.PAYMENT_NOT_EDITABLE);
    }
}
