package corebank.identity.mfa;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TotpTest {

    private static final byte[] SHA1_SECRET = ascii("12345678901234567890");
    private static final byte[] SHA256_SECRET = ascii("12345678901234567890123456789012");
    private static final byte[] SHA512_SECRET = ascii("1234567890123456789012345678901234567890123456789012345678901234");

    private final Totp totp = new Totp(TotpAlgorithm.SHA1, 6, 30);

    @ParameterizedTest(name = "{1} at {0}")
    @CsvSource({
            "59, SHA1, 94287082", "59, SHA256, 46119246", "59, SHA512, 90693936",
            "1111111109, SHA1, 07081804", "1111111109, SHA256, 68084774", "1111111109, SHA512, 25091201",
            "1111111111, SHA1, 14050471", "1111111111, SHA256, 67062674", "1111111111, SHA512, 99943326",
            "1234567890, SHA1, 89005924", "1234567890, SHA256, 91819424", "1234567890, SHA512, 93441116",
            "2000000000, SHA1, 69279037", "2000000000, SHA256, 90698825", "2000000000, SHA512, 38618901",
            "20000000000, SHA1, 65353130", "20000000000, SHA256, 77737706", "20000000000, SHA512, 47863826",
    })
    void passesRfc6238AppendixBVectors(long unixSeconds, TotpAlgorithm algorithm, String expected) {
        Totp eightDigits = new Totp(algorithm, 8, 30);
        byte[] secret = switch (algorithm) {
            case SHA1 -> SHA1_SECRET;
            case SHA256 -> SHA256_SECRET;
            case SHA512 -> SHA512_SECRET;
        };

        assertThat(eightDigits.code(secret, unixSeconds)).isEqualTo(expected);
        assertThat(eightDigits.matchingStep(secret, expected, unixSeconds, 0)).hasValue(unixSeconds / 30);
    }

    @Test
    void passesRfc4226AppendixDHotpVectors() {
        String[] expected = {"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"};
        for (int counter = 0; counter < expected.length; counter++) {
            assertThat(totp.hotp(SHA1_SECRET, counter)).as("counter %d", counter).isEqualTo(expected[counter]);
            assertThat(totp.code(SHA1_SECRET, counter * 30L + 29)).isEqualTo(expected[counter]);
        }
    }

    @Test
    void acceptsTheNeighbouringStepsWithSkewOneAndNotTwoStepsAway() {
        long now = 1_111_111_111L;
        long step = totp.step(now);

        assertThat(totp.matchingStep(SHA1_SECRET, totp.code(SHA1_SECRET, now), now, 1)).hasValue(step);
        assertThat(totp.matchingStep(SHA1_SECRET, totp.code(SHA1_SECRET, now - 30), now, 1)).hasValue(step - 1);
        assertThat(totp.matchingStep(SHA1_SECRET, totp.code(SHA1_SECRET, now + 30), now, 1)).hasValue(step + 1);
        assertThat(totp.matchingStep(SHA1_SECRET, totp.code(SHA1_SECRET, now - 60), now, 1)).isEmpty();
        assertThat(totp.matchingStep(SHA1_SECRET, totp.code(SHA1_SECRET, now + 60), now, 1)).isEmpty();
        assertThat(totp.matchingStep(SHA1_SECRET, totp.code(SHA1_SECRET, now + 60), now, 2)).hasValue(step + 2);
    }

    @Test
    void acceptsOnlyTheCurrentStepWithoutSkew() {
        long now = 1_234_567_890L;

        assertThat(totp.matchingStep(SHA1_SECRET, totp.code(SHA1_SECRET, now), now, 0)).hasValue(totp.step(now));
        assertThat(totp.matchingStep(SHA1_SECRET, totp.code(SHA1_SECRET, now - 30), now, 0)).isEmpty();
    }

    @Test
    void refusesCodesFromAnotherSecret() {
        long now = 1_234_567_890L;
        byte[] other = ascii("abcdefghijabcdefghij");

        assertThat(totp.matchingStep(SHA1_SECRET, totp.code(other, now), now, 1)).isEmpty();
    }

    @Test
    void refusesMalformedCodesWithoutThrowing() {
        long now = 1_234_567_890L;
        String good = totp.code(SHA1_SECRET, now);

        assertThat(totp.matchingStep(SHA1_SECRET, good, now, 1)).isPresent();
        for (String bad : new String[] {null, "", good.substring(1), good + "0", " " + good, good.substring(0, 5) + "a", "１２３４５６"}) {
            assertThat(totp.matchingStep(SHA1_SECRET, bad, now, 1)).as("code %s", bad).isEqualTo(OptionalLong.empty());
        }
    }

    @Test
    void rejectsBadConfigurationAndArguments() {
        assertThatThrownBy(() -> new Totp(TotpAlgorithm.SHA1, 7, 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Totp(TotpAlgorithm.SHA1, 6, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> totp.matchingStep(SHA1_SECRET, "123456", 59, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> totp.matchingStep(SHA1_SECRET, "123456", 59, Totp.SKEW_STEPS_MAX + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> totp.code(new byte[0], 59)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> totp.code(SHA1_SECRET, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
