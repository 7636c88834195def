package corebank;

import corebank.audit.AuditAction;
import corebank.platform.ErrorCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error code and every audit action is written once, in its catalogue: the main sources
 * (read as text, comments included) hold each wire string exactly once, in ErrorCode.java or
 * AuditAction.java, and nothing else builds an action name out of pieces.
 */
class CataloguesTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final Path ERROR_CODES = MAIN.resolve("corebank/platform/ErrorCode.java");
    private static final Path AUDIT_ACTIONS = MAIN.resolve("corebank/audit/AuditAction.java");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    private static Map<Path, String> sources;

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            sources = new LinkedHashMap<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.put(p, Files.readString(p));
            }
        }
        assertThat(sources).as("the main sources are found from the project directory").containsKeys(ERROR_CODES, AUDIT_ACTIONS);
    }

    /** Where the quoted string occurs in the main sources, one entry per occurrence. */
    private static List<Path> occurrences(String wire) {
        String quoted = "\"" + wire + "\"";
        return sources.entrySet().stream()
                .flatMap(e -> Stream.generate(e::getKey).limit(count(e.getValue(), quoted)))
                .toList();
    }

    private static long count(String text, String needle) {
        long n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void everyErrorCodeIsWrittenOnceInItsCatalogue() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(occurrences(code.wire())).as("\"%s\" in src/main/java", code.wire()).containsExactly(ERROR_CODES);
        }
    }

    @Test
    void everyAuditActionIsWrittenOnceInItsCatalogue() {
        for (AuditAction action : AuditAction.values()) {
            assertThat(occurrences(action.wire())).as("\"%s\" in src/main/java", action.wire()).containsExactly(AUDIT_ACTIONS);
        }
    }

    @Test
    void noActionNameIsBuiltOutsideTheCatalogue() {
        Set<String> namespaces = Arrays.stream(AuditAction.values()).map(a -> a.wire().substring(0, a.wire().indexOf('.') + 1))
                .collect(Collectors.toSet());
        for (Map.Entry<Path, String> source : sources.entrySet()) {
            if (source.getKey().equals(AUDIT_ACTIONS)) {
                continue;
            }
            Matcher literal = STRING_LITERAL.matcher(source.getValue());
            while (literal.find()) {
                String text = literal.group(1);
                assertThat(namespaces.stream().noneMatch(text::startsWith))
                        .as("%s: \"%s\" looks like (a piece of) an audit action; use AuditAction", source.getKey(), text)
                        .isTrue();
            }
        }
    }

    @Test
    void wireStringsAreDistinctAndNamedAfterTheirConstants() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(code.wire()).matches("[a-z]+(_[a-z]+)*");
            assertThat(code.name()).isEqualTo(code.wire().toUpperCase(Locale.ROOT));
            assertThat(ErrorCode.fromWire(code.wire())).isSameAs(code);
        }
        for (AuditAction action : AuditAction.values()) {
            assertThat(action.wire()).matches("[a-z]+(_[a-z]+)*(\\.[a-z]+([_-][a-z]+)*)+");
            assertThat(action.name()).isEqualTo(action.wire().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        assertThat(Arrays.stream(AuditAction.values()).map(AuditAction::wire).distinct().count())
                .isEqualTo(AuditAction.values().length);
    }

    @Test
    void aCodeThatNoFeatureThrowsCannotBeThrown() {
        for (ErrorCode code : ErrorCode.values()) {
            if (code.kind() == null) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> new corebank.platform.CorebankException(code, "x"))
                        .isInstanceOf(IllegalArgumentException.class);
            } else {
                assertThat(new corebank.platform.CorebankException(code, "x").kind()).isEqualTo(code.kind());
            }
        }
    }
}
