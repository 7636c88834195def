package corebank.customers;

import corebank.support.TestDatabase;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upgrade of a live database: a schema migrated up to the changeset before 011 holds accounts
 * and a login with made-up customer references (and a customer deposit with no owner at all);
 * 011 turns every reference into a migrated, PENDING customer, gives the orphan deposit an owner
 * of its own and the deposits a product, and only then adds the foreign keys.
 */
class CustomersMigrationTest {

    @TempDir
    Path before;

    @Test
    void migratesEveryExistingCustomerReferenceIntoARecord() throws Exception {
        String name = "upgrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = TestDatabase.connect(); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String url = TestDatabase.get().url().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        try {
            writeChangelogBefore011();
            migrate(url, before);
            try (Connection c = connect(url); Statement s = c.createStatement()) {
                s.execute("""
                        INSERT INTO accounts (number, kind, currency, name, owner_ref, debits_must_not_exceed_credits,
                                              credits_must_not_exceed_debits, status, created_at) VALUES
                          ('100000000190', 'CUSTOMER_DEPOSIT', 'EUR', 'legacy a', 'customer:legacy-a', true, false, 'ACTIVE', now()),
                          ('100000000287', 'CUSTOMER_DEPOSIT', 'EUR', 'legacy a 2', 'customer:legacy-a', true, false, 'ACTIVE', now()),
                          ('100000000384', 'CUSTOMER_DEPOSIT', 'EUR', 'no owner', NULL, true, false, 'ACTIVE', now()),
                          ('100000000481', 'EQUITY', 'EUR', 'equity', 'bank:legacy', false, false, 'ACTIVE', now())""");
                s.execute("""
                        INSERT INTO users (id, username, display_name, roles, customer_ref, status, created_at)
                        VALUES (gen_random_uuid(), 'legacy-b', 'Legacy B', ARRAY['CUSTOMER'], 'customer:legacy-b', 'ACTIVE', now())""");
            }
            migrate(url, Path.of("db"));
            try (Connection c = connect(url); Statement s = c.createStatement()) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT customer_ref, legal_name, kyc_status, risk_rating, migrated, number "
                        + "FROM customers ORDER BY customer_ref")) {
                    while (rs.next()) {
                        assertThat(CustomerNumber.isValid(rs.getString(6))).as(rs.getString(6)).isTrue();
                        rows.add(String.join(" ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5)));
                    }
                }
                assertThat(rows).containsExactly(
                        "customer:legacy-a legacy-a PENDING HIGH t",
                        "customer:legacy-b legacy-b PENDING HIGH t",
                        "customer:unassigned-100000000384 unassigned-100000000384 PENDING HIGH t");
                List<String> accounts = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT number, owner_ref, customer_ref, product FROM accounts ORDER BY number")) {
                    while (rs.next()) {
                        accounts.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
                    }
                }
                assertThat(accounts).containsExactly(
                        "100000000190 customer:legacy-a customer:legacy-a CURRENT",
                        "100000000287 customer:legacy-a customer:legacy-a CURRENT",
                        "100000000384 customer:unassigned-100000000384 customer:unassigned-100000000384 CURRENT",
                        "100000000481 bank:legacy null null");
                // and from now on the database refuses a made-up reference
                java.sql.SQLException refused = org.assertj.core.api.Assertions.catchThrowableOfType(() -> s.execute(
                        "UPDATE users SET customer_ref = 'customer:nobody' WHERE username = 'legacy-b'"), java.sql.SQLException.class);
                assertThat(refused.getSQLState()).isEqualTo("23503");
            }
        } finally {
            try (Connection admin = TestDatabase.connect(); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    /** db/ as it was before 011: the changelog up to the line before 011, with the same change files. */
    private void writeChangelogBefore011() throws Exception {
        List<String> kept = new ArrayList<>();
        boolean dropping = false;
        for (String line : Files.readAllLines(Path.of("db", "changelog.xml"))) {
            dropping |= line.contains("011-customers");
            if (!dropping || line.contains("</databaseChangeLog>")) {
                kept.add(line);
            }
        }
        Files.write(before.resolve("changelog.xml"), kept);
        Path changes = Files.createDirectories(before.resolve("changes"));
        try (var files = Files.list(Path.of("db", "changes"))) {
            for (Path f : files.toList()) {
                Files.copy(f, changes.resolve(f.getFileName()));
            }
        }
    }

    private static void migrate(String url, Path directory) throws Exception {
        Connection c = connect(url);
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
        try (Liquibase liquibase = new Liquibase("changelog.xml", new DirectoryResourceAccessor(directory), database)) {
            liquibase.update("");
        }
    }

    private static Connection connect(String url) throws Exception {
        TestDatabase.Coordinates coordinates = TestDatabase.get();
        return DriverManager.getConnection(url, coordinates.username(), coordinates.password());
    }
}
