package corebank.ledger;

import corebank.platform.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountNumberTest {

    @Test
    void generatedNumbersCarryValidCheckDigits() {
        for (long base = 1_000_000_000L; base < 1_000_001_000L; base++) {
            String number = AccountNumber.fromSequence(base);
            assertThat(number).hasSize(12).startsWith(Long.toString(base));
            assertThat(AccountNumber.isValid(number)).isTrue();
        }
    }

    @Test
    void detectsEverySingleDigitErrorAndAdjacentSwap() {
        String number = AccountNumber.fromSequence(1_234_567_890L);
        char[] digits = number.toCharArray();
        for (int i = 0; i < digits.length; i++) {
            for (char d = '0'; d <= '9'; d++) {
                if (d == digits[i]) {
                    continue;
                }
                char[] typo = digits.clone();
                typo[i] = d;
                assertThat(AccountNumber.isValid(new String(typo))).as("typo at %d", i).isFalse();
            }
        }
        for (int i = 0; i + 1 < digits.length; i++) {
            if (digits[i] == digits[i + 1]) {
                continue;
            }
            char[] swapped = digits.clone();
            swapped[i] = digits[i + 1];
            swapped[i + 1] = digits[i];
            assertThat(AccountNumber.isValid(new String(swapped))).as("swap at %d", i).isFalse();
        }
    }

    @Test
    void parsesAValidNumberIntoAValue() {
        String text = AccountNumber.fromSequence(1_234_567_890L);
        AccountNumber number = AccountNumber.parse(text, "fromAccount");
        assertThat(number.value()).isEqualTo(text);
        assertThat(number).hasToString(text).isEqualTo(new AccountNumber(text));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "12345", "10000000009a", "123456789012", " 123456789055"})
    void refusesAnInvalidNumberNamingTheClientsField(String text) {
        assertThatThrownBy(() -> AccountNumber.parse(text, "toAccount")).isInstanceOfSatisfying(LedgerException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ACCOUNT_NUMBER);
            assertThat(e.field()).isEqualTo("toAccount");
            assertThat(e.kind()).isEqualTo(LedgerException.Kind.INVALID);
        });
    }

    @Test
    void aNumberTheEngineStoredThatIsInvalidIsABug() {
        assertThatThrownBy(() -> new AccountNumber("123456789012")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccountNumber(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMalformedNumbers() {
        assertThat(AccountNumber.isValid(null)).isFalse();
        assertThat(AccountNumber.isValid("12345")).isFalse();
        assertThat(AccountNumber.isValid("10000000009a")).isFalse();
    }
}
