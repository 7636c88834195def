package corebank.identity.mfa;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TotpSecretTest {

    private final TotpSecret secrets = new TotpSecret(new Totp(TotpAlgorithm.SHA1, 6, 30), new SecureRandom());

    @Test
    void generatesTwentyRandomBytes() {
        byte[] first = secrets.generate();
        byte[] second = secrets.generate();

        assertThat(first).hasSize(20);
        assertThat(second).hasSize(20);
        assertThat(first).isNotEqualTo(second);
    }

    @ParameterizedTest(name = "\"{0}\" <-> \"{1}\"")
    @CsvSource({"'', ''", "f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB", "foobar, MZXW6YTBOI"})
    void passesRfc4648Base32VectorsWithoutPadding(String text, String base32) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);

        assertThat(TotpSecret.toBase32(bytes)).isEqualTo(base32);
        assertThat(TotpSecret.fromBase32(base32)).isEqualTo(bytes);
    }

    @Test
    void readsBase32InAnyCaseWithSpacesAndPadding() {
        byte[] foobar = "foobar".getBytes(StandardCharsets.US_ASCII);

        assertThat(TotpSecret.fromBase32("mzxw 6ytb oi")).isEqualTo(foobar);
        assertThat(TotpSecret.fromBase32("MZXW6YTBOI======")).isEqualTo(foobar);
    }

    @Test
    void refusesTextOutsideTheBase32Alphabet() {
        assertThatThrownBy(() -> TotpSecret.fromBase32("MZXW1YTBOI")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TotpSecret.fromBase32("MZXW6-YTBOI")).isInstanceOf(IllegalArgumentException.class);
        // "f" is MY; MZ has leftover bits set, so it is not an encoding of anything.
        assertThatThrownBy(() -> TotpSecret.fromBase32("MZ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildsTheOtpauthUri() {
        byte[] secret = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

        assertThat(secrets.otpauthUri("alice@example.com", secret)).isEqualTo(
                "otpauth://totp/Corebank:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                        + "&issuer=Corebank&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void encodesTheAccountSoTheUriStaysValid() {
        String uri = secrets.otpauthUri("Zoë Ünal:a&b?c", secrets.generate());

        assertThat(uri).startsWith("otpauth://totp/Corebank:Zo%C3%AB%20%C3%9Cnal%3Aa%26b%3Fc?secret=");
        assertThat(URI.create(uri).getPath()).isEqualTo("/Corebank:Zoë Ünal:a&b?c");
    }

    @Test
    void carriesTheVerifiersParametersIntoTheUri() {
        TotpSecret sha256 = new TotpSecret(new Totp(TotpAlgorithm.SHA256, 8, 60), new SecureRandom());

        assertThat(sha256.otpauthUri("bob", sha256.generate())).endsWith("&algorithm=SHA256&digits=8&period=60");
    }
}
