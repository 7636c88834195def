package corebank.demo;

import corebank.customers.Customer;
import corebank.customers.Customers;
import corebank.customers.KycStatus;
import corebank.ledger.Account;
import corebank.ledger.AccountProduct;
import corebank.ledger.Ledger;
import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo bank's customers are complete, VERIFIED records linked to their accounts (with
 * products) and logins; seeding again changes nothing.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoCustomersTest implements DatabaseTest {

    @Override
    public Map<String, String> extraProperties() {
        try {
            return Map.of("corebank.demo.enabled", "true",
                    "corebank.data-directory", Files.createTempDirectory("corebank-demo-test").toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Inject
    Customers customers;
    @Inject
    Ledger ledger;
    @Inject
    DemoCustomers demo;

    @Test
    void aliceBobAndCarolAreVerifiedCustomersWithTheirAccountsAndLogins() throws Exception {
        for (String who : List.of("alice", "bob", "carol")) {
            Customer customer = customers.byRef("customer:" + who).orElseThrow();
            assertThat(customer.kycStatus()).as(who).isEqualTo(KycStatus.VERIFIED);
            assertThat(customer.birthDate()).as(who).isNotNull();
            assertThat(customer.address().city()).as(who).isNotBlank();
            assertThat(customer.document().number()).as(who).isNotBlank();
            assertThat(customer.document().expired()).as(who).isFalse();
            List<Account> accounts = ledger.accountsOwnedBy("customer:" + who);
            assertThat(accounts).as(who).isNotEmpty().allSatisfy(a -> assertThat(a.product()).isNotNull());
            assertThat(TestDatabase.count("SELECT count(*) FROM users WHERE username = ? AND customer_ref = ?", who,
                    "customer:" + who)).isEqualTo(1);
        }
        assertThat(ledger.accountsOwnedBy("customer:alice")).extracting(Account::product)
                .contains(AccountProduct.CURRENT, AccountProduct.SAVINGS);
        assertThat(customers.byRef("customer:carol").orElseThrow().legalName()).isEqualTo("Carol Exämple-Núñez");

        long events = TestDatabase.count("SELECT count(*) FROM audit_events WHERE action LIKE 'customers.%'");
        demo.seed(corebank.audit.AuditContext.system("demo-seed"));
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action LIKE 'customers.%'")).isEqualTo(events);
    }
}
