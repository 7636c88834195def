package corebank.identity.mfa;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    private static final byte[] KEY = randomBytes(32);
    private static final byte[] TOTP_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    private final SecretBox box = new SecretBox(KEY);

    @Test
    void opensWhatItSealedForTheSameUser() {
        String sealed = box.seal(TOTP_SECRET, "user-42");

        assertThat(sealed).startsWith("v1:");
        assertThat(Base64.getDecoder().decode(sealed.substring(3))).hasSize(12 + TOTP_SECRET.length + 16);
        assertThat(box.open(sealed, "user-42")).isEqualTo(TOTP_SECRET);
        assertThat(new SecretBox(KEY.clone()).open(sealed, "user-42")).isEqualTo(TOTP_SECRET);
    }

    @Test
    void sealsWithAFreshNonceEachTime() {
        String first = box.seal(TOTP_SECRET, "user-42");
        String second = box.seal(TOTP_SECRET, "user-42");

        assertThat(first).isNotEqualTo(second);
        byte[] firstNonce = Arrays.copyOf(Base64.getDecoder().decode(first.substring(3)), 12);
        byte[] secondNonce = Arrays.copyOf(Base64.getDecoder().decode(second.substring(3)), 12);
        assertThat(firstNonce).isNotEqualTo(secondNonce);
        assertThat(box.open(first, "user-42")).isEqualTo(box.open(second, "user-42"));
    }

    @Test
    void refusesAnyAlteredByte() {
        byte[] sealed = Base64.getDecoder().decode(box.seal(TOTP_SECRET, "user-42").substring(3));
        // Every byte: nonce, ciphertext and tag.
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            String text = "v1:" + Base64.getEncoder().encodeToString(tampered);
            assertThatThrownBy(() -> box.open(text, "user-42")).as("byte %d", i).isInstanceOf(SecretBoxException.class);
        }
    }

    @Test
    void refusesACiphertextMovedToAnotherUser() {
        String sealed = box.seal(TOTP_SECRET, "user-42");

        assertThatThrownBy(() -> box.open(sealed, "user-43")).isInstanceOf(SecretBoxException.class);
        assertThatThrownBy(() -> box.open(sealed, "")).isInstanceOf(SecretBoxException.class);
    }

    @Test
    void refusesAnotherKey() {
        String sealed = box.seal(TOTP_SECRET, "user-42");

        assertThatThrownBy(() -> new SecretBox(randomBytes(32)).open(sealed, "user-42")).isInstanceOf(SecretBoxException.class);
    }

    @Test
    void refusesTextThatIsNotASealedSecret() {
        String sealed = box.seal(TOTP_SECRET, "user-42");

        assertThatThrownBy(() -> box.open(sealed.substring(3), "user-42")).isInstanceOf(SecretBoxException.class);
        assertThatThrownBy(() -> box.open("v2:" + sealed.substring(3), "user-42")).isInstanceOf(SecretBoxException.class);
        assertThatThrownBy(() -> box.open("v1:not*base64", "user-42")).isInstanceOf(SecretBoxException.class);
        assertThatThrownBy(() -> box.open("v1:AAAA", "user-42")).isInstanceOf(SecretBoxException.class);
        assertThatThrownBy(() -> box.open(sealed.substring(0, 30), "user-42")).isInstanceOf(SecretBoxException.class);
    }

    @Test
    void acceptsOnlyA256BitKey() {
        assertThatThrownBy(() -> new SecretBox(randomBytes(16))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecretBox(randomBytes(33))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecretBox(null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
