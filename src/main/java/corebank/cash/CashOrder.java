package corebank.cash;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A cash deposit or withdrawal as asked, in the wire's terms (the amount a decimal string), so it
 * can be stored as it is (for example by an approval request) and run later through
 * {@link CashDesk#deposit} or {@link CashDesk#withdraw}, which check everything when it runs.
 *
 * @param account the customer's account number
 */
@Serdeable
public record CashOrder(long tillId, String account, String amount, String currency, @Nullable String description) {
}
