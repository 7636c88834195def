package corebank.audit;

import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The log's subject keys (changeset 018): partial unique indexes, not UNIQUE constraints, so that
 * the two NULL subject columns of every row cost no index entry. The rule stays the database's: no
 * event, journal entry or account takes two positions. Run in a transaction that is rolled back.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditLogKeysTest implements DatabaseTest {

    private static final long FAR = 8_000_000_000_000_000L;

    @Test
    void noSubjectTakesTwoPositions() throws SQLException {
        UUID entry = UUID.randomUUID();
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            try {
                insert(c, FAR, -42L, null, null);
                insert(c, FAR + 1, null, entry, null);
                insert(c, FAR + 2, null, null, -43L);
                assertThat(sqlState(() -> insert(c, FAR + 3, -42L, null, null))).as("an event sealed twice").isEqualTo("23505");
                c.rollback();
                insert(c, FAR, null, entry, null);
                assertThat(sqlState(() -> insert(c, FAR + 1, null, entry, null))).as("an entry sealed twice").isEqualTo("23505");
                c.rollback();
                insert(c, FAR, null, null, -43L);
                assertThat(sqlState(() -> insert(c, FAR + 1, null, null, -43L))).as("an account sealed twice").isEqualTo("23505");
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void theIndexesHoldOnlyTheRowsThatNameTheirSubject() throws SQLException {
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM pg_indexes WHERE tablename = 'audit_log' AND indexname IN
                ('audit_log_event_id_key', 'audit_log_entry_id_key', 'audit_log_account_id_key')
                AND indexdef LIKE 'CREATE UNIQUE INDEX%WHERE%IS NOT NULL%'""")).isEqualTo(3);
    }

    private interface Insert {
        void run() throws SQLException;
    }

    private static String sqlState(Insert insert) {
        try {
            insert.run();
            return "none";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    private static void insert(Connection c, long position, Long event, UUID entry, Long account) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_log (position, event_id, entry_id, account_id, event_txid,"
                + " leaf_hash, sealed_at) VALUES (?, ?, ?, ?, 1, ?, now())")) {
            s.setLong(1, position);
            s.setObject(2, event);
            s.setObject(3, entry);
            s.setObject(4, account);
            s.setBytes(5, new byte[32]);
            s.executeUpdate();
        }
    }
}
