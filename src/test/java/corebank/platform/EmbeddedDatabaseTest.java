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
