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
            assertThat(e.detail()).isEqualTo("kind is one of TRANSFER, HOLD_POSTED, REVERSAL, OPENING_BALANCE, CASH_DEPOSIT, "
                    + "CASH_WITHDRAWAL, TILL_TRANSFER, TILL_DIFFERENCE");
        });
    }

    /** The CHECK as the latest change set defines it: 001's, unless a later one redefines journal_entries_kind_check. */
    @Test
    void namesTheSameKindsAsTheSchemasCheckConstraint() throws Exception {
        String schema = Files.readString(Path.of("db/changes/001-ledger.sql"));
        String table = schema.substring(schema.indexOf("CREATE TABLE journal_entries"));
        Matcher check = Pattern.compile("kind\\s+text\\s+NOT NULL CHECK \\(kind IN \\(([^)]*)\\)\\)").matcher(table);
        assertThat(check.find()).isTrue();
        String kinds = check.group(1);
        Pattern redefined = Pattern.compile("ADD CONSTRAINT journal_entries_kind_check CHECK \\(kind IN \\(([^)]*)\\)\\)");
        String changelog = Files.readString(Path.of("db/changelog.xml"));
        Matcher include = Pattern.compile("file=\"(changes/[^\"]+)\"").matcher(changelog);
        while (include.find()) {
            Matcher later = redefined.matcher(Files.readString(Path.of("db", include.group(1))));
            while (later.find()) {
                kinds = later.group(1);
            }
        }
        List<String> inSchema = Arrays.stream(kinds.split(",")).map(s -> s.strip().replace("'", "")).toList();
        assertThat(Arrays.stream(EntryKind.values()).map(Enum::name).toList()).containsExactlyElementsOf(inSchema);
    }
}
