package corebank.platform;

import corebank.support.DatabaseTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each way into the database runs at the isolation level its contract names, on every pooled connection. */
@MicronautTest
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class TransactionRunnerTest implements DatabaseTest {

    @Inject
    TransactionRunner runner;

    private static String level(org.jooq.DSLContext sql) {
        return (String) sql.fetchValue("SELECT current_setting('transaction_isolation') || '/' || current_setting('transaction_read_only')");
    }

    @Test
    void writesAreSerializableReadsAreReadOnlySnapshotsAndALoneStatementIsReadCommitted() {
        // more calls than the pool has connections, interleaved, so a level cannot leak from one use to the next
        for (int i = 0; i < 60; i++) {
            assertThat(runner.serializable("probe", TransactionRunnerTest::level)).isEqualTo("serializable/off");
            assertThat(runner.read(TransactionRunnerTest::level)).isEqualTo("repeatable read/on");
            assertThat(runner.repeatableRead("probe", TransactionRunnerTest::level)).isEqualTo("repeatable read/off");
            assertThat(runner.readStatement(TransactionRunnerTest::level)).isEqualTo("read committed/off");
        }
    }

    @Test
    void aRunnerCallInsideAWorkRunsOnAConnectionOfItsOwn() {
        String pid = "SELECT pg_backend_pid()";
        runner.serializable("outer", sql -> {
            Object outer = sql.fetchValue(pid);
            Object serializable = runner.serializable("inner", inner -> inner.fetchValue(pid));
            Object read = runner.read(inner -> inner.fetchValue(pid));
            Object statement = runner.readStatement(inner -> inner.fetchValue(pid));
            assertThat(List.of(serializable, read, statement)).doesNotContain(outer);
            assertThat(sql.fetchValue(pid)).isEqualTo(outer);
            return null;
        });
    }

    @Test
    void aReadCannotWrite() {
        assertThatThrownBy(() -> runner.read(sql -> sql.execute("CREATE TEMP TABLE should_not_exist (x int)")))
                .hasMessageContaining("read-only transaction");
    }
}
