package corebank.ledger;

import corebank.platform.ErrorCode;
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
        assertThat(Money.parse(text, currency, "amount").amountMinor()).isEqualTo(minor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.00", "-1", "1.001", "1,00", "1e3", " 1", "", "10000000000000.01", "NaN", "0x10", "+1"})
    void refusesAmountsThatAreNotPositiveOrTooPreciseOrTooLarge(String text) {
        assertThatThrownBy(() -> Money.parse(text, "EUR", "amount")).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AMOUNT));
    }

    @Test
    void refusesFractionsOfCurrenciesWithoutMinorUnits() {
        assertThatThrownBy(() -> Money.parse("1.5", "JPY", "amount")).hasMessageContaining("JPY has 0 decimal places");
    }

    @Test
    void refusesUnknownCurrencies() {
        assertThatThrownBy(() -> Money.parse("1.00", "ABC", "amount")).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURRENCY));
        assertThatThrownBy(() -> Money.parse("1.00", "XXX", "amount")).isInstanceOf(LedgerException.class);
    }

    @Test
    void namesTheClientsFieldsInRefusals() {
        assertThatThrownBy(() -> Money.parse("1.001", "EUR", "overdraftLimit")).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.field()).isEqualTo("overdraftLimit"));
        assertThatThrownBy(() -> Money.parse("nope", "EURO", "amount")).as("the currency is checked first")
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CURRENCY);
                    assertThat(e.field()).isEqualTo("currency");
                });
    }

    @ParameterizedTest
    @CsvSource({"5,EUR,500", "5.00,EUR,500", "0.5,EUR,50", "5,JPY,5", "0.001,BHD,1"})
    void aDecimalWithoutCurrencyGetsItsMinorUnitsFromTheCurrencyLater(String text, String currency, long minor) {
        assertThat(Money.of(Money.parseDecimal(text, "amount"), Currency.getInstance(currency), "amount"))
                .isEqualTo(new Money(minor, Currency.getInstance(currency)));
    }

    @Test
    void checksTheFormOfADecimalFirstAndItsPrecisionAgainstTheCurrencyThen() {
        assertThatThrownBy(() -> Money.parseDecimal("-5", "amount")).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AMOUNT));
        java.math.BigDecimal cents = Money.parseDecimal("0.05", "amount");
        assertThatThrownBy(() -> Money.of(cents, Currency.getInstance("JPY"), "amount"))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_AMOUNT);
                    assertThat(e.detail()).contains("JPY has 0 decimal places");
                });
        assertThatThrownBy(() -> Money.of(Money.parseDecimal("0.00", "amount"), Currency.getInstance("EUR"), "amount"))
                .hasMessageContaining("greater than zero");
    }

    @Test
    void addsAmountsOfOneCurrencyOnlyAndNeverBeyondTheCap() {
        Currency eur = Currency.getInstance("EUR");
        assertThat(new Money(150, eur).plus(new Money(275, eur))).isEqualTo(new Money(425, eur));
        assertThatThrownBy(() -> new Money(1, eur).plus(new Money(1, Currency.getInstance("USD"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(Money.AMOUNT_MAX_MINOR, eur).plus(new Money(1, eur)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToExistNegativeZeroOrWithoutCurrency() {
        Currency eur = Currency.getInstance("EUR");
        assertThatThrownBy(() -> new Money(0, eur)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(-1, eur)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(1, null)).isInstanceOf(IllegalArgumentException.class);
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
