package corebank.ledger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @ParameterizedTest
    @CsvSource({"12.34,EUR,1234", "12,EUR,1200", "0.01,EUR,1", "12.30,EUR,1230", "500,JPY,500", "1.234,BHD,1234",
            "10000000000000.00,EUR,1000000000000000"})
    void parsesDecimalStringsIntoMinorUnits(String text, String currency, long minor) {
        assertThat(Money.parse(text, currency).amountMinor()).isEqualTo(minor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.00", "-1", "1.001", "1,00", "1e3", " 1", "", "10000000000000.01", "NaN", "0x10", "+1"})
    void refusesAmountsThatAreNotPositiveOrTooPreciseOrTooLarge(String text) {
        assertThatThrownBy(() -> Money.parse(text, "EUR")).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code().wire()).isEqualTo("invalid_amount"));
    }

    @Test
    void refusesFractionsOfCurrenciesWithoutMinorUnits() {
        assertThatThrownBy(() -> Money.parse("1.5", "JPY")).hasMessageContaining("JPY has 0 decimal places");
    }

    @Test
    void refusesUnknownCurrencies() {
        assertThatThrownBy(() -> Money.parse("1.00", "ABC")).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code().wire()).isEqualTo("invalid_currency"));
        assertThatThrownBy(() -> Money.parse("1.00", "XXX")).isInstanceOf(LedgerException.class);
    }

    @Test
    void formatsNegativeAndPositiveBalances() {
        assertThat(Money.format(-1234, Currency.getInstance("EUR"))).isEqualTo("-12.34");
        assertThat(Money.format(5, Currency.getInstance("EUR"))).isEqualTo("0.05");
        assertThat(Money.format(5, Currency.getInstance("JPY"))).isEqualTo("5");
    }

    @Test
    void capsKeepEverySumInsideABigint() {
        // the largest sum formed anywhere: debits posted + pending vs credits posted + overdraft limit
        long largest = Math.addExact(Math.addExact(Money.TOTAL_MAX_MINOR, Money.TOTAL_MAX_MINOR), Money.AMOUNT_MAX_MINOR);
        assertThat(largest).isPositive();
    }
}
