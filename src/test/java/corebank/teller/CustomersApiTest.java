package corebank.teller;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestCustomers;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Customer records through the teller API: create, read, edit (audited), KYC moves, search and paging, validation. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomersApiTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    io.micronaut.context.ApplicationContext context;
    @Inject
    JsonMapper json;

    Api teller;

    @BeforeAll
    void setUp() {
        teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
    }

    @Test
    @SuppressWarnings("unchecked")
    void createsACustomerWithANumberAndReadsItBack() throws Exception {
        Map<String, Object> body = TestCustomers.body("Zoë Łukasz");
        HttpResponse<Map> created = teller.post("/internal/v1/customers", body);
        assertThat(created.getStatus().getCode()).isEqualTo(201);
        Map<String, Object> customer = teller.body(created);
        String number = (String) customer.get("number");
        assertThat(number).matches("C[0-9]{9}");
        assertThat(customer).containsEntry("customerRef", "customer:" + number.toLowerCase())
                .containsEntry("legalName", "Zoë Łukasz").containsEntry("birthDate", "1985-04-12")
                .containsEntry("kycStatus", "PENDING").containsEntry("riskRating", "LOW").containsEntry("migrated", false)
                .containsEntry("phone", "+4930123456").containsEntry("email", "test@example.org");
        assertThat((Map<String, Object>) customer.get("address")).containsEntry("city", "Berlin").containsEntry("country", "DE")
                .containsEntry("lines", List.of("Teststrasse 1"));
        assertThat((Map<String, Object>) customer.get("document")).containsEntry("type", "PASSPORT")
                .containsEntry("expired", false).containsEntry("expiresOn", "2034-01-31");
        assertThat(teller.body(teller.get("/internal/v1/customers/" + number))).isEqualTo(customer);
        assertThat(auditDetails("customers.customer.create", number)).hasSize(1)
                .allSatisfy(d -> assertThat(d).doesNotContainKey("legalName").containsEntry("kycStatus", "PENDING"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anEditChangesOnlyTheFieldsItCarriesAndIsAuditedWithBeforeAndAfter() throws Exception {
        String number = create("Edith Before");
        HttpResponse<Map> edited = patch(number, Map.of("legalName", "Edith After",
                "address", Map.of("city", "Hamburg", "postcode", "20095"), "riskRating", "HIGH"));
        assertThat(edited.getStatus().getCode()).isEqualTo(200);
        Map<String, Object> customer = teller.body(edited);
        assertThat(customer).containsEntry("legalName", "Edith After").containsEntry("riskRating", "HIGH")
                .containsEntry("email", "test@example.org");
        assertThat((Map<String, Object>) customer.get("address")).containsEntry("city", "Hamburg")
                .containsEntry("postcode", "20095").containsEntry("lines", List.of("Teststrasse 1"));

        List<Map<String, Object>> events = auditDetails("customers.customer.edit", number);
        assertThat(events).hasSize(1);
        Map<String, Object> changes = (Map<String, Object>) events.get(0).get("changes");
        assertThat(changes).containsOnlyKeys("legalName", "address.city", "address.postcode", "riskRating");
        assertThat((Map<String, Object>) changes.get("legalName")).containsEntry("before", "Edith Before")
                .containsEntry("after", "Edith After");
        assertThat((Map<String, Object>) changes.get("address.city")).containsEntry("before", "Berlin")
                .containsEntry("after", "Hamburg");
        assertThat((Map<String, Object>) changes.get("riskRating")).containsEntry("before", "LOW").containsEntry("after", "HIGH");

        // the same values again change nothing and audit nothing
        assertThat(patch(number, Map.of("legalName", "Edith After")).getStatus().getCode()).isEqualTo(200);
        assertThat(auditDetails("customers.customer.edit", number)).hasSize(1);
    }

    @Test
    void kycMovesFollowTheStateMachineAndVerificationNeedsAnUnexpiredDocument() throws Exception {
        String number = create("Kyc Person");
        HttpResponse<Map> verified = patch(number, Map.of("kycStatus", "VERIFIED"));
        assertThat(verified.getStatus().getCode()).isEqualTo(200);
        assertThat(teller.body(verified)).containsEntry("kycStatus", "VERIFIED");

        HttpResponse<Map> illegal = patch(number, Map.of("kycStatus", "REJECTED", "legalName", "Not Saved"));
        assertThat(illegal.getStatus().getCode()).isEqualTo(409);
        assertThat(teller.body(illegal)).containsEntry("code", "invalid_state_transition").containsEntry("field", "kycStatus");
        assertThat(teller.body(teller.get("/internal/v1/customers/" + number)))
                .containsEntry("kycStatus", "VERIFIED").containsEntry("legalName", "Kyc Person");

        assertThat(teller.body(patch(number, Map.of("kycStatus", "PENDING")))).containsEntry("kycStatus", "PENDING");
        assertThat(teller.body(patch(number, Map.of("kycStatus", "REJECTED")))).containsEntry("kycStatus", "REJECTED");
        HttpResponse<Map> rejectedToVerified = patch(number, Map.of("kycStatus", "VERIFIED"));
        assertThat(rejectedToVerified.getStatus().getCode()).isEqualTo(409);

        // an expired document may be recorded (flagged), but not verified
        String expired = create("Old Passport");
        HttpResponse<Map> recorded = patch(expired, Map.of("document", Map.of("expiresOn", "2020-01-31")));
        assertThat(recorded.getStatus().getCode()).isEqualTo(200);
        assertThat(teller.body(recorded).get("document")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("expired", true);
        HttpResponse<Map> refused = patch(expired, Map.of("kycStatus", "VERIFIED"));
        assertThat(refused.getStatus().getCode()).isEqualTo(422);
        assertThat(teller.body(refused)).containsEntry("code", "customer_incomplete").containsEntry("field", "document.expiresOn");
        assertThat(teller.body(teller.get("/internal/v1/customers/" + expired))).containsEntry("kycStatus", "PENDING");
    }

    /** A field set to a bad value, and the field a refusal must name. */
    record Bad(String field, Object value, String reported) {
        @Override
        public String toString() {
            return field + " = " + value;
        }
    }

    static Arguments bad(String field, Object value, String reported) {
        return Arguments.of(new Bad(field, value, reported));
    }

    static Stream<Arguments> badFields() {
        String tomorrow = LocalDate.now().plusDays(2).toString();
        return Stream.of(
                bad("legalName", " ", "legalName"),
                bad("legalName", "a\u0007b", "legalName"),
                bad("birthDate", tomorrow, "birthDate"),
                bad("birthDate", "1985-13-01", "birthDate"),
                bad("birthDate", "1850-01-01", "birthDate"),
                bad("email", "not-an-address", "email"),
                bad("phone", "030 123456", "phone"),
                bad("riskRating", "EXTREME", "riskRating"),
                bad("kycStatus", "VERIFIED", "kycStatus"),
                bad("address", Map.of("lines", List.of(), "postcode", "10115", "city", "Berlin", "country", "DE"), "address.lines"),
                bad("address", Map.of("lines", List.of("x"), "postcode", "10115", "city", "Berlin", "country", "XX"), "address.country"),
                bad("address", Map.of("lines", List.of("x"), "postcode", "10115", "city", "Berlin", "country", "de"), "address.country"),
                bad("address", Map.of("lines", List.of("x"), "postcode", "$$", "city", "Berlin", "country", "DE"), "address.postcode"),
                bad("address", Map.of("lines", List.of("x"), "postcode", "10115", "country", "DE"), "address.city"),
                bad("document", Map.of("type", "LIBRARY_CARD", "number", "AB12345", "country", "DE", "expiresOn", "2030-01-01"), "document.type"),
                bad("document", Map.of("type", "PASSPORT", "number", "A!", "country", "DE", "expiresOn", "2030-01-01"), "document.number"),
                bad("document", Map.of("type", "PASSPORT", "number", "AB12345", "country", "DE", "expiresOn", "someday"), "document.expiresOn"),
                bad("document", null, "document.type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFields")
    void refusesEachBadFieldByNameAndCreatesNothing(Bad bad) throws Exception {
        String field = bad.field();
        Object value = bad.value();
        String reported = bad.reported();
        String name = "Invalid " + UUID.randomUUID();
        Map<String, Object> body = new HashMap<>(TestCustomers.body(name));
        body.put(field, value);
        HttpResponse<Map> refused = teller.post("/internal/v1/customers", body);
        assertThat(refused.getStatus().getCode()).isEqualTo(400);
        assertThat(refused.getContentType().orElseThrow().toString()).startsWith("application/problem+json");
        assertThat(teller.body(refused)).containsEntry("code", "validation_failed").containsEntry("field", reported);
        // the refusal does not repeat the value (it is logged)
        if (value instanceof String s && !s.isBlank()) {
            assertThat((String) teller.body(refused).get("detail")).doesNotContain(s);
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM customers WHERE legal_name = ?", name)).isZero();
    }

    @Test
    void anEditWithABadFieldChangesNothing() throws Exception {
        String number = create("Stays Same");
        HttpResponse<Map> refused = patch(number, Map.of("legalName", "Changed", "phone", "12345"));
        assertThat(refused.getStatus().getCode()).isEqualTo(400);
        assertThat(teller.body(refused)).containsEntry("field", "phone");
        assertThat(teller.body(teller.get("/internal/v1/customers/" + number))).containsEntry("legalName", "Stays Same");
        assertThat(auditDetails("customers.customer.edit", number)).isEmpty();
        assertThat(teller.get("/internal/v1/customers/C000000000").getStatus().getCode()).isEqualTo(400);
        assertThat(teller.get("/internal/v1/customers/C999999967").getStatus().getCode()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void searchesByNameIgnoringCaseAndAccentsByNumberDocumentAndAccountWithPaging() throws Exception {
        String tag = "Qx" + UUID.randomUUID().toString().substring(0, 8);
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            numbers.add(create("Renée " + tag + " Núñez " + i));
        }
        create("Somebody Else");
        // case and accents aside, anywhere in the name
        String query = "/internal/v1/customers?name=" + ("renee " + tag + " nunez").toUpperCase().replace(" ", "%20");
        List<String> found = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> page = teller.body(teller.get(query + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)));
            List<Map<String, Object>> customers = (List<Map<String, Object>>) page.get("customers");
            assertThat(customers.size()).isLessThanOrEqualTo(2);
            customers.forEach(c -> found.add((String) c.get("number")));
            cursor = (String) page.get("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(found).containsExactlyElementsOf(numbers.stream().sorted().toList());
        assertThat(pages).isEqualTo(3);

        Map<String, Object> byNumber = teller.body(teller.get("/internal/v1/customers?number=" + numbers.get(2).toLowerCase()));
        assertThat((List<Map<String, Object>>) byNumber.get("customers")).extracting(c -> c.get("number")).containsExactly(numbers.get(2));

        Map<String, Object> third = teller.body(teller.get("/internal/v1/customers/" + numbers.get(3)));
        String document = (String) ((Map<String, Object>) third.get("document")).get("number");
        String typed = document.substring(0, 4).toLowerCase() + "-" + document.substring(4);
        Map<String, Object> byDocument = teller.body(teller.get("/internal/v1/customers?documentNumber=" + typed));
        assertThat((List<Map<String, Object>>) byDocument.get("customers")).extracting(c -> c.get("number")).containsExactly(numbers.get(3));

        String account = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", third.get("customerRef")));
        Map<String, Object> byAccount = teller.body(teller.get("/internal/v1/customers?accountNumber=" + account));
        assertThat((List<Map<String, Object>>) byAccount.get("customers")).extracting(c -> c.get("number")).containsExactly(numbers.get(3));

        for (String bad : List.of("?name=x&limit=0", "?name=x&limit=101", "?name=x&cursor=zzz", "?accountNumber=123", "")) {
            HttpResponse<Map> refused = teller.get("/internal/v1/customers" + bad);
            assertThat(refused.getStatus().getCode()).as(bad).isEqualTo(400);
        }
    }

    private String create(String legalName) {
        return (String) teller.createCustomer(TestCustomers.body(legalName)).get("number");
    }

    private HttpResponse<Map> patch(String number, Map<String, Object> body) {
        return teller.exchange(HttpRequest.PATCH("/internal/v1/customers/" + number, body));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> auditDetails(String action, String target) throws Exception {
        List<Map<String, Object>> details = new ArrayList<>();
        try (Connection c = TestDatabase.connect();
             PreparedStatement s = c.prepareStatement("SELECT details::text FROM audit_events WHERE action = ? AND target_id = ? ORDER BY id")) {
            s.setString(1, action);
            s.setString(2, target);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    details.add(json.readValue(rs.getString(1), Map.class));
                }
            }
        }
        return details;
    }
}
