package corebank.identity.mfa;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecoveryCodesTest {

    private final RecoveryCodes recoveryCodes = new RecoveryCodes();

    @Test
    void generatesTenDistinctGroupedCodesFromTheUnambiguousAlphabet() {
        List<String> codes = recoveryCodes.generate();

        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        assertThat(codes).allSatisfy(code -> assertThat(code).matches("[23456789abcdefghjkmnpqrstuvwxyz]{5}-[23456789abcdefghjkmnpqrstuvwxyz]{5}"));
    }

    @Test
    void alphabetHasNoLookAlikeCharacters() {
        assertThat(RecoveryCodes.ALPHABET).hasSize(31).doesNotContain("0", "1", "o", "l", "i");
        assertThat(RecoveryCodes.ALPHABET.chars().distinct().count()).isEqualTo(31);
    }

    @Test
    void drawsFromTheWholeAlphabet() {
        Map<Character, Integer> counts = new HashMap<>();
        for (int set = 0; set < 100; set++) {
            for (String code : recoveryCodes.generate()) {
                RecoveryCodes.normalize(code).chars().forEach(c -> counts.merge((char) c, 1, Integer::sum));
            }
        }
        // 10,000 draws over 31 symbols: about 323 each; under 200 would mean a biased generator.
        assertThat(counts).hasSize(31);
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isGreaterThan(200));
    }

    @Test
    void normalizesDashesSpacesAndCase() {
        assertThat(RecoveryCodes.normalize(" AB3DE-fGh7K ")).isEqualTo("ab3defgh7k");
        assertThat(RecoveryCodes.normalize("ab3de fgh7k")).isEqualTo("ab3defgh7k");
    }

    @Test
    void matchesTheCodeHoweverItIsTyped() {
        String code = recoveryCodes.generate().get(0);
        String stored = recoveryCodes.hash(code);

        assertThat(recoveryCodes.matches(code, stored)).isTrue();
        assertThat(recoveryCodes.matches(code.toUpperCase().replace("-", " "), stored)).isTrue();
        assertThat(recoveryCodes.matches(code.replace("-", ""), stored)).isTrue();
    }

    @Test
    void refusesAnyOtherCode() {
        List<String> codes = recoveryCodes.generate();
        String stored = recoveryCodes.hash(codes.get(0));

        assertThat(recoveryCodes.matches(codes.get(1), stored)).isFalse();
        assertThat(recoveryCodes.matches(codes.get(0).substring(0, 10), stored)).isFalse();
        assertThat(recoveryCodes.matches("", stored)).isFalse();
    }

    @Test
    void storesOnlyASaltedHash() {
        String code = recoveryCodes.generate().get(0);
        String first = recoveryCodes.hash(code);
        String second = recoveryCodes.hash(code);

        assertThat(first).matches("sha256\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(first).doesNotContain(RecoveryCodes.normalize(code)).isNotEqualTo(second);
        assertThat(recoveryCodes.matches(code, second)).isTrue();
    }

    @Test
    void refusesAStoredValueThatIsNotOurs() {
        assertThatThrownBy(() -> recoveryCodes.matches("abcde-fghjk", "5e884898da28047151d0e56f8dc629")).isInstanceOf(IllegalArgumentException.class);
    }
}
