package corebank.platform;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The default run's database keeps its data across a stop and a start. */
class EmbeddedDatabaseTest {

    @org.junit.jupiter.api.io.TempDir
    Path scratch;

    @Test
    void theRunCommandsServerIsCrashSafeAndTestsOptOutExplicitly() throws Exception {
        String show = "SELECT current_setting('fsync') || '/' || current_setting('synchronous_commit') || '/'"
                + " || current_setting('full_page_writes')";
        try (EmbeddedDatabase run = EmbeddedDatabase.startForRunCommand(scratch.resolve("run"), 0);
             Connection c = DriverManager.getConnection(run.jdbcUrl(), run.username(), "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(show)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("fsync/synchronous_commit/full_page_writes of the run command's server")
                    .isEqualTo("on/on/on");
        }
        try (EmbeddedDatabase fast = EmbeddedDatabase.start(scratch.resolve("fast"), 0, EmbeddedDatabase.FAST_UNSAFE);
             Connection c = DriverManager.getConnection(fast.jdbcUrl(), fast.username(), "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(show)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("off/off/off");
        }
    }

    @Test
    void keepsDataAcrossRestart() throws Exception {
        Path dir = scratch.resolve("pgdata");
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dir, 0, Map.of());
             Connection c = DriverManager.getConnection(first.jdbcUrl(), first.username(), "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE survivor (note text)");
            s.execute("INSERT INTO survivor VALUES ('still here')");
        }
        try (EmbeddedDatabase second = EmbeddedDatabase.start(dir, 0, Map.of());
             Connection c = DriverManager.getConnection(second.jdbcUrl(), second.username(), "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT note FROM survivor")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }
}
