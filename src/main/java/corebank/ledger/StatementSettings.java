package corebank.ledger;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The bank's details printed on account statements; the defaults are written once, in
 * {@code application.yml} ({@code corebank.statements}).
 *
 * @param bankName    the bank's name
 * @param bankAddress the bank's postal address, on one line
 */
@ConfigurationProperties("corebank.statements")
public record StatementSettings(String bankName, String bankAddress) {
    public StatementSettings {
        if (bankName == null || bankName.isBlank() || bankAddress == null || bankAddress.isBlank()) {
            throw new IllegalArgumentException("corebank.statements: bank-name and bank-address are required");
        }
    }
}
