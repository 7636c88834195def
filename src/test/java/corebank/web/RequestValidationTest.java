package corebank.web;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Bean Validation constraints of every HTTP edge (customer, teller, admin, auth, auditor):
 * a request that breaks one is answered 400 problem+json {@code validation_failed} naming the
 * field, with the constraint's detail (so it is the constraint that answered, before the
 * feature), and nothing is written or audited. The same request with the field put right is
 * accepted, where a case shows that.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestValidationTest implements DatabaseTest {

    /** Tables the engine writes on a request (the audit log's sealed copies are the sequencer's, not a request's). */
    private static final List<String> TABLES = List.of("journal_entries", "postings", "holds", "accounts", "idempotency_keys",
            "users", "sessions", "login_challenges", "billers", "payees", "bill_payments");

    @Override
    public Map<String, String> extraProperties() {
        // no background job writes while a case compares counts
        return Map.of("corebank.payments.scheduler-initial-delay", "1h", "corebank.payments.settlement-initial-delay", "1h");
    }

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    Validator validator;

    Api teller;
    Api supervisor;
    Api admin;
    Api auditor;
    Api customer;
    Api anonymous;
    String customerAccount;
    String otherAccount;
    String settlementAccount;
    String billerCode;

    @BeforeAll
    void setUp() {
        teller = api(Role.TELLER);
        supervisor = api(Role.SUPERVISOR);
        admin = api(Role.ADMIN);
        auditor = api(Role.AUDITOR);
        anonymous = new Api(client.toBlocking());
        TestUsers.Session session = TestUsers.loginAs(context, client.toBlocking(), Role.CUSTOMER);
        customer = new Api(client.toBlocking(), session.accessToken());
        String equity = teller.openEquity("EUR");
        customerAccount = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", session.customerRef()));
        otherAccount = teller.openCustomer("EUR");
        teller.fund(equity, customerAccount, "100.00", "EUR");
        settlementAccount = teller.openAccount("SETTLEMENT", "EUR", Map.of("ownerRef", "bank:validation"));
        billerCode = "V" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000);
        assertThat(teller.post("/internal/v1/billers", biller(Map.of())).getStatus().getCode()).isEqualTo(201);
    }

    private Api api(Role role) {
        return new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), role).accessToken());
    }

    // ---- customer --------------------------------------------------------------------------------

    @Test
    void customerPayeeWithoutNickname() {
        Map<String, Object> payee = Map.of("billerCode", billerCode, "reference", "79927398713", "nickname", "");
        refused(customer, post("/api/v1/payees", payee), "nickname", "nickname: required");
        assertThat(customer.post("/api/v1/payees", with(payee, "nickname", "Power")).getStatus().getCode()).isEqualTo(201);
    }

    @Test
    void customerTransferWithTooLongDescription() {
        Map<String, Object> transfer = Map.of("fromAccount", customerAccount, "toAccount", otherAccount, "amount", "1.00",
                "currency", "EUR", "description", "x".repeat(501));
        refused(customer, idempotent("/api/v1/transfers", transfer), "description", "description: at most 500 characters");
        assertThat(customer.postIdempotent("/api/v1/transfers", with(transfer, "description", "x".repeat(500)))
                .getStatus().getCode()).isEqualTo(201);
    }

    @Test
    void customerBillPaymentWithoutPayeeOrFrequencyNamesTheFirstFieldOfTheRecord() {
        Map<String, Object> payment = new HashMap<>(Map.of("fromAccount", customerAccount, "amount", "1.00", "currency", "EUR"));
        refused(customer, idempotent("/api/v1/bill-payments", payment), "payeeId", "payeeId: required");
        payment.put("payeeId", UUID.randomUUID().toString());
        payment.put("dayOfMonth", 32);
        refused(customer, idempotent("/api/v1/bill-payments", payment), "frequency", "frequency: is ONCE, WEEKLY or MONTHLY");
        payment.put("frequency", "MONTHLY");
        refused(customer, idempotent("/api/v1/bill-payments", payment), "dayOfMonth", "dayOfMonth: 1 to 31");
    }

    // ---- teller ----------------------------------------------------------------------------------

    @Test
    void tellerTransferWithAControlCharacterInTheDescription() {
        refused(teller, idempotent("/internal/v1/transfers", Map.of("debitAccount", customerAccount, "creditAccount", otherAccount,
                "amount", "1.00", "currency", "EUR", "description", "line\nbreak")), "description", "description: no control characters");
    }

    @Test
    void tellerBatchWithoutTransfers() {
        refused(teller, post("/internal/v1/transfers/batch", Map.of("transfers", List.of())), "transfers",
                "transfers: a batch carries at least one transfer");
    }

    @Test
    void tellerAccountWithBlankNameAndOwner() {
        Map<String, Object> account = Map.of("kind", "CUSTOMER_DEPOSIT", "currency", "EUR", "name", " ", "ownerRef", " \t");
        refused(teller, post("/internal/v1/accounts", account), "name", "name: required");
        refused(teller, post("/internal/v1/accounts", with(account, "name", "Savings")), "ownerRef",
                "ownerRef: not blank, without control characters");
    }

    @Test
    void tellerHoldWithAZeroTimeout() {
        refused(teller, idempotent("/internal/v1/holds", Map.of("debitAccount", customerAccount, "creditAccount", otherAccount,
                "amount", "1.00", "currency", "EUR", "timeoutSeconds", 0)), "timeoutSeconds", "timeoutSeconds: at least 1");
    }

    @Test
    void supervisorReversalWithoutReason() {
        refused(supervisor, idempotent("/internal/v1/entries/" + UUID.randomUUID() + "/reversal", Map.of("reason", "")),
                "reason", "reason: required");
    }

    @Test
    void tellerBillerWithBadCodeAndCheckDigit() {
        refused(teller, post("/internal/v1/billers", biller(Map.of("code", "ab", "checkDigit", "LUHN"))), "code",
                "code: 3 to 16 of A-Z and 0-9");
        refused(teller, post("/internal/v1/billers", biller(Map.of("code", "VALID01", "checkDigit", "LUHN"))), "checkDigit",
                "checkDigit: NONE, MOD10 or MOD97");
    }

    // ---- admin -----------------------------------------------------------------------------------

    @Test
    void adminUserWithoutRolesOrWithABadCustomerRef() {
        Map<String, Object> user = Map.of("username", TestUsers.uniqueName("valid"), "displayName", "Val Id", "roles", List.of());
        refused(admin, post("/internal/v1/admin/users", user), "roles", "roles: at least one role is required");
        refused(admin, post("/internal/v1/admin/users", with(with(user, "roles", List.of("CUSTOMER")), "customerRef", "cust-1")),
                "customerRef", "customerRef: looks like customer:<id>");
        refused(admin, HttpRequest.PUT("/internal/v1/admin/users/nobody/roles", Map.of("roles", List.of())), "roles",
                "roles: at least one role is required");
    }

    // ---- auth ------------------------------------------------------------------------------------

    @Test
    void emptyLoginFormNamesTheUsernameFirst() {
        refused(anonymous, post("/api/v1/auth/login", Map.of("username", "", "password", "")), "username", "username: required");
        refused(anonymous, post("/api/v1/auth/login", Map.of("username", "somebody", "password", "")), "password", "password: required");
        refused(anonymous, post("/api/v1/auth/second-factor", Map.of("challengeId", " ", "code", "123456")), "challengeId",
                "challengeId: required");
        refused(anonymous, post("/api/v1/auth/enrollment", Map.of("enrollmentToken", "", "password", TestUsers.PASSWORD)),
                "enrollmentToken", "enrollmentToken: required");
    }

    // ---- auditor ---------------------------------------------------------------------------------

    @Test
    void auditorQueriesWithOutOfRangeValuesAreNotEvenRead() {
        refused(auditor, HttpRequest.GET("/audit/v1/events?limit=0"), "limit", "limit: 1 to 500");
        refused(auditor, HttpRequest.GET("/audit/v1/events?limit=501"), "limit", "limit: 1 to 500");
        refused(auditor, HttpRequest.GET("/audit/v1/journal?limit=0"), "limit", "limit: at least 1");
        refused(auditor, HttpRequest.GET("/audit/v1/proofs/inclusion?position=-1&treeSize=1"), "position", "position: at least 0");
        assertThat(auditor.get("/audit/v1/events?limit=500").getStatus().getCode()).isEqualTo(200);
    }

    // ---- the handler on the validator's own violations -------------------------------------------

    @Introspected
    record Item(@NotBlank(message = "required") String name, @Positive(message = "at least 1") Integer count) {
    }

    @Introspected
    record Batch(@Valid List<Item> items, @NotBlank(message = "required") String label) {
    }

    @Test
    void nestedFieldsAreNamedByTheirPathAndTheFirstInRecordOrderAnswersWhateverOrderTheValidatorReports() {
        List<ConstraintViolation<Batch>> violations = new ArrayList<>(validator.validate(
                new Batch(List.of(new Item("ok", 1), new Item(" ", 0)), "")));
        assertThat(violations.stream().map(v -> ConstraintViolationHandler.field(v.getPropertyPath())).sorted())
                .containsExactly("items[1].count", "items[1].name", "label");
        for (int rotation = 0; rotation < violations.size(); rotation++) {
            Collections.rotate(violations, 1);
            ConstraintViolationHandler.Violation first = ConstraintViolationHandler.first(
                    new ConstraintViolationException(new LinkedHashSet<>(violations)));
            assertThat(first.field()).isEqualTo("items[1].count");
            assertThat(first.detail()).isEqualTo("items[1].count: at least 1");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Map<String, Object> biller(Map<String, Object> changes) {
        Map<String, Object> body = new HashMap<>(Map.of("code", billerCode, "name", "Power Co", "currency", "EUR",
                "settlementAccount", settlementAccount, "creditorAccount", "DE89370400440532013000",
                "referencePattern", "[0-9]{11}", "checkDigit", "MOD10"));
        body.putAll(changes);
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    private static MutableHttpRequest<?> post(String path, Object body) {
        return HttpRequest.POST(path, body);
    }

    private static MutableHttpRequest<?> idempotent(String path, Object body) {
        return HttpRequest.POST(path, body).header("Idempotency-Key", UUID.randomUUID().toString());
    }

    /** Sends the request and checks the problem, and that it left no row and no audit event behind. */
    private void refused(Api api, MutableHttpRequest<?> request, String field, String detail) {
        Map<String, Long> before = counts();
        HttpResponse<Map> response = api.exchange(request);
        Map problem = api.body(response);

        assertThat(response.getStatus().getCode()).as("%s", problem).isEqualTo(400);
        assertThat(response.getContentType().map(MediaType::toString)).contains(ProblemDetail.MEDIA_TYPE);
        assertThat(problem).containsEntry("code", "validation_failed").containsEntry("field", field)
                .containsEntry("detail", detail).containsEntry("type", "urn:corebank:problem:validation_failed")
                .containsEntry("status", 400);
        assertThat((String) problem.get("requestId")).isNotBlank();
        assertThat(counts()).isEqualTo(before);
        assertThat(auditEventsOf((String) problem.get("requestId"))).isZero();
    }

    private static Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
            // the system's own jobs may audit at any time; a request's events carry its actor
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_events WHERE actor NOT LIKE 'system:%'")) {
                rs.next();
                counts.put("audit_events", rs.getLong(1));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    private static long auditEventsOf(String requestId) {
        try (Connection c = TestDatabase.connect();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM audit_events WHERE request_id = ?")) {
            s.setString(1, requestId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
