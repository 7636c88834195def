package corebank.platform;

import corebank.cash.DifferenceStatus;
import corebank.cash.TillDayStatus;
import corebank.identity.user.UserStatus;
import corebank.ledger.AccountStatus;
import corebank.ledger.HoldStatus;
import corebank.payments.BillPaymentStatus;
import corebank.payments.OccurrenceStatus;
import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each state machine's database twin agrees with its enum: as the superuser, going around the
 * engine, every UPDATE of status from every state to every other one is let through exactly when
 * the enum allows the move, and refused by the trigger (SQLSTATE CB004) otherwise. The CHECK on
 * the column lists exactly the enum's states, and a state the enum does not know is refused (by
 * the trigger, or by the CHECK where the trigger lets it by). Everything happens in one
 * transaction that is rolled back: no row is left behind.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StateMachinesDatabaseTest implements DatabaseTest {

    private static final String ILLEGAL_TRANSITION = "CB004";
    private static final String CHECK_VIOLATION = "23514";

    private Connection c;
    private long debitAccountId;
    private long creditAccountId;
    private UUID payeeId;
    private UUID paymentId;

    /** Makes a row in a given state and answers its id. */
    private interface RowInState {
        Object insert(String status) throws SQLException;
    }

    @BeforeEach
    void openTransactionWithPrerequisites() throws SQLException {
        c = TestDatabase.connect();
        c.setAutoCommit(false);
        debitAccountId = (Long) account(AccountStatus.ACTIVE.name());
        creditAccountId = (Long) account(AccountStatus.ACTIVE.name());
        UUID billerId = UUID.randomUUID();
        update("""
                INSERT INTO billers (id, code, name, currency, clearing_account_id, settlement_account_id, creditor_account,
                                     reference_pattern, check_digit, created_at)
                VALUES (?, ?, 'state machines', 'EUR', ?, ?, 'DE89370400440532013000', '.*', 'NONE', now())""",
                billerId, "SM" + Math.abs(billerId.getLeastSignificantBits() % 1_000_000_000L), creditAccountId, debitAccountId);
        payeeId = UUID.randomUUID();
        update("INSERT INTO payees (id, customer_ref, biller_id, reference, nickname, created_at) VALUES (?, 'customer:sm', ?, 'R1', 'n', now())",
                payeeId, billerId);
        paymentId = (UUID) billPayment(BillPaymentStatus.ACTIVE.name());
    }

    @AfterEach
    void rollBack() throws SQLException {
        c.rollback();
        c.close();
    }

    @Test
    void accountMovesAgreeWithAccountStatus() throws SQLException {
        assertAgrees("accounts", AccountStatus.values(), this::account, "UPDATE accounts SET status = ? WHERE id = ?");
    }

    @Test
    void holdMovesAgreeWithHoldStatus() throws SQLException {
        assertAgrees("holds", HoldStatus.values(), this::hold, """
                UPDATE holds SET status = ?, entry_id = CASE WHEN ?::text = 'POSTED' THEN gen_random_uuid() END
                 WHERE id = ?""", true);
    }

    @Test
    void billPaymentMovesAgreeWithBillPaymentStatus() throws SQLException {
        assertAgrees("bill_payments", BillPaymentStatus.values(), this::billPayment, """
                UPDATE bill_payments SET status = ?, next_due_date = CASE WHEN ?::text = 'ACTIVE' THEN current_date END
                 WHERE id = ?""", true);
    }

    @Test
    void occurrenceMovesAgreeWithOccurrenceStatus() throws SQLException {
        assertAgrees("payment_occurrences", OccurrenceStatus.values(), this::occurrence, """
                UPDATE payment_occurrences SET status = ?, entry_id = CASE WHEN ?::text = 'SUCCEEDED' THEN gen_random_uuid() END
                 WHERE id = ?""", true);
    }

    @Test
    void userMovesAgreeWithUserStatus() throws SQLException {
        assertAgrees("users", UserStatus.values(), this::user, "UPDATE users SET status = ? WHERE id = ?");
    }

    @Test
    void approvalMovesAgreeWithApprovalStatus() throws SQLException {
        assertAgrees("approval_requests", corebank.approvals.ApprovalStatus.values(), this::approval,
                "UPDATE approval_requests SET status = ? WHERE id = ?");
    }

    @Test
    void tillDayMovesAgreeWithTillDayStatus() throws SQLException {
        long till = till();
        assertAgrees("till_days", TillDayStatus.values(), status -> tillDay(till, status), """
                UPDATE till_days SET status = v.st, closed_at = CASE WHEN v.st = 'CLOSED' THEN now() END,
                       closed_by = CASE WHEN v.st = 'CLOSED' THEN 'test' END,
                       closing_counted_minor = CASE WHEN v.st = 'CLOSED' THEN 0 END,
                       closing_expected_minor = CASE WHEN v.st = 'CLOSED' THEN 0 END
                  FROM (SELECT ?::text AS st, ?::text AS same) v WHERE id = ?""", true);
    }

    @Test
    void tillDifferenceMovesAgreeWithDifferenceStatus() throws SQLException {
        long day = (Long) tillDay(till(), TillDayStatus.CLOSED.name());
        java.util.concurrent.atomic.AtomicInteger stage = new java.util.concurrent.atomic.AtomicInteger();
        assertAgrees("till_differences", DifferenceStatus.values(), status -> tillDifference(day,
                stage.getAndIncrement() == 0 ? "OPENING" : "CLOSING", status), """
                WITH e AS (INSERT INTO journal_entries (id, kind, actor, created_at)
                           VALUES (gen_random_uuid(), 'TILL_DIFFERENCE', 'test', now()) RETURNING id)
                UPDATE till_differences SET status = v.st, entry_id = CASE WHEN v.st = 'POSTED' THEN (SELECT id FROM e) END,
                       posted_by = CASE WHEN v.st = 'POSTED' THEN 'checker' END
                  FROM (SELECT ?::text AS st, ?::text AS same) v
                 WHERE till_differences.id = ?""", true);
    }

    @Test
    void aRowThatStaysInItsStateIsNotRefused() throws SQLException {
        Object payment = billPayment(BillPaymentStatus.ACTIVE.name());
        assertThat(update("UPDATE bill_payments SET status = 'ACTIVE', amount_minor = 999 WHERE id = ?", payment)).isEqualTo(1);
        Object account = account(AccountStatus.CLOSED.name());
        assertThat(update("UPDATE accounts SET status = 'CLOSED', name = 'renamed' WHERE id = ?", account)).isEqualTo(1);
    }

    private <S extends Enum<S> & Lifecycle<S>> void assertAgrees(String table, S[] states, RowInState rows, String updateStatus)
            throws SQLException {
        assertAgrees(table, states, rows, updateStatus, false);
    }

    /**
     * Every ordered pair of distinct states, and an unknown state, against the database.
     * {@code statusTwice}: the UPDATE binds the new status twice (for columns that must agree with it).
     */
    private <S extends Enum<S> & Lifecycle<S>> void assertAgrees(String table, S[] states, RowInState rows, String updateStatus,
                                                                 boolean statusTwice) throws SQLException {
        assertThat(checkedStates(table)).as("the CHECK on %s.status", table)
                .isEqualTo(Arrays.stream(states).map(Enum::name).collect(Collectors.toSet()));
        SoftAssertions softly = new SoftAssertions();
        int refused = 0;
        for (S from : states) {
            Object id = rows.insert(from.name());
            for (S to : states) {
                if (to == from) {
                    continue;
                }
                String outcome = tryUpdate(updateStatus, statusTwice, to.name(), id);
                softly.assertThat(outcome).as("%s: UPDATE status %s -> %s", table, from, to)
                        .isEqualTo(from.canMoveTo(to) ? "updated" : ILLEGAL_TRANSITION);
                refused += from.canMoveTo(to) ? 0 : 1;
            }
            softly.assertThat(tryUpdate(updateStatus, statusTwice, "BOGUS", id)).as("%s: UPDATE status %s -> BOGUS", table, from)
                    .isIn(CHECK_VIOLATION, ILLEGAL_TRANSITION);
        }
        softly.assertAll();
        if (table.equals("users")) {
            assertThat(refused).as("ACTIVE <-> DISABLED refuses no move between its states").isZero();
        } else {
            assertThat(refused).as("%s has illegal moves to refuse", table).isPositive();
        }
    }

    /** "updated", or the SQLSTATE the database refused the UPDATE with; the row is as before either way. */
    private String tryUpdate(String sql, boolean statusTwice, String status, Object id) throws SQLException {
        Savepoint before = c.setSavepoint();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setString(i++, status);
            if (statusTwice) {
                s.setString(i++, status);
            }
            s.setObject(i, id);
            assertThat(s.executeUpdate()).isEqualTo(1);
            return "updated";
        } catch (SQLException e) {
            return e.getSQLState();
        } finally {
            c.rollback(before);
        }
    }

    /** The values the CHECK constraint on the table's status column allows. */
    private Set<String> checkedStates(String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT pg_get_constraintdef(oid) FROM pg_constraint
                 WHERE conrelid = ?::regclass AND contype = 'c' AND conname = ? """)) {
            s.setString(1, table);
            s.setString(2, table + "_status_check");
            ResultSet rs = s.executeQuery();
            assertThat(rs.next()).as("%s has a CHECK on status", table).isTrue();
            Matcher quoted = Pattern.compile("'([A-Z_]+)'").matcher(rs.getString(1));
            Set<String> values = new java.util.HashSet<>();
            while (quoted.find()) {
                values.add(quoted.group(1));
            }
            return values;
        }
    }

    // ---- rows in a given state, inserted directly (a trigger guards moves, not inserts) -------

    private Object account(String status) throws SQLException {
        String number = "S" + (10_000_000_000L + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 89_999_999_999L));
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO accounts (number, kind, currency, name, debits_must_not_exceed_credits, credits_must_not_exceed_debits,
                                      status, created_at)
                VALUES (?, 'SUSPENSE', 'EUR', 'state machines', false, false, ?, now()) RETURNING id""")) {
            s.setString(1, number);
            s.setString(2, status);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private Object hold(String status) throws SQLException {
        UUID id = UUID.randomUUID();
        update("""
                INSERT INTO holds (id, debit_account_id, credit_account_id, currency, amount_minor, status, expires_at, created_at,
                                   entry_id, actor)
                VALUES (?, ?, ?, 'EUR', 100, ?, now() + interval '1 hour', now(),
                        CASE WHEN ?::text = 'POSTED' THEN gen_random_uuid() END, 'test')""",
                id, debitAccountId, creditAccountId, status, status);
        return id;
    }

    private Object billPayment(String status) throws SQLException {
        UUID id = UUID.randomUUID();
        update("""
                INSERT INTO bill_payments (id, customer_ref, payee_id, from_account, amount_minor, currency, frequency, start_date,
                                           next_due_date, status, idempotency_key, request_hash, created_at, updated_at)
                VALUES (?, 'customer:sm', ?, 'X', 100, 'EUR', 'ONCE', current_date,
                        CASE WHEN ?::text = 'ACTIVE' THEN current_date END, ?, ?, 'h', now(), now())""",
                id, payeeId, status, status, id.toString());
        return id;
    }

    private Object occurrence(String status) throws SQLException {
        UUID id = UUID.randomUUID();
        update("""
                INSERT INTO payment_occurrences (id, payment_id, sequence, due_date, amount_minor, currency, status, entry_id, claimed_at)
                VALUES (?, ?, (SELECT coalesce(max(sequence), 0) + 1 FROM payment_occurrences WHERE payment_id = ?), current_date, 100,
                        'EUR', ?, CASE WHEN ?::text = 'SUCCEEDED' THEN gen_random_uuid() END, now())""",
                id, paymentId, paymentId, status, status);
        return id;
    }

    private Object approval(String status) throws SQLException {
        UUID id = UUID.randomUUID();
        update("""
                INSERT INTO approval_requests (id, operation, parameters, subject, maker, maker_role, request_hash, reason,
                                               checker_role, created_at, expires_at, status)
                VALUES (?, 'reversal', '{}'::jsonb, 'x', 'user:sm', 'TELLER', 'h', 'r', 'SUPERVISOR', now(),
                        now() + interval '1 day', ?)""", id, status);
        return id;
    }

    /** A till (with its teller, currency set-up and accounts) for the cash desk's tables. */
    private long till() throws SQLException {
        UUID teller = (UUID) user("ACTIVE");
        String vault = numberOf((Long) account("ACTIVE"));
        String overShort = numberOf((Long) account("ACTIVE"));
        String tillAccount = numberOf((Long) account("ACTIVE"));
        update("INSERT INTO cash_currencies (currency, vault_account, over_short_account, created_at) VALUES ('SMX', ?, ?, now())",
                vault, overShort);
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO tills (teller_user_id, teller_username, currency, account, created_at)
                VALUES (?, 'sm', 'SMX', ?, now()) RETURNING id""")) {
            s.setObject(1, teller);
            s.setString(2, tillAccount);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private Object tillDay(long till, String status) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO till_days (till_id, status, opened_at, opened_by, opening_counted_minor, opening_expected_minor,
                                       closed_at, closed_by, closing_counted_minor, closing_expected_minor)
                VALUES (?, ?, now(), 'test', 0, 0, CASE WHEN ?::text = 'CLOSED' THEN now() END,
                        CASE WHEN ?::text = 'CLOSED' THEN 'test' END, CASE WHEN ?::text = 'CLOSED' THEN 0 END,
                        CASE WHEN ?::text = 'CLOSED' THEN 0 END) RETURNING id""")) {
            s.setLong(1, till);
            for (int i = 2; i <= 6; i++) {
                s.setString(i, status);
            }
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private Object tillDifference(long day, String stage, String status) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                WITH e AS (INSERT INTO journal_entries (id, kind, actor, created_at)
                           SELECT gen_random_uuid(), 'TILL_DIFFERENCE', 'test', now() WHERE ?::text = 'POSTED' RETURNING id)
                INSERT INTO till_differences (till_day_id, stage, amount_minor, note, status, recorded_by, recorded_at, entry_id, posted_by)
                VALUES (?, ?, -100, 'short', ?, 'maker', now(), (SELECT id FROM e),
                        CASE WHEN ?::text = 'POSTED' THEN 'checker' END) RETURNING id""")) {
            s.setString(1, status);
            s.setLong(2, day);
            s.setString(3, stage);
            s.setString(4, status);
            s.setString(5, status);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private String numberOf(long accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT number FROM accounts WHERE id = ?")) {
            s.setLong(1, accountId);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }

    private Object user(String status) throws SQLException {
        UUID id = UUID.randomUUID();
        update("INSERT INTO users (id, username, display_name, roles, status, created_at) VALUES (?, ?, 'sm', ARRAY['TELLER'], ?, now())",
                id, "sm-" + id.toString().substring(0, 8), status);
        return id;
    }

    private int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        }
    }
}
