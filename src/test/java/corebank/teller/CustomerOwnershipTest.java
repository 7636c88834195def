package corebank.teller;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * An account's or a user's owner must be an existing customer, and a customer's KYC status
 * moves only as KycStatus allows: enforced by the database itself (as the engine's runtime role,
 * around the engine), and answered by the API as a clear 4xx problem.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomerOwnershipTest implements DatabaseTest {

    private static final String INSERT_ACCOUNT = """
            INSERT INTO accounts (number, kind, currency, name, owner_ref, debits_must_not_exceed_credits,
                                  credits_must_not_exceed_debits, status, created_at, product)
            SELECT b::text || lpad((98 - (b::numeric * 100 % 97))::int::text, 2, '0'), ?, 'EUR', 'direct', ?, true, false,
                   'ACTIVE', now(), ? FROM nextval('account_number_seq') AS b""";

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    io.micronaut.context.ApplicationContext context;

    Api teller;
    Api admin;

    @BeforeAll
    void setUp() {
        teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        admin = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.ADMIN).accessToken());
    }

    @Test
    void theDatabaseRefusesAnAccountOfAMissingCustomerEvenFromTheRuntimeRole() throws Exception {
        String existing = teller.createCustomer();
        try (Connection c = TestDatabase.connectAsRuntimeRole()) {
            c.setAutoCommit(false);
            assertThat(insertAccount(c, "CUSTOMER_DEPOSIT", existing, "CURRENT")).isEqualTo(1);
            SQLException missing = catchThrowableOfType(() -> insertAccount(c, "CUSTOMER_DEPOSIT",
                    "customer:nobody-" + UUID.randomUUID(), "CURRENT"), SQLException.class);
            assertThat(missing.getSQLState()).isEqualTo("23503");
            c.rollback();
            // a customer deposit needs a customer owner and a product; a bank account needs neither
            SQLException bankOwned = catchThrowableOfType(() -> insertAccount(c, "CUSTOMER_DEPOSIT", "bank:x", "CURRENT"),
                    SQLException.class);
            assertThat(bankOwned.getSQLState()).isEqualTo("23514");
            c.rollback();
            SQLException noProduct = catchThrowableOfType(() -> insertAccount(c, "CUSTOMER_DEPOSIT", existing, null),
                    SQLException.class);
            assertThat(noProduct.getSQLState()).isEqualTo("23514");
            c.rollback();
            assertThat(insertAccount(c, "SUSPENSE", "bank:anything", null)).isEqualTo(1);
            c.rollback();
            // nor may a user sign in as a customer that does not exist
            SQLException user = catchThrowableOfType(() -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE users SET customer_ref = ? WHERE customer_ref = ?")) {
                    s.setString(1, "customer:nobody-" + UUID.randomUUID());
                    s.setString(2, TestUsers.enroll(context, Role.CUSTOMER).customerRef());
                    s.executeUpdate();
                }
            }, SQLException.class);
            assertThat(user.getSQLState()).isEqualTo("23503");
            c.rollback();
        }
    }

    @Test
    void theApiAnswersAnUnknownOwnerWithAProblemAndOpensNothing() throws Exception {
        String ghost = "customer:ghost-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<Map> refused = teller.post("/internal/v1/accounts",
                Map.of("kind", "CUSTOMER_DEPOSIT", "currency", "EUR", "name", "ghost", "ownerRef", ghost));
        assertThat(refused.getStatus().getCode()).isEqualTo(422);
        assertThat(teller.body(refused)).containsEntry("code", "unknown_customer").containsEntry("field", "ownerRef");
        assertThat(TestDatabase.count("SELECT count(*) FROM accounts WHERE owner_ref = ?", ghost)).isZero();

        HttpResponse<Map> bankOwned = teller.post("/internal/v1/accounts",
                Map.of("kind", "CUSTOMER_DEPOSIT", "currency", "EUR", "name", "x", "ownerRef", "bank:x"));
        assertThat(bankOwned.getStatus().getCode()).isEqualTo(400);
        assertThat(teller.body(bankOwned)).containsEntry("field", "ownerRef");
        HttpResponse<Map> productOfBank = teller.post("/internal/v1/accounts",
                Map.of("kind", "SUSPENSE", "currency", "EUR", "name", "x", "ownerRef", "bank:x", "product", "SAVINGS"));
        assertThat(productOfBank.getStatus().getCode()).isEqualTo(400);
        assertThat(teller.body(productOfBank)).containsEntry("field", "product");

        String username = TestUsers.uniqueName("ghostly");
        HttpResponse<Map> user = admin.post("/internal/v1/admin/users", Map.of("username", username, "displayName", "Ghost",
                "roles", List.of("CUSTOMER"), "customerRef", ghost));
        assertThat(user.getStatus().getCode()).isEqualTo(422);
        assertThat(admin.body(user)).containsEntry("code", "unknown_customer").containsEntry("field", "customerRef");
        assertThat(TestDatabase.count("SELECT count(*) FROM users WHERE username = ?", username)).isZero();
    }

    @Test
    void anAccountOpensWithTheProductAskedForOrCurrent() {
        String owner = teller.createCustomer();
        String savings = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", owner, "product", "SAVINGS"));
        String current = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", owner));
        assertThat(teller.body(teller.get("/internal/v1/accounts/" + savings))).containsEntry("product", "SAVINGS");
        assertThat(teller.body(teller.get("/internal/v1/accounts/" + current))).containsEntry("product", "CURRENT");
        String equity = teller.openEquity("EUR");
        assertThat(teller.body(teller.get("/internal/v1/accounts/" + equity))).containsEntry("product", null);
    }

    @Test
    void theDatabaseRefusesEveryKycMoveTheEnumRefuses() throws Exception {
        String ref = teller.createCustomer();
        Map<String, List<String>> allowed = Map.of("PENDING", List.of("VERIFIED", "REJECTED"),
                "VERIFIED", List.of("PENDING"), "REJECTED", List.of("PENDING"));
        try (Connection c = TestDatabase.connectAsRuntimeRole()) {
            c.setAutoCommit(false);
            for (String from : allowed.keySet()) {
                for (String to : allowed.keySet()) {
                    if (from.equals(to)) {
                        continue;
                    }
                    java.sql.Savepoint before = c.setSavepoint();
                    setKyc(c, ref, from, true);
                    SQLException refused = catchThrowableOfType(() -> setKyc(c, ref, to, false), SQLException.class);
                    if (allowed.get(from).contains(to)) {
                        assertThat((Object) refused).as("%s -> %s", from, to).isNull();
                    } else {
                        assertThat((Object) refused).as("%s -> %s", from, to).isNotNull();
                        assertThat(refused.getSQLState()).as("%s -> %s", from, to).isEqualTo("CB004");
                    }
                    c.rollback(before);
                }
            }
            SQLException unknown = catchThrowableOfType(() -> setKyc(c, ref, "MAYBE", false), SQLException.class);
            assertThat(unknown.getSQLState()).isIn("CB004", "23514");
            c.rollback();
        }
    }

    /** Puts the customer in {@code status}; {@code force} gets there by legal moves (as the superuser's setup would). */
    private static void setKyc(Connection c, String ref, String status, boolean force) throws SQLException {
        if (force && !status.equals("PENDING")) {
            setKyc(c, ref, "PENDING", true);
        }
        if (force && status.equals("PENDING")) {
            try (PreparedStatement s = c.prepareStatement("SELECT kyc_status FROM customers WHERE customer_ref = ?")) {
                s.setString(1, ref);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getString(1).equals("PENDING")) {
                        return;
                    }
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE customers SET kyc_status = ? WHERE customer_ref = ?")) {
            s.setString(1, status);
            s.setString(2, ref);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private static int insertAccount(Connection c, String kind, String owner, String product) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT_ACCOUNT)) {
            s.setString(1, kind);
            s.setString(2, owner);
            s.setString(3, product);
            return s.executeUpdate();
        }
    }
}
