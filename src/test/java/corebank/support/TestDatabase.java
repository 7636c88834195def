package corebank.support;

import corebank.platform.EmbeddedDatabase;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * The PostgreSQL that tests run against, one per test JVM, found as DESIGN.md says: an explicit
 * JDBC URL from {@code COREBANK_TEST_JDBC_URL}; else Testcontainers when a Docker engine answers;
 * else an embedded PostgreSQL (real server binaries from Maven Central). Never skipped.
 */
public final class TestDatabase {

    /** username/password: a superuser, for tests that inspect or attack the database directly. */
    public record Coordinates(String url, String username, String password, String source) {
    }

    private static Coordinates coordinates;

    private TestDatabase() {
    }

    public static synchronized Coordinates get() {
        if (coordinates == null) {
            coordinates = start();
            prepareRoles(coordinates);
            System.out.println("tests use PostgreSQL from " + coordinates.source() + ": " + coordinates.url());
        }
        return coordinates;
    }

    /** The engine under test connects as the runtime role and migrates as the owner, like production. */
    public static Map<String, String> micronautProperties() {
        Coordinates c = get();
        return Map.of(
                "datasources.default.url", c.url(),
                "datasources.default.username", EmbeddedDatabase.RUNTIME_ROLE,
                "datasources.default.password", RUNTIME_PASSWORD,
                "datasources.owner.url", c.url(),
                "datasources.owner.username", EmbeddedDatabase.OWNER_ROLE,
                "datasources.owner.password", RUNTIME_PASSWORD,
                "corebank.audit.witness-file", WITNESS_FILE.toString());
    }

    /** The witness file of the engines on this test database (one per JVM, like the database). */
    public static final Path WITNESS_FILE = witnessFile();

    private static Path witnessFile() {
        try {
            Path dir = Files.createTempDirectory("corebank-test-witness");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("checkpoints.note");
            file.toFile().deleteOnExit();
            return file;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Test roles' password: the embedded server trusts loopback; others (Testcontainers) need one. */
    static final String RUNTIME_PASSWORD = "corebank-test";

    /** Creates the owner and runtime roles and hands the schema to the owner, as a DBA would. */
    private static void prepareRoles(Coordinates c) {
        try (Connection connection = DriverManager.getConnection(c.url(), c.username(), c.password());
             java.sql.Statement s = connection.createStatement()) {
            EmbeddedDatabase.createRoles(s);
            s.execute("ALTER ROLE " + EmbeddedDatabase.OWNER_ROLE + " PASSWORD '" + RUNTIME_PASSWORD + "'");
            s.execute("ALTER ROLE " + EmbeddedDatabase.RUNTIME_ROLE + " PASSWORD '" + RUNTIME_PASSWORD + "'");
            s.execute("GRANT ALL ON SCHEMA public TO " + EmbeddedDatabase.OWNER_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the test database's roles (the test user must be able to create roles)", e);
        }
    }

    public static Connection connect() throws SQLException {
        Coordinates c = get();
        return DriverManager.getConnection(c.url(), c.username(), c.password());
    }

    /** A connection as the engine's runtime role, for tests of what the database lets the engine itself do. */
    public static Connection connectAsRuntimeRole() throws SQLException {
        return DriverManager.getConnection(get().url(), EmbeddedDatabase.RUNTIME_ROLE, RUNTIME_PASSWORD);
    }

    /** The one number a counting query answers, its parameters bound as text (cast in the SQL where needed). */
    public static long count(String sql, String... params) throws SQLException {
        try (Connection c = connect(); java.sql.PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (java.sql.ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no row from " + sql);
                }
                return rs.getLong(1);
            }
        }
    }

    private static Coordinates start() {
        String url = System.getenv("COREBANK_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return new Coordinates(url, env("COREBANK_TEST_DB_USER", "corebank"), env("COREBANK_TEST_DB_PASSWORD", ""),
                    "COREBANK_TEST_JDBC_URL");
        }
        if (dockerAnswers()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15-alpine");
            container.start();
            return new Coordinates(container.getJdbcUrl(), container.getUsername(), container.getPassword(), "Testcontainers");
        }
        try {
            Path dir = Files.createTempDirectory("corebank-test-pg");
            // Durability settings off, explicitly: tests check correctness, not crash safety, and run faster.
            EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("pgdata"), 0, EmbeddedDatabase.FAST_UNSAFE);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.close();
                    org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
                } catch (Exception ignored) {
                    // the test JVM is exiting; at worst a temporary directory stays behind
                }
            }));
            return new Coordinates(db.jdbcUrl(), db.username(), "", "embedded PostgreSQL");
        } catch (Exception e) {
            throw new IllegalStateException("no PostgreSQL for the tests: set COREBANK_TEST_JDBC_URL", e);
        }
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
