package corebank.approvals;

import corebank.ledger.Money;
import jakarta.inject.Singleton;

import java.util.Currency;
import java.util.HashMap;
import java.util.Map;

/**
 * The amounts above which a teller's transfer needs a supervisor's approval, per currency
 * ({@code corebank.approvals.transfer-thresholds}). A currency the setting does not list always
 * needs one: an unlisted currency is not a way around the rule.
 */
@Singleton
public class TransferThresholds {

    private final Map<Currency, Long> maxWithoutApproval = new HashMap<>();

    TransferThresholds(ApprovalSettings settings) {
        for (String pair : settings.transferThresholds().split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("corebank.approvals.transfer-thresholds: CUR:amount pairs, not " + pair);
            }
            Money m = Money.parse(parts[1].trim(), parts[0].trim(), "transfer-thresholds");
            maxWithoutApproval.put(m.currency(), m.amountMinor());
        }
    }

    /** Whether a teller's transfer of this amount waits for a second person. */
    public boolean needsApproval(Money amount) {
        Long max = maxWithoutApproval.get(amount.currency());
        return max == null || amount.amountMinor() > max;
    }
}
