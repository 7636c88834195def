package corebank.ledger;

import corebank.platform.ErrorCode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntryKindTest {

    @Test
    void parsesTheKindsANameGives() {
        for (EntryKind kind : EntryKind.values()) {
            assertThat(EntryKind.parse(kind.name(), "kind")).isSameAs(kind);
        }
    }

    @Test
    void refusesAnUnknownKindListingTheKnownOnes() {
        assertThatThrownBy(() -> EntryKind.parse("transfer", "kind")).isInstanceOfSatisfying(LedgerException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.field()).isEqualTo("kind");
            assertThat(e.detail()).isEqualTo("kind is one of TRANSFER, HOLD_POSTED, REVERSAL, OPENING_BALANCE");
        });
    }

    @Test
    void namesTheSameKindsAsTheSchemasCheckConstraint() throws Exception {
        String schema = Files.readString(Path.of("db/changes/001-ledger.sql"));
        String table = schema.substring(schema.indexOf("CREATE TABLE journal_entries"));
        Matcher check = Pattern.compile("kind\\s+text\\s+NOT NULL CHECK \\(kind IN \\(([^)]*)\\)\\)").matcher(table);
        assertThat(check.find()).isTrue();
        List<String> inSchema = Arrays.stream(check.group(1).split(",")).map(s -> s.strip().replace("'", "")).toList();
        assertThat(Arrays.stream(EntryKind.values()).map(Enum::name).toList()).containsExactlyElementsOf(inSchema);
    }
}
