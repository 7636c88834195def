package corebank.platform;

import corebank.jooq.Public;
import corebank.support.DatabaseTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.jooq.Field;
import org.jooq.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jOOQ classes the build generates (corebank.jooq) describe exactly the schema that the
 * engine's own migration produced in the test database: every table, column and nullability.
 * Stale generated classes (db/ changed, generation skipped) fail here rather than in production.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedSchemaTest implements DatabaseTest {

    @Inject
    TransactionRunner runner;

    @Test
    void generatedClassesMatchTheMigratedSchema() {
        Map<String, String> migrated = runner.readStatement(sql -> sql.fetch("""
                        SELECT table_name, column_name, is_nullable FROM information_schema.columns
                         WHERE table_schema = 'public' AND table_name NOT LIKE 'databasechangelog%'
                        """))
                .stream().collect(Collectors.toMap(
                        r -> r.get("table_name", String.class) + "." + r.get("column_name", String.class),
                        r -> "YES".equals(r.get("is_nullable", String.class)) ? "null" : "not null",
                        (a, b) -> a, TreeMap::new));

        Map<String, String> generated = new TreeMap<>();
        for (Table<?> table : Public.PUBLIC.getTables()) {
            for (Field<?> field : table.fields()) {
                generated.put(table.getName() + "." + field.getName(), field.getDataType().nullable() ? "null" : "not null");
            }
        }

        assertThat(generated).as("columns of the generated classes vs the migrated database")
                .containsKeys("audit_events.occurred_at", "journal_entries.created_at", "postings.balance_after_minor")
                .isEqualTo(migrated);
    }
}
