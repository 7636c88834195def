package corebank.web;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.LedgerSnapshot;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP edge against hostile input (issue 13): control characters and lone surrogates in any
 * text refused with the field, odd values answered 400 rather than 500, clean error details,
 * trailing text after a JSON body, audited cross-customer refusals, the security headers, the
 * token checks (nbf, subject against session), 405/415/406 and the body limit. Each refusal
 * changes nothing: ledger, users and audit rows other than refusals stay as they were.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeTest implements DatabaseTest {

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("corebank.payments.scheduler-initial-delay", "1h", "corebank.payments.settlement-initial-delay", "1h");
    }

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    io.micronaut.runtime.server.EmbeddedServer server;

    Api teller;
    Api supervisor;
    Api admin;
    Api auditor;
    Api anonymous;
    Api customer;
    Api other;
    TestUsers.Session customerSession;
    TestUsers.Session otherSession;
    String customerAccount;
    String otherAccount;
    String suspense;
    String billerCode;
    String payeeId;
    String otherPayeeId;
    String otherPaymentId;

    @BeforeAll
    void setUp() {
        teller = api(Role.TELLER);
        supervisor = api(Role.SUPERVISOR);
        admin = api(Role.ADMIN);
        auditor = api(Role.AUDITOR);
        anonymous = new Api(client.toBlocking());
        customerSession = TestUsers.loginAs(context, client.toBlocking(), Role.CUSTOMER);
        otherSession = TestUsers.loginAs(context, client.toBlocking(), Role.CUSTOMER);
        customer = new Api(client.toBlocking(), customerSession.accessToken());
        other = new Api(client.toBlocking(), otherSession.accessToken());
        String equity = teller.openEquity("EUR");
        customerAccount = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", customerSession.customerRef()));
        otherAccount = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", otherSession.customerRef()));
        suspense = teller.openAccount("SUSPENSE", "EUR", Map.of("ownerRef", "bank:suspense"));
        teller.fund(equity, customerAccount, "100.00", "EUR");
        teller.fund(equity, otherAccount, "100.00", "EUR");
        String settlement = teller.openAccount("SETTLEMENT", "EUR", Map.of("ownerRef", "bank:edge"));
        billerCode = "E" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000);
        assertThat(teller.post("/internal/v1/billers", Map.of("code", billerCode, "name", "Edge power", "currency", "EUR",
                "settlementAccount", settlement, "creditorAccount", "DE89370400440532013000", "referencePattern", "[0-9]{4,12}",
                "checkDigit", "NONE")).getStatus().getCode()).isEqualTo(201);
        payeeId = (String) customer.body(customer.post("/api/v1/payees", Map.of("billerCode", billerCode, "reference", "1234",
                "nickname", "mine"))).get("id");
        otherPayeeId = (String) other.body(other.post("/api/v1/payees", Map.of("billerCode", billerCode, "reference", "5678",
                "nickname", "theirs"))).get("id");
        HttpResponse<Map> payment = other.postIdempotent("/api/v1/bill-payments", Map.of("payeeId", otherPayeeId,
                "fromAccount", otherAccount, "amount", "1.00", "currency", "EUR", "frequency", "ONCE",
                "startDate", LocalDate.now(ZoneOffset.UTC).plusDays(20).toString()));
        assertThat(payment.getStatus().getCode()).as("%s", other.body(payment)).isEqualTo(201);
        otherPaymentId = (String) other.body(payment).get("id");
    }

    private Api api(Role role) {
        return new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), role).accessToken());
    }

    private static MutableHttpRequest<String> json(String method, String path, String body) {
        return HttpRequest.create(io.micronaut.http.HttpMethod.valueOf(method), path).body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    // ---- 1. one rule at the edge ------------------------------------------------------------------

    @Test
    void controlCharactersAndLoneSurrogatesAreRefusedWithTheFieldWhereverTheyAre() {
        String entry = UUID.randomUUID().toString();
        for (String filter : List.of("actor", "action", "outcome", "targetType", "targetId", "account", "requestId")) {
            refused(auditor, HttpRequest.GET("/audit/v1/events?" + filter + "=%00"), filter);
            refused(auditor, HttpRequest.GET("/audit/v1/events/export?format=ndjson&" + filter + "=%00"), filter);
        }
        refused(admin, HttpRequest.GET("/internal/v1/admin/users/%00"), "username");
        refused(admin, json("PUT", "/internal/v1/admin/users/%00/roles", "{\"roles\":[\"TELLER\"]}"), "username");
        refused(admin, json("POST", "/internal/v1/admin/users/%00/unlock", "{}"), "username");
        refused(admin, json("POST", "/internal/v1/admin/users/%00/mfa-reset", "{}"), "username");
        refused(customer, json("POST", "/api/v1/payees", "{\"billerCode\":\"\\u0000\",\"reference\":\"1234\",\"nickname\":\"n\"}"),
                "billerCode");
        refused(customer, json("POST", "/api/v1/bill-payments", "{\"payeeId\":\"" + payeeId + "\",\"fromAccount\":\"" + customerAccount
                + "\",\"amount\":\"1.00\",\"currency\":\"EUR\",\"frequency\":\"ONCE\",\"memo\":\"a\\u0000b\"}")
                .header("Idempotency-Key", UUID.randomUUID().toString()), "memo");
        refused(teller, json("POST", "/internal/v1/settlements", "{\"billerCode\":\"\\u0000\",\"businessDate\":\"2026-01-01\"}"),
                "billerCode");
        refused(anonymous, json("POST", "/api/v1/auth/login", "{\"username\":\"alice\",\"password\":\"\\ud800\"}"), "password");
        refused(customer, json("POST", "/api/v1/auth/password",
                "{\"currentPassword\":\"\\ud800\",\"newPassword\":\"another horse battery 77\",\"code\":\"123456\"}"), "currentPassword");
        refused(teller, json("POST", "/internal/v1/accounts",
                "{\"kind\":\"CUSTOMER_DEPOSIT\",\"currency\":\"EUR\",\"name\":\"n\",\"ownerRef\":\"x\\ud800\"}"), "ownerRef");
        refused(supervisor, json("POST", "/internal/v1/entries/" + entry + "/reversal", "{\"reason\":\"\\udc00 wrong\"}"), "reason");
        refused(teller, json("POST", "/internal/v1/transfers/batch", "{\"transfers\":[{\"amount\":\"1.00\"},{\"description\":\"a\\u0001\"}]}"),
                "transfers[1].description");
        refused(customer, HttpRequest.GET("/api/v1/accounts/" + customerAccount + "/history?direction=I%0AN"), "direction");
        refused(customer, HttpRequest.GET("/api/v1/billers?query=%ED%A0%80%00"), "query");
        // a lone surrogate percent-encoded (CESU-8), which a lenient decoder turns into U+FFFD
        refused(customer, HttpRequest.GET("/api/v1/accounts?q=%ED%A0%80"), "q");
        refused(customer, HttpRequest.GET("/api/v1/accounts/%ED%B0%80"), "accountNumber");
    }

    /**
     * The HTTP client will not send a control character in a header, so this one goes over a
     * plain socket. Netty's decoder refuses it before any filter (400 malformed_request; the edge
     * rule's own header check is the second line); the answer is still a problem document with
     * the security headers, audited, and nothing moved.
     */
    @Test
    void aControlCharacterInTheIdempotencyKeyIsRefused() throws Exception {
        LedgerSnapshot ledger = LedgerSnapshot.take();
        String body = "{\"fromAccount\":\"" + customerAccount + "\",\"toAccount\":\"" + otherAccount
                + "\",\"amount\":\"1.00\",\"currency\":\"EUR\"}";
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String head = "POST /api/v1/transfers HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: Bearer " + customerSession.accessToken() + "\r\nContent-Type: application/json\r\n"
                + "Idempotency-Key: key\u0001one\r\nContent-Length: " + bytes.length + "\r\n\r\n";
        String answer;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json").contains("\"code\":\"malformed_request\"")
                .containsIgnoringCase("X-Content-Type-Options: nosniff").containsIgnoringCase("Cache-Control: no-store");
        assertThat(LedgerSnapshot.take()).isEqualTo(ledger);
    }

    @Test
    void missingOrOddValuesAreRefusedNotFailed() {
        refused(anonymous, json("POST", "/api/v1/auth/enrollment/confirm", "{\"code\":\"123456\"}"), "enrollmentToken");
        refused(teller, json("POST", "/internal/v1/transfers/batch", "{\"transfers\":[null]}"), "transfers[0]");
        refused(customer, json("POST", "/api/v1/bill-payments", "{\"payeeId\":\"" + payeeId + "\",\"fromAccount\":\"" + customerAccount
                + "\",\"amount\":\"1.00\",\"currency\":\"EUR\",\"frequency\":\"ONCE\",\"startDate\":2147483648}")
                .header("Idempotency-Key", UUID.randomUUID().toString()), "startDate");
    }

    // ---- 2. clean details ---------------------------------------------------------------------------

    @Test
    void errorDetailsNameTheFieldAndWhatItTakesNeverTheParser() {
        Map problem = refused(anonymous, json("POST", "/api/v1/auth/login", "{\"username\":\"alice\",\"password\":12}"), "password");
        assertThat((String) problem.get("detail")).isEqualTo("password: must be a JSON string");
        problem = refused(anonymous, json("POST", "/api/v1/auth/login", "{\"username\":[\"alice\"],\"password\":\"x\"}"), "username");
        assertThat((String) problem.get("detail")).isEqualTo("username: must be a JSON string");
        problem = refused(customer, json("POST", "/api/v1/bill-payments", "{\"payeeId\":\"" + payeeId + "\",\"fromAccount\":\""
                + customerAccount + "\",\"amount\":\"1.00\",\"currency\":\"EUR\",\"frequency\":\"ONCE\",\"startDate\":\"tomorrow\"}")
                .header("Idempotency-Key", UUID.randomUUID().toString()), "startDate");
        assertThat((String) problem.get("detail")).isEqualTo("startDate: must be a date such as \"2026-01-31\"");
        problem = refused(customer, json("POST", "/api/v1/bill-payments", "{\"payeeId\":\"nope\",\"fromAccount\":\""
                + customerAccount + "\",\"amount\":\"1.00\",\"currency\":\"EUR\",\"frequency\":\"ONCE\"}")
                .header("Idempotency-Key", UUID.randomUUID().toString()), "payeeId");
        assertThat((String) problem.get("detail")).isEqualTo("payeeId: must be a UUID");
        // an amount as a JSON number is still invalid_amount, on the amount
        HttpResponse<Map> amount = teller.exchange(json("POST", "/internal/v1/transfers", "{\"debitAccount\":\"" + customerAccount
                + "\",\"creditAccount\":\"" + otherAccount + "\",\"amount\":1,\"currency\":\"EUR\"}")
                .header("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(amount.getStatus().getCode()).isEqualTo(400);
        assertThat(teller.body(amount)).containsEntry("code", "invalid_amount").containsEntry("field", "amount");
        clean(teller.body(amount));
    }

    @Test
    void textAfterTheJsonDocumentIsRefusedAndAudited() {
        for (String body : List.of("{\"username\":\"alice\",\"password\":\"x\"}}}", "{\"username\":\"alice\",\"password\":\"x\"} {}",
                "{\"username\":\"alice\",\"password\":\"x\"")) {
            HttpResponse<Map> r = anonymous.exchange(json("POST", "/api/v1/auth/login", body));
            assertThat(r.getStatus().getCode()).as(body).isEqualTo(400);
            Map problem = anonymous.body(r);
            assertThat(problem).containsEntry("code", "malformed_request");
            clean(problem);
            assertThat(refusalsAudited((String) problem.get("requestId"))).as(body).isEqualTo(1);
        }
    }

    // ---- 4. cross-customer refusals audited ------------------------------------------------------------

    @Test
    void everyReachIntoAnotherCustomersObjectIsAudited() {
        crossCustomer(HttpRequest.GET("/api/v1/bill-payments/" + otherPaymentId), "paymentId");
        crossCustomer(json("PUT", "/api/v1/bill-payments/" + otherPaymentId, "{\"amount\":\"2.00\"}"), "paymentId");
        crossCustomer(json("POST", "/api/v1/bill-payments/" + otherPaymentId + "/cancel", "{}"), "paymentId");
        crossCustomer(json("POST", "/api/v1/bill-payments", "{\"payeeId\":\"" + payeeId + "\",\"fromAccount\":\"" + otherAccount
                + "\",\"amount\":\"1.00\",\"currency\":\"EUR\",\"frequency\":\"ONCE\"}")
                .header("Idempotency-Key", UUID.randomUUID().toString()), "fromAccount");
        crossCustomer(json("POST", "/api/v1/bill-payments", "{\"payeeId\":\"" + otherPayeeId + "\",\"fromAccount\":\"" + customerAccount
                + "\",\"amount\":\"1.00\",\"currency\":\"EUR\",\"frequency\":\"ONCE\"}")
                .header("Idempotency-Key", UUID.randomUUID().toString()), "payeeId");
        crossCustomer(json("POST", "/api/v1/transfers", "{\"fromAccount\":\"" + customerAccount + "\",\"toAccount\":\"" + suspense
                + "\",\"amount\":\"1.00\",\"currency\":\"EUR\"}").header("Idempotency-Key", UUID.randomUUID().toString()), "toAccount");
        assertThat(other.body(other.get("/api/v1/bill-payments/" + otherPaymentId))).containsEntry("amount", "1.00")
                .containsEntry("status", "ACTIVE");
    }

    private void crossCustomer(MutableHttpRequest<?> request, String field) {
        LedgerSnapshot ledger = LedgerSnapshot.take();
        HttpResponse<Map> r = customer.exchange(request);
        Map problem = customer.body(r);
        assertThat(r.getStatus().getCode()).as("%s %s", request.getPath(), problem).isEqualTo(404);
        assertThat(problem).containsEntry("code", "not_found").containsEntry("field", field);
        assertThat(count("SELECT count(*) FROM audit_events WHERE request_id = ? AND action = 'customer.object.access' AND outcome = 'FAILURE'",
                (String) problem.get("requestId"))).as("audited: %s %s", request.getMethodName(), request.getPath()).isEqualTo(1);
        assertThat(LedgerSnapshot.take()).isEqualTo(ledger);
    }

    // ---- 5. headers ------------------------------------------------------------------------------------

    @Test
    void everyAnswerSaysNosniffAndAnswersWithTokensOrPersonalDataAreNotStored() {
        TestUsers.Enrolled user = TestUsers.enroll(context, Role.CUSTOMER);
        TestUsers.Session session = TestUsers.login(context, client.toBlocking(), user);
        List<HttpResponse<Map>> answers = List.of(
                anonymous.get("/health"),
                anonymous.exchange(json("POST", "/api/v1/auth/refresh", "{\"refreshToken\":\"" + session.refreshToken() + "\"}")),
                anonymous.exchange(json("POST", "/api/v1/auth/login", "{\"username\":\"nobody\",\"password\":\"nothing at all\"}")),
                customer.get("/api/v1/auth/me"),
                customer.get("/api/v1/accounts"),
                customer.get("/api/v1/nowhere"),
                anonymous.get("/api/v1/accounts"),
                anonymous.exchange(json("POST", "/api/v1/auth/login", "{")),
                customer.exchange(HttpRequest.DELETE("/api/v1/accounts")));
        for (HttpResponse<Map> answer : answers) {
            assertThat(answer.getHeaders().get("X-Content-Type-Options")).as("%s", answer.getStatus()).isEqualTo("nosniff");
            assertThat(answer.getHeaders().get("Cache-Control")).as("%s", answer.getStatus()).isEqualTo("no-store");
        }
        assertThat(answers.get(1).getStatus().getCode()).isEqualTo(200);
    }

    // ---- 6. tokens ---------------------------------------------------------------------------------------

    @Test
    void aTokenIsRefusedBeforeItsNotBeforeAndWhenItsUserIsNotTheSessions() throws Exception {
        JWTClaimsSet mine = SignedJWT.parse(customerSession.accessToken()).getJWTClaimsSet();
        JWTClaimsSet theirs = SignedJWT.parse(otherSession.accessToken()).getJWTClaimsSet();
        // the same claims, signed again: accepted (so the forging below is sound)
        assertThat(customer.as(sign(mine)).get("/api/v1/accounts").getStatus().getCode()).isEqualTo(200);
        Instant now = context.getBean(java.time.Clock.class).instant();
        JWTClaimsSet early = new JWTClaimsSet.Builder(mine).notBeforeTime(Date.from(now.plusSeconds(3600))).build();
        assertThat(customer.as(sign(early)).get("/api/v1/accounts").getStatus().getCode()).isEqualTo(401);
        // the other customer's identity with this customer's live session id
        JWTClaimsSet swapped = new JWTClaimsSet.Builder(theirs).claim("sid", mine.getClaim("sid")).build();
        HttpResponse<Map> r = customer.as(sign(swapped)).get("/api/v1/accounts");
        assertThat(r.getStatus().getCode()).isEqualTo(401);
        assertThat(customer.body(r)).containsEntry("code", "unauthenticated");
    }

    private String sign(JWTClaimsSet claims) throws Exception {
        String secret = context.getProperty("micronaut.security.token.jwt.signatures.secret.generator.secret", String.class).orElseThrow();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    // ---- 7. the HTTP contract ---------------------------------------------------------------------------

    @Test
    void wrongMethodMediaTypeOrAcceptAnswer405415406AndUnknownRoutesAsBefore() {
        HttpResponse<Map> method = customer.exchange(HttpRequest.DELETE("/api/v1/accounts"));
        contract(customer, method, 405, "method_not_allowed");
        assertThat(method.getHeaders().get("Allow")).isEqualTo("GET, HEAD");
        contract(anonymous, anonymous.exchange(HttpRequest.PUT("/api/v1/auth/login", "{}")), 405, "method_not_allowed");
        contract(anonymous, anonymous.exchange(HttpRequest.POST("/api/v1/auth/login", "username=alice")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)), 415, "unsupported_media_type");
        contract(customer, customer.exchange(HttpRequest.GET("/api/v1/accounts").accept(MediaType.APPLICATION_XML_TYPE)), 406,
                "not_acceptable");
        // unknown routes: deny by default, as before
        assertThat(customer.get("/api/v1/nowhere").getStatus().getCode()).isEqualTo(403);
        assertThat(anonymous.get("/api/v1/nowhere").getStatus().getCode()).isEqualTo(401);
        assertThat(customer.exchange(HttpRequest.DELETE("/api/v1/nowhere")).getStatus().getCode()).isEqualTo(403);
    }

    private void contract(Api api, HttpResponse<Map> r, int status, String code) {
        assertThat(r.getStatus().getCode()).isEqualTo(status);
        assertThat(r.getContentType().map(MediaType::toString)).contains(ProblemDetail.MEDIA_TYPE);
        Map problem = api.body(r);
        assertThat(problem).containsEntry("code", code);
        assertThat(refusalsAudited((String) problem.get("requestId"))).isEqualTo(1);
    }

    @Test
    void theBodyLimitIs256KiBAndAnOversizeBodyIsRefusedAndAudited() {
        int limit = 256 * 1024;
        String prefix = "{\"username\":\"alice\",\"password\":\"";
        String under = prefix + "x".repeat(limit - prefix.length() - 2) + "\"}";
        assertThat(under.length()).isEqualTo(limit);
        HttpResponse<Map> accepted = anonymous.exchange(json("POST", "/api/v1/auth/login", under));
        assertThat(accepted.getStatus().getCode()).isNotEqualTo(413);
        String over = prefix + "x".repeat(limit - prefix.length() - 1) + "\"}";
        HttpResponse<Map> refused = anonymous.exchange(json("POST", "/api/v1/auth/login", over));
        assertThat(refused.getStatus().getCode()).isEqualTo(413);
        Map problem = anonymous.body(refused);
        assertThat(problem).containsEntry("code", "payload_too_large");
        assertThat(refusalsAudited((String) problem.get("requestId"))).isEqualTo(1);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /** 400 validation_failed on the field, fast, with a clean detail, and nothing changed. */
    private Map refused(Api api, MutableHttpRequest<?> request, String field) {
        LedgerSnapshot ledger = LedgerSnapshot.take();
        long users = count("SELECT count(*) FROM users", null);
        long audit = count("SELECT count(*) FROM audit_events WHERE action NOT IN ('security.request.refused', 'security.access.denied')"
                + " AND actor NOT LIKE 'system:%'", null);
        long started = System.nanoTime();
        HttpResponse<Map> response = api.exchange(request);
        long millis = (System.nanoTime() - started) / 1_000_000;
        Map problem = api.body(response);
        assertThat(response.getStatus().getCode()).as("%s %s: %s", request.getMethodName(), request.getPath(), problem).isEqualTo(400);
        assertThat(response.getContentType().map(MediaType::toString)).contains(ProblemDetail.MEDIA_TYPE);
        assertThat(problem).as("%s", request.getPath()).containsEntry("code", "validation_failed").containsEntry("field", field);
        clean(problem);
        assertThat(millis).as("answered at once: %s", request.getPath()).isLessThan(5_000);
        assertThat(LedgerSnapshot.take()).isEqualTo(ledger);
        assertThat(count("SELECT count(*) FROM users", null)).isEqualTo(users);
        assertThat(count("SELECT count(*) FROM audit_events WHERE action NOT IN ('security.request.refused', 'security.access.denied')"
                + " AND actor NOT LIKE 'system:%'", null)).isEqualTo(audit);
        return problem;
    }

    private static void clean(Map problem) {
        String detail = String.valueOf(problem.get("detail"));
        assertThat(detail).doesNotContain("Cannot deserialize", "[Source", "java.", "corebank.", "Exception", "decoding", "Failed to convert");
    }

    private static long refusalsAudited(String requestId) {
        return count("SELECT count(*) FROM audit_events WHERE request_id = ? AND action = 'security.request.refused'", requestId);
    }

    private static long count(String sql, String parameter) {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            if (parameter != null) {
                s.setString(1, parameter);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
