package corebank.cash;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** Cash between a currency's vault and a till, in the wire's terms; see {@link CashDesk#transferWithVault}. */
@Serdeable
public record VaultTransfer(long tillId, Direction direction, String amount, String currency, @Nullable String description) {

    /** TO_TILL: from the vault into the till; TO_VAULT: back. */
    public enum Direction { TO_TILL, TO_VAULT }
}
