package corebank.payments;

import corebank.audit.AuditContext;
import corebank.ledger.Account;
import corebank.ledger.AccountKind;
import corebank.ledger.Ledger;
import corebank.payments.PayeeRepository.BillerRef;
import corebank.payments.PayeeRepository.PayeeRow;
import corebank.payments.PaymentsModel.Biller;
import corebank.platform.TransactionRunner;
import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The payments repositories inside the engine's SERIALIZABLE transactions: a repository called in
 * a {@link TransactionRunner} work runs on that work's connection, so it sees what the work wrote
 * and is committed, rolled back and re-run with it. Checked from a connection of the test's own.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentsRepositoriesTest implements DatabaseTest {

    private static final AuditContext SETUP = AuditContext.system("repositories-test");

    @Inject
    TransactionRunner runner;
    @Inject
    PayeeRepository payees;
    @Inject
    Billers billers;
    @Inject
    Ledger ledger;

    Biller biller;

    @BeforeAll
    void setUp() {
        Account settlement = ledger.openAccount(new Ledger.NewAccount(AccountKind.SETTLEMENT, "EUR", "settlement",
                "bank:repositories", null, null, null), SETUP);
        String code = "R" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000);
        biller = billers.register(code, "Repository biller", "EUR", settlement.number(), "DE89370400440532013000",
                "[0-9]{4,20}", "NONE", SETUP);
    }

    @Test
    void aRegisteredBillerIsReadBackWithItsAccountNumbers() {
        assertThat(billers.byCode(biller.code())).isEqualTo(biller);
        assertThat(biller.clearingAccount()).matches("[0-9]{12}");
        assertThat(billers.list()).contains(biller);
    }

    @Test
    void aPayeeSavedInAWorkIsSeenByThatWorkAndRolledBackWithIt() {
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> runner.serializable("repository-probe", sql -> {
            payees.save(payee(id));
            // the repository and the work's jOOQ context share the transaction: both see the uncommitted row
            assertThat(payees.findById(id)).isPresent();
            assertThat(sql.fetchValue("SELECT count(*) FROM payees WHERE id = ?", id)).isEqualTo(1L);
            assertThat(committedPayees(id)).isZero();
            throw new IllegalStateException("the work fails after the insert");
        })).hasMessage("the work fails after the insert");

        assertThat(committedPayees(id)).isZero();
        assertThat(payees.findById(id)).isEmpty();
    }

    @Test
    void aWorkReRunAfterASerializationFailureSavesItsPayeeExactlyOnce() {
        UUID id = UUID.randomUUID();
        AtomicInteger attempts = new AtomicInteger();
        runner.serializable("repository-retry", sql -> {
            // the same id on every attempt: a row left over from the first would be a duplicate key
            payees.save(payee(id));
            if (attempts.incrementAndGet() == 1) {
                throw new SQLException("simulated serialization failure", "40001");
            }
            return null;
        });

        assertThat(attempts).hasValue(2);
        assertThat(committedPayees(id)).isEqualTo(1);
        assertThat(payees.findById(id).map(PayeeRow::toModel)).hasValueSatisfying(p -> {
            assertThat(p.billerCode()).isEqualTo(biller.code());
            assertThat(p.nickname()).isEqualTo("Rent");
        });
    }

    private PayeeRow payee(UUID id) {
        return new PayeeRow(id, "customer:repositories", BillerRef.of(biller), id.toString().replaceAll("[^0-9]", "") + "0000",
                "Rent", Instant.now(), null);
    }

    private static int committedPayees(UUID id) {
        try (Connection c = TestDatabase.connect();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM payees WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
