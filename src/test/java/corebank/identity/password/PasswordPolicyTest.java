package corebank.identity.password;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy();

    private List<String> codes(String password, String username, String email) {
        return policy.check(password.toCharArray(), username, email).stream().map(PolicyViolation::code).toList();
    }

    @Test
    void acceptsALongUncommonPassphraseWithoutCompositionRules() {
        assertThat(codes("purple elephants sing at dawn", "alice", "alice@example.com")).isEmpty();
        assertThat(codes("alllowercaseletters", "alice", null)).isEmpty();
    }

    @Test
    void refusesPasswordsShorterThanTwelveCharacters() {
        assertThat(codes("kx7#mq2!vz9", "alice", null)).containsExactly(PasswordPolicy.TOO_SHORT);
        assertThat(codes("kx7#mq2!vz9p", "alice", null)).isEmpty();
    }

    @Test
    void countsUnicodeCodePointsNotUtf16Units() {
        String elevenEmoji = "🔑".repeat(11); // 22 UTF-16 units, 11 characters
        String twelveEmoji = "🔑".repeat(12);

        assertThat(codes(elevenEmoji, "alice", null)).containsExactly(PasswordPolicy.TOO_SHORT);
        assertThat(codes(twelveEmoji, "alice", null)).isEmpty();
        assertThat(codes("🔑".repeat(128), "alice", null)).isEmpty(); // 256 UTF-16 units, still 128 characters
    }

    @Test
    void refusesPasswordsLongerThan128Characters() {
        assertThat(codes("x7".repeat(64), "alice", null)).isEmpty();
        assertThat(codes("x7".repeat(64) + "q", "alice", null)).containsExactly(PasswordPolicy.TOO_LONG);
    }

    @Test
    void refusesCommonPasswordsWhateverTheirCase() {
        assertThat(codes("password1234", "alice", null)).containsExactly(PasswordPolicy.COMMON);
        assertThat(codes("PassWord1234", "alice", null)).containsExactly(PasswordPolicy.COMMON);
        assertThat(codes("QWERTYUIOPASDFGHJKL", "alice", null)).containsExactly(PasswordPolicy.COMMON);
        assertThat(codes("1q2w3e4r5t6y", "alice", null)).containsExactly(PasswordPolicy.COMMON);
    }

    @Test
    void shipsAtLeastAThousandLowerCaseCommonPasswords() throws Exception {
        assertThat(policy.commonPasswordCount()).isGreaterThanOrEqualTo(1000);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                PasswordPolicy.class.getResourceAsStream(PasswordPolicy.COMMON_PASSWORDS_RESOURCE), StandardCharsets.UTF_8))) {
            List<String> lines = reader.lines().toList();
            assertThat(lines.get(0)).startsWith("#");
            assertThat(lines).contains("123456", "password", "qwerty123", "iloveyou");
            assertThat(lines.stream().filter(line -> !line.startsWith("#")))
                    .allSatisfy(line -> assertThat(line).isEqualTo(line.toLowerCase(Locale.ROOT)).isNotBlank());
        }
    }

    @Test
    void refusesPasswordsContainingTheUsername() {
        assertThat(codes("my-Alice.Smith-secret-2024", "alice.smith", null)).containsExactly(PasswordPolicy.CONTAINS_USERNAME);
    }

    @Test
    void refusesPasswordsContainingTheEmailOrItsLocalPart() {
        assertThat(codes("bob.jones@example.org!!", "bjones77", "Bob.Jones@example.org"))
                .containsExactly(PasswordPolicy.CONTAINS_USERNAME);
        assertThat(codes("hello bob.jones, my friend", "bjones77", "bob.jones@example.org"))
                .containsExactly(PasswordPolicy.CONTAINS_USERNAME);
    }

    @Test
    void ignoresUsernamesTooShortToMeanAnything() {
        assertThat(codes("always a calm morning", "al", null)).isEmpty();
        assertThat(codes("always a calm morning", "alw", null)).containsExactly(PasswordPolicy.CONTAINS_USERNAME);
    }

    @Test
    void reportsEveryRuleBrokenWithAMessage() {
        List<PolicyViolation> violations = policy.check("qwerty".toCharArray(), "qwerty", null);

        assertThat(violations).extracting(PolicyViolation::code)
                .containsExactlyInAnyOrder(PasswordPolicy.TOO_SHORT, PasswordPolicy.COMMON, PasswordPolicy.CONTAINS_USERNAME);
        assertThat(violations).allSatisfy(v -> assertThat(v.message()).isNotBlank().doesNotContain("qwerty"));
    }
}
