package corebank.identity.password;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordHasherTest {

    /** From the Argon2 reference implementation (phc-winner-argon2): "password", salt "somesalt", m=64 MiB, t=2, p=1. */
    private static final String REFERENCE_VECTOR = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

    private final PasswordHasher hasher = new PasswordHasher(Argon2Cost.OWASP_MINIMUM, new SecureRandom());

    @Test
    void verifiesTheRightPassword() {
        String encoded = hasher.hash("correct horse battery staple".toCharArray());

        assertThat(hasher.verify("correct horse battery staple".toCharArray(), encoded)).isTrue();
    }

    @Test
    void refusesWrongPassword() {
        String encoded = hasher.hash("correct horse battery staple".toCharArray());

        assertThat(hasher.verify("correct horse battery stapler".toCharArray(), encoded)).isFalse();
        assertThat(hasher.verify("Correct horse battery staple".toCharArray(), encoded)).isFalse();
        assertThat(hasher.verify(new char[0], encoded)).isFalse();
    }

    @Test
    void encodesAsPhcStringWithOwaspParametersA16ByteSaltAndA32ByteHash() {
        String encoded = hasher.hash("correct horse battery staple".toCharArray());

        assertThat(encoded).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        String[] parts = encoded.split("\\$");
        assertThat(Base64.getDecoder().decode(parts[4])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[5])).hasSize(32);
    }

    @Test
    void drawsAFreshSaltForEveryHash() {
        String first = hasher.hash("correct horse battery staple".toCharArray());
        String second = hasher.hash("correct horse battery staple".toCharArray());

        assertThat(first.split("\\$")[4]).isNotEqualTo(second.split("\\$")[4]);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void matchesBouncyCastleComputedDirectlyWithAFixedSalt() {
        byte[] salt = new byte[16];
        Arrays.fill(salt, (byte) 0x5a);
        PasswordHasher fixedSalt = new PasswordHasher(Argon2Cost.OWASP_MINIMUM, fixedBytes(salt));
        String password = "pässwörd 🔑 with spaces"; // non-ASCII: must be hashed as UTF-8 like other implementations

        byte[] expected = new byte[32];
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(19456).withIterations(2).withParallelism(1).withSalt(salt).build());
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), expected);

        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        assertThat(fixedSalt.hash(password.toCharArray()))
                .isEqualTo("$argon2id$v=19$m=19456,t=2,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(expected));
    }

    @Test
    void verifiesTheArgon2ReferenceImplementationVector() {
        assertThat(hasher.verify("password".toCharArray(), REFERENCE_VECTOR)).isTrue();
        assertThat(hasher.verify("passwore".toCharArray(), REFERENCE_VECTOR)).isFalse();
    }

    @Test
    void asksForRehashOnlyWhenStoredParametersAreWeaker() {
        String current = hasher.hash("correct horse battery staple".toCharArray());
        PasswordHasher stronger = new PasswordHasher(new Argon2Cost(19456, 3, 1), new SecureRandom());
        String strongerHash = stronger.hash("correct horse battery staple".toCharArray());

        assertThat(hasher.needsRehash(current)).isFalse();
        assertThat(hasher.needsRehash(strongerHash)).isFalse();
        assertThat(stronger.needsRehash(current)).isTrue();
        assertThat(hasher.needsRehash(current.replace("m=19456", "m=12288"))).isTrue();
        // The reference vector has more memory than ours but only an 8-byte salt.
        assertThat(hasher.needsRehash(REFERENCE_VECTOR)).isTrue();
    }

    @Test
    void refusesToHashBelowOwaspMinimum() {
        assertThatThrownBy(() -> new PasswordHasher(new Argon2Cost(15360, 2, 1), new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher(new Argon2Cost(19456, 1, 1), new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMalformedOrUnboundedStoredHashes() {
        char[] password = "password".toCharArray();
        assertThatThrownBy(() -> hasher.verify(password, REFERENCE_VECTOR.replace("argon2id", "argon2i")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hasher.verify(password, REFERENCE_VECTOR.replace("v=19", "v=16")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hasher.verify(password, REFERENCE_VECTOR.replace("m=65536", "m=4194304")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hasher.verify(password, "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hasher.verify(password, "$argon2id$v=19$m=65536,t=2,p=1$c2$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A SecureRandom that hands out the given bytes, so a salt can be fixed. */
    static SecureRandom fixedBytes(byte[] bytes) {
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] out) {
                System.arraycopy(bytes, 0, out, 0, out.length);
            }
        };
    }
}
