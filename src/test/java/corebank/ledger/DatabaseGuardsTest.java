package corebank.ledger;

import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database itself, not only the Java code, refuses what would corrupt the ledger. Each test
 * goes around the engine with plain SQL as the table owner.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseGuardsTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    io.micronaut.context.ApplicationContext context;

    Api api;
    String equity;
    String customer;
    long equityId;
    long customerId;
    UUID entryId;

    @BeforeAll
    void setUp() throws SQLException {
        api = new Api(client.toBlocking(), corebank.support.TestUsers.loginAs(context, client.toBlocking(), corebank.identity.user.Role.TELLER).accessToken());
        equity = api.openEquity("EUR");
        customer = api.openCustomer("EUR");
        HttpResponse<Map> funded = api.transfer(equity, customer, "10.00", "EUR");
        entryId = UUID.fromString((String) api.body(funded).get("id"));
        equityId = idOf(equity);
        customerId = idOf(customer);
    }

    private long idOf(String number) throws SQLException {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement("SELECT id FROM accounts WHERE number = ?")) {
            s.setString(1, number);
            var rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private String newEntry() throws SQLException {
        String id = UUID.randomUUID().toString();
        sql("INSERT INTO journal_entries (id, kind, actor, created_at) VALUES ('" + id + "', 'TRANSFER', 'test', now())");
        return id;
    }

    @Test
    void refusesUnbalancedEntry() throws SQLException {
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            String id = UUID.randomUUID().toString();
            s.execute("INSERT INTO journal_entries (id, kind, actor, created_at) VALUES ('" + id + "', 'TRANSFER', 'test', now())");
            assertThatThrownBy(() -> s.execute("""
                    INSERT INTO postings (entry_id, posting_index, account_id, side, amount_minor, currency, account_seq, balance_after_minor, created_at)
                    VALUES ('%s', 0, %d, 'D', 100, 'EUR', 100000, 0, now()), ('%s', 1, %d, 'C', 99, 'EUR', 100000, 0, now())
                    """.formatted(id, equityId, id, customerId)))
                    .isInstanceOf(SQLException.class).hasMessageContaining("unbalanced journal entry");
            c.rollback();
        }
    }

    @Test
    void refusesSinglePostingEntry() throws SQLException {
        String id = newEntry();
        assertThatThrownBy(() -> sql("""
                INSERT INTO postings (entry_id, posting_index, account_id, side, amount_minor, currency, account_seq, balance_after_minor, created_at)
                VALUES ('%s', 0, %d, 'D', 0 + 100, 'EUR', 100001, 0, now())""".formatted(id, equityId)))
                .isInstanceOf(SQLException.class).hasMessageContaining("unbalanced");
    }

    @Test
    void refusesPostingInAnotherCurrencyThanItsAccount() throws SQLException {
        String id = newEntry();
        assertThatThrownBy(() -> sql("""
                INSERT INTO postings (entry_id, posting_index, account_id, side, amount_minor, currency, account_seq, balance_after_minor, created_at)
                VALUES ('%s', 0, %d, 'D', 100, 'USD', 100002, 0, now()), ('%s', 1, %d, 'C', 100, 'USD', 100002, 0, now())
                """.formatted(id, equityId, id, customerId)))
                .isInstanceOf(SQLException.class).hasMessageContaining("currency");
    }

    @Test
    void refusesPostingToAnUnknownAccount() throws SQLException {
        String id = newEntry();
        assertThatThrownBy(() -> sql("""
                INSERT INTO postings (entry_id, posting_index, account_id, side, amount_minor, currency, account_seq, balance_after_minor, created_at)
                VALUES ('%s', 0, %d, 'D', 100, 'EUR', 100003, 0, now()), ('%s', 1, 999999999, 'C', 100, 'EUR', 1, 100, now())
                """.formatted(id, equityId, id)))
                .isInstanceOf(SQLException.class).hasMessageContaining("unknown account 999999999");
    }

    @Test
    void refusesDeletingAccounts() {
        assertThatThrownBy(() -> sql("DELETE FROM accounts WHERE id = " + customerId)).hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql("TRUNCATE accounts CASCADE")).hasMessageContaining("append-only");
    }

    @Test
    void refusesUpdateAndDeleteOfEntriesAndPostings() {
        assertThatThrownBy(() -> sql("UPDATE journal_entries SET description = 'x' WHERE id = '" + entryId + "'"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql("DELETE FROM journal_entries WHERE id = '" + entryId + "'"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql("UPDATE postings SET amount_minor = 1 WHERE entry_id = '" + entryId + "'"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql("DELETE FROM postings WHERE entry_id = '" + entryId + "'"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql("TRUNCATE postings")).hasMessageContaining("append-only");
        assertThatThrownBy(() -> sql("TRUNCATE journal_entries CASCADE")).hasMessageContaining("append-only");
        assertThat(api.balances(customer).get("balance")).isEqualTo("10.00");
    }

    @Test
    void refusesOverdraftOfNoOverdraftAccount() {
        assertThatThrownBy(() -> sql("UPDATE accounts SET debits_posted = credits_posted + 1 WHERE id = " + customerId))
                .hasMessageContaining("accounts_debit_limit");
    }

    @Test
    void refusesMovementOnFrozenAccount() throws SQLException {
        String frozen = api.openCustomer("EUR");
        api.post("/internal/v1/accounts/" + frozen + "/freeze", Map.of());
        assertThatThrownBy(() -> sql("UPDATE accounts SET credits_posted = credits_posted + 1 WHERE number = '" + frozen + "'"))
                .hasMessageContaining("FROZEN");
    }

    @Test
    void refusesAuditEventChanges() {
        assertThatThrownBy(() -> sql("UPDATE audit_events SET actor = 'x'")).hasMessageContaining("insert-only");
        assertThatThrownBy(() -> sql("DELETE FROM audit_events")).hasMessageContaining("insert-only");
        assertThatThrownBy(() -> sql("TRUNCATE audit_events")).hasMessageContaining("insert-only");
    }

    @Test
    void refusesReopeningAResolvedHold() {
        Map hold = api.body(api.postIdempotent("/internal/v1/holds", Map.of("debitAccount", customer, "creditAccount", equity,
                "amount", "1.00", "currency", "EUR")));
        String holdId = (String) hold.get("id");
        api.postIdempotent("/internal/v1/holds/" + holdId + "/void", Map.of());
        assertThatThrownBy(() -> sql("UPDATE holds SET status = 'PENDING' WHERE id = '" + holdId + "'"))
                .hasMessageContaining("cannot move");
        assertThatThrownBy(() -> sql("DELETE FROM holds WHERE id = '" + holdId + "'"))
                .hasMessageContaining("never deleted");
    }
}
