package corebank.web;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import corebank.audit.AuditContext;
import corebank.identity.user.Role;
import corebank.identity.user.UserAdmin;
import corebank.ledger.AccountNumber;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract test: for every operation of the served OpenAPI document, requests built from the
 * document (path, query and body from the parameters' and schemas' names and types, with values
 * of objects this test makes) as a role the authorization matrix allows or denies, one per status
 * the test can provoke: the success, 400 (malformed body or a malformed path value), 401
 * (anonymous), 403 (a role the matrix denies), 404 (an unknown object), 406 (an Accept the route
 * cannot answer), 409 (an Idempotency-Key replayed with another body), 413 (a body over the
 * limit), 415 (a non-JSON body). Every answer must be a status the document lists for the
 * operation, with a body matching the documented schema (Atlassian's swagger-request-validator
 * against the served document). A documented status no request provoked must be listed in
 * {@link #NOT_PROVOKED} (every operation) or {@link #NOT_PROVOKED_FOR} (one operation) with the
 * reason, so a new operation, or a new documented status, fails here until it is covered or
 * explained; an exemption for a status that was in fact provoked fails too.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractTest implements DatabaseTest {

    /** Documented statuses no request of this test provokes on any operation, and why. */
    static final Map<String, String> NOT_PROVOKED = Map.of(
            "500", "an internal error: no valid request may provoke one (OpenApiFuzzTest asserts none in ~7,000 requests)",
            "503", "needs the database down, the ledger queue full or the engine shutting down: DatabaseOutageTest, "
                    + "OverloadAndShutdownTest and HonestOutcomesTest provoke it");

    /** Documented statuses this test does not provoke on one operation ("METHOD /path STATUS"), and why. */
    static final Map<String, String> NOT_PROVOKED_FOR = new TreeMap<>();

    private static final String THROTTLE = "429 needs more attempts than the throttle allows, which would throttle this test's own "
            + "logins: LoginThrottleTest and ProxyAndUsernameThrottleTest provoke it";
    private static final String STATE = "needs an object in a conflicting state or a business refusal (an insufficient balance, a "
            + "closed account, a decided approval), which a request built from the document's schemas does not make; the "
            + "feature's API test provokes it (TransferApiTest, HoldsAndReversalsTest, ApprovalsApiTest, CashDeskApiTest, ...)";
    private static final String ANON_401 = "needs a wrong credential or token of the right form (a login step's own input), "
            + "which the generic body (schema types, no values for these fields) does not carry: LoginFlowTest provokes it";
    private static final String SESSION_ENDED = "the success case ends the session, so the later cases of the operation answer 401";
    private static final String PAYEE = "needs a payee and a bill payment, which need a biller with a settlement account: "
            + "not made by this test yet (BillPaymentsTest covers the route)";
    private static final String TILL = "needs a cash currency, a till assigned to the caller and an opened till day: not made by "
            + "this test yet (CashDeskApiTest covers the route)";
    private static final String RUN = "needs a settlement run, which needs a biller and a cut-off passed: not made by this test "
            + "yet (BillPaymentsTest covers the route)";
    private static final String APPROVAL = "needs an approval request of the right operation and state: not made by this test yet "
            + "(ApprovalsApiTest covers the route)";
    private static final String UNKNOWN_FORM = "an unknown customer number needs valid MOD 97 check digits, which this test does "
            + "not compute; a wrong one is 400";
    private static final String BODY = "the body or query built from the document's schemas (types, a few field names) is "
            + "refused for a value it cannot know (a TOTP code, a challenge, a biller pattern, a second approver, a "
            + "threshold): the feature's API test provokes the success";

    static {
        exempt(PAYEE,
                "DELETE /api/v1/payees/{payeeId} 200",
                "DELETE /api/v1/payees/{payeeId} 404",
                "GET /api/v1/bill-payments/{paymentId} 200",
                "GET /api/v1/bill-payments/{paymentId} 404",
                "POST /api/v1/bill-payments/{paymentId}/cancel 200",
                "POST /api/v1/bill-payments/{paymentId}/cancel 404",
                "PUT /api/v1/bill-payments/{paymentId} 200",
                "PUT /api/v1/bill-payments/{paymentId} 404");
        exempt(BODY,
                "GET /audit/v1/proofs/consistency 200",
                "GET /audit/v1/proofs/inclusion 200",
                "GET /internal/v1/customers 200",
                "POST /api/v1/auth/enrollment 200",
                "POST /api/v1/auth/enrollment/confirm 200",
                "POST /api/v1/auth/login 200",
                "POST /api/v1/auth/mfa/re-enrollment 200",
                "POST /api/v1/auth/mfa/re-enrollment/confirm 200",
                "POST /api/v1/auth/password 204",
                "POST /api/v1/auth/refresh 200",
                "POST /api/v1/auth/second-factor 200",
                "POST /api/v1/bill-payments 201",
                "POST /api/v1/payees 201",
                "POST /internal/v1/accounts/{accountNumber}/close 202",
                "POST /internal/v1/accounts/{accountNumber}/unfreeze 202",
                "POST /internal/v1/admin/users/{username}/enable 200",
                "POST /internal/v1/billers 201",
                "POST /internal/v1/customers 201",
                "POST /internal/v1/onboarding 201",
                "POST /internal/v1/settlements 200",
                "POST /internal/v1/tills 201",
                "POST /internal/v1/transfers 202",
                "POST /internal/v1/transfers/batch 200",
                "PUT /internal/v1/accounts/{accountNumber}/overdraft-limit 202",
                "PUT /internal/v1/admin/users/{username}/roles 202");
        exempt(APPROVAL,
                "GET /internal/v1/approvals/{approvalId} 200",
                "GET /internal/v1/approvals/{approvalId} 404",
                "POST /internal/v1/approvals/{approvalId}/approve 200",
                "POST /internal/v1/approvals/{approvalId}/approve 404",
                "POST /internal/v1/approvals/{approvalId}/cancel 200",
                "POST /internal/v1/approvals/{approvalId}/cancel 404",
                "POST /internal/v1/approvals/{approvalId}/reject 200",
                "POST /internal/v1/approvals/{approvalId}/reject 404");
        exempt(UNKNOWN_FORM,
                "GET /internal/v1/customers/{customerNumber} 404",
                "PATCH /internal/v1/customers/{customerNumber} 404");
        exempt(RUN,
                "GET /internal/v1/settlements/{runId}/file 200",
                "GET /internal/v1/settlements/{runId}/file 404");
        exempt(TILL,
                "GET /internal/v1/tills/{tillId} 200",
                "GET /internal/v1/tills/{tillId}/days 200",
                "GET /internal/v1/tills/{tillId}/days/{dayId} 200",
                "GET /internal/v1/tills/{tillId}/days/{dayId}/report.csv 200",
                "GET /internal/v1/tills/{tillId}/days/{dayId}/report.pdf 200",
                "POST /internal/v1/tills/{tillId}/days 201",
                "POST /internal/v1/tills/{tillId}/days/{dayId}/close 200",
                "POST /internal/v1/tills/{tillId}/deposits 201",
                "POST /internal/v1/tills/{tillId}/vault-transfers 201",
                "POST /internal/v1/tills/{tillId}/vault-transfers 404",
                "POST /internal/v1/tills/{tillId}/withdrawals 201",
                "POST /internal/v1/tills/{tillId}/withdrawals 202");
        exempt(STATE,
                "PATCH /internal/v1/customers/{customerNumber} 409",
                "PATCH /internal/v1/customers/{customerNumber} 422",
                "POST /api/v1/auth/enrollment/confirm 409",
                "POST /api/v1/bill-payments 409",
                "POST /api/v1/bill-payments 422",
                "POST /api/v1/bill-payments/{paymentId}/cancel 409",
                "POST /api/v1/transfers 422",
                "POST /internal/v1/accounts 422",
                "POST /internal/v1/accounts/{accountNumber}/close 409",
                "POST /internal/v1/accounts/{accountNumber}/freeze 409",
                "POST /internal/v1/admin/users 409",
                "POST /internal/v1/admin/users 422",
                "POST /internal/v1/admin/users/{username}/disable 409",
                "POST /internal/v1/admin/users/{username}/mfa-reset 409",
                "POST /internal/v1/approvals/{approvalId}/approve 409",
                "POST /internal/v1/approvals/{approvalId}/approve 422",
                "POST /internal/v1/approvals/{approvalId}/cancel 409",
                "POST /internal/v1/approvals/{approvalId}/reject 409",
                "POST /internal/v1/billers 409",
                "POST /internal/v1/billers 422",
                "POST /internal/v1/cash/currencies 409",
                "POST /internal/v1/cash/currencies 422",
                "POST /internal/v1/customers 409",
                "POST /internal/v1/entries/{entryId}/reversal 409",
                "POST /internal/v1/entries/{entryId}/reversal 422",
                "POST /internal/v1/holds 422",
                "POST /internal/v1/holds/{holdId}/post 422",
                "POST /internal/v1/holds/{holdId}/void 409",
                "POST /internal/v1/onboarding 409",
                "POST /internal/v1/settlements 409",
                "POST /internal/v1/tills 409",
                "POST /internal/v1/tills 422",
                "POST /internal/v1/tills/{tillId}/days 409",
                "POST /internal/v1/tills/{tillId}/days/{dayId}/close 409",
                "POST /internal/v1/tills/{tillId}/deposits 409",
                "POST /internal/v1/tills/{tillId}/deposits 422",
                "POST /internal/v1/tills/{tillId}/vault-transfers 409",
                "POST /internal/v1/tills/{tillId}/vault-transfers 422",
                "POST /internal/v1/tills/{tillId}/withdrawals 409",
                "POST /internal/v1/tills/{tillId}/withdrawals 422",
                "POST /internal/v1/transfers 422",
                "POST /internal/v1/transfers/batch 409",
                "PUT /api/v1/bill-payments/{paymentId} 409",
                "PUT /internal/v1/accounts/{accountNumber}/overdraft-limit 409",
                "PUT /internal/v1/accounts/{accountNumber}/overdraft-limit 422",
                "PUT /internal/v1/admin/users/{username}/roles 409");
        exempt(ANON_401,
                "POST /api/v1/auth/enrollment 401",
                "POST /api/v1/auth/enrollment/confirm 401",
                "POST /api/v1/auth/login 401",
                "POST /api/v1/auth/refresh 401",
                "POST /api/v1/auth/second-factor 401");
        exempt(THROTTLE,
                "POST /api/v1/auth/enrollment 429",
                "POST /api/v1/auth/enrollment/confirm 429",
                "POST /api/v1/auth/login 429",
                "POST /api/v1/auth/refresh 429",
                "POST /api/v1/auth/second-factor 429");
        exempt(SESSION_ENDED,
                "POST /api/v1/auth/logout 400",
                "POST /api/v1/auth/logout-everywhere 400");
    }

    private static void exempt(String reason, String... statuses) {
        for (String status : statuses) {
            NOT_PROVOKED_FOR.put(status, reason);
        }
    }

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("corebank.payments.scheduler-initial-delay", "1h", "corebank.payments.settlement-initial-delay", "1h",
                "corebank.identity.login.attempts-per-minute-per-client", "1000");
    }

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;

    private final Map<String, Api> sessions = new HashMap<>();
    private final Map<String, TestUsers.Session> sessionUsers = new HashMap<>();
    private Fixture fixture;

    @Test
    void everyOperationAnswersItsDocumentedStatusesWithTheDocumentedBodies() throws Exception {
        String document = client.toBlocking().retrieve(HttpRequest.GET("/openapi/corebank-0.1.yml"), String.class);
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        OpenAPI openApi = new OpenAPIV3Parser().readContents(document, null, options).getOpenAPI();
        Map<String, List<String>> matrix = matrix();
        for (Role role : Role.values()) {
            TestUsers.Session session = TestUsers.loginAs(context, client.toBlocking(), role);
            sessions.put(role.name(), new Api(client.toBlocking(), session.accessToken()));
            sessionUsers.put(role.name(), session);
        }
        fixture = new Fixture();

        Map<String, Set<String>> provoked = new TreeMap<>();
        Map<String, Set<String>> documented = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        int requests = 0;
        for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().readOperationsMap().entrySet()) {
                String name = op.getKey() + " " + path.getKey();
                Operation operation = op.getValue();
                documented.put(name, new TreeSet<>(operation.getResponses().keySet()));
                List<String> roles = matrix.get(name);
                assertThat(roles).as("authorization matrix row for " + name).isNotNull();
                List<Case> cases = cases(name, op.getKey().name(), path.getKey(), operation, roles, openApi);
                for (Case c : cases) {
                    HttpResponse<String> response = send(c.request);
                    requests++;
                    String status = String.valueOf(response.getStatus().getCode());
                    if (!operation.getResponses().containsKey(status)) {
                        violations.add(name + " [" + c.what + "]: answered " + status + ", which the document does not list: "
                                + response.getBody(String.class).orElse(""));
                        continue;
                    }
                    ValidationReport report = validator.validateResponse(c.request.getPath(), Request.Method.valueOf(op.getKey().name()),
                            simple(response));
                    if (report.hasErrors()) {
                        violations.add(name + " [" + c.what + "] " + status + ": " + report.getMessages());
                    }
                    provoked.computeIfAbsent(name, k -> new TreeSet<>()).add(status);
                }
            }
        }
        List<String> uncovered = new ArrayList<>();
        List<String> staleExemptions = new ArrayList<>();
        int statuses = 0;
        for (Map.Entry<String, Set<String>> op : documented.entrySet()) {
            Set<String> got = provoked.getOrDefault(op.getKey(), Set.of());
            for (String status : op.getValue()) {
                statuses++;
                String key = op.getKey() + " " + status;
                boolean exempt = NOT_PROVOKED.containsKey(status) || NOT_PROVOKED_FOR.containsKey(key)
                        || ruleExempts(op.getKey(), status, matrix.get(op.getKey())) != null;
                if (!got.contains(status) && !exempt) {
                    uncovered.add(key);
                } else if (got.contains(status) && NOT_PROVOKED_FOR.containsKey(key)) {
                    staleExemptions.add(key);
                }
            }
        }
        long covered = provoked.values().stream().mapToLong(Set::size).sum();
        System.out.printf("ContractTest: %d operations, %d requests, %d documented statuses, %d provoked and validated, "
                + "%d exempt for one operation%n", documented.size(), requests, statuses, covered, NOT_PROVOKED_FOR.size());
        assertThat(violations).isEmpty();
        assertThat(uncovered).as("documented statuses neither provoked nor listed with a reason").isEmpty();
        assertThat(staleExemptions).as("exempt, but provoked").isEmpty();
        assertThat(NOT_PROVOKED_FOR.keySet()).allMatch(k -> documented.containsKey(k.substring(0, k.lastIndexOf(' '))));
        assertThat(documented.size()).isGreaterThan(90);
    }

    /**
     * Why a documented status cannot be provoked on this operation, by rule, or null: the
     * problem responses every operation documents (ProblemResponses) include some that an
     * operation cannot answer.
     */
    static String ruleExempts(String operation, String status, List<String> allowed) {
        if (status.equals("404") && !operation.contains("{")) {
            return "the path names no object; a path outside the document is refused by security (401/403), not 404";
        }
        if (status.equals("403") && allowed.containsAll(List.of("CUSTOMER", "TELLER", "SUPERVISOR", "AUDITOR", "ADMIN"))) {
            return "every role may call it (security/authorization-matrix.csv); only a CSRF refusal of a cookie session would be 403";
        }
        if ((status.equals("403") || status.equals("404")) && allowed.contains("ANONYMOUS")) {
            return "an anonymous login step: no role, no object in the path";
        }
        return null;
    }

    // ---- the requests --------------------------------------------------------------------------

    private record Case(String what, MutableHttpRequest<?> request) {
    }

    private List<Case> cases(String name, String method, String template, Operation operation, List<String> allowed,
                             OpenAPI openApi) {
        List<Case> cases = new ArrayList<>();
        boolean anonymous = allowed.contains("ANONYMOUS");
        String role = allowed.stream().filter(r -> !r.equals("ANONYMOUS")).findFirst().orElse(null);
        Schema<?> bodySchema = bodySchema(operation, openApi);
        boolean idempotent = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> "Idempotency-Key".equals(p.getName()) && Boolean.TRUE.equals(p.getRequired()));
        String actor = role != null ? role : "CUSTOMER";
        if (!anonymous && allowed.containsAll(List.of("CUSTOMER", "TELLER", "SUPERVISOR", "AUDITOR", "ADMIN"))) {
            // a route of one's own session (logout, password, ...): a session of its own, so that it ends no other case's
            sessions.put("SELF", new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.AUDITOR).accessToken()));
            actor = "SELF";
        }
        // the success
        String path = fill(template, operation, actor);
        Object body = bodySchema == null ? null : fixture.body(name, bodySchema, openApi, actor);
        String key = UUID.randomUUID().toString();
        cases.add(new Case("success", as(request(method, path, body, key), anonymous ? null : actor)));
        if (idempotent && body instanceof Map<?, ?> map) {
            // the same key with another body
            Map<String, Object> other = new LinkedHashMap<>();
            map.forEach((k, v) -> other.put(String.valueOf(k), v));
            other.put(other.containsKey("description") ? "description" : other.containsKey("memo") ? "memo" : "amount",
                    other.containsKey("description") || other.containsKey("memo") ? "another request" : "0.02");
            cases.add(new Case("409 replayed key, other body", as(request(method, path, other, key), actor)));
        }
        if (!anonymous) {
            cases.add(new Case("401 anonymous", request(method, fill(template, operation, actor), body, UUID.randomUUID().toString())));
            List<String> denied = new ArrayList<>(List.of("CUSTOMER", "TELLER", "SUPERVISOR", "AUDITOR", "ADMIN"));
            denied.removeAll(allowed);
            if (!denied.isEmpty()) {
                cases.add(new Case("403 " + denied.get(0), as(request(method, fill(template, operation, actor), body,
                        UUID.randomUUID().toString()), denied.get(0))));
            }
        }
        if (template.contains("{")) {
            cases.add(new Case("404 unknown object", as(request(method, unknown(template, operation), body,
                    UUID.randomUUID().toString()), anonymous ? null : actor)));
            cases.add(new Case("400 malformed path value", as(request(method, malformed(template, operation, actor), body,
                    UUID.randomUUID().toString()), anonymous ? null : actor)));
        }
        if (bodySchema != null) {
            MutableHttpRequest<?> malformed = HttpRequest.create(HttpMethod.valueOf(method), fill(template, operation, actor))
                    .body("{\"a\":").contentType(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE)
                    .header("Idempotency-Key", UUID.randomUUID().toString());
            cases.add(new Case("400 malformed JSON", as(malformed, anonymous ? null : actor)));
            cases.add(new Case("415 text/plain", as(HttpRequest.create(HttpMethod.valueOf(method), fill(template, operation, actor))
                    .body("hello").contentType(io.micronaut.http.MediaType.TEXT_PLAIN_TYPE), anonymous ? null : actor)));
            cases.add(new Case("413 oversize", as(HttpRequest.create(HttpMethod.valueOf(method), fill(template, operation, actor))
                    .body("{\"x\":\"" + "a".repeat(300 * 1024) + "\"}").contentType(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE),
                    anonymous ? null : actor)));
        }
        cases.add(new Case("400 control character in a query value", as(request(method, fill(template, operation, actor) + "?q=%00", body,
                UUID.randomUUID().toString()), anonymous ? null : actor)));
        cases.add(new Case("406 Accept image/png", as(request(method, fill(template, operation, actor), body, UUID.randomUUID().toString())
                .accept(io.micronaut.http.MediaType.IMAGE_PNG_TYPE), anonymous ? null : actor)));
        return cases;
    }

    private MutableHttpRequest<?> as(MutableHttpRequest<?> request, String role) {
        return role == null ? request : request.bearerAuth(sessions.get(role).accessToken());
    }

    private static MutableHttpRequest<?> request(String method, String path, Object body, String key) {
        MutableHttpRequest<Object> request = HttpRequest.create(HttpMethod.valueOf(method), path);
        request.header("Idempotency-Key", key);
        if (body != null) {
            request.body(body).contentType(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE);
        }
        return request;
    }

    private String fill(String template, Operation operation, String role) {
        String path = template;
        for (Parameter p : parameters(operation, "path")) {
            path = path.replace("{" + p.getName() + "}", fixture.pathValue(template, p.getName(), role));
        }
        return path;
    }

    private String unknown(String template, Operation operation) {
        String path = template;
        for (Parameter p : parameters(operation, "path")) {
            path = path.replace("{" + p.getName() + "}", Fixture.unknownValue(p.getName(), fixture.pathValue(template, p.getName(), "TELLER")));
        }
        return path;
    }

    private String malformed(String template, Operation operation, String role) {
        List<Parameter> params = parameters(operation, "path");
        String path = fill(template.replace("{" + params.get(params.size() - 1).getName() + "}", "not%20valid%00"), operation, role);
        return path;
    }

    private static List<Parameter> parameters(Operation operation, String in) {
        return operation.getParameters() == null ? List.of() : operation.getParameters().stream().filter(p -> in.equals(p.getIn())).toList();
    }

    @SuppressWarnings("rawtypes")
    private static Schema<?> bodySchema(Operation operation, OpenAPI openApi) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return null;
        }
        MediaType json = operation.getRequestBody().getContent().get("application/json");
        return json == null ? null : resolve(json.getSchema(), openApi);
    }

    @SuppressWarnings("rawtypes")
    static Schema resolve(Schema schema, OpenAPI openApi) {
        if (schema != null && schema.get$ref() != null) {
            String ref = schema.get$ref();
            return openApi.getComponents().getSchemas().get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return schema;
    }

    private HttpResponse<String> send(MutableHttpRequest<?> request) {
        try {
            return client.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> response = (HttpResponse<String>) e.getResponse();
            return response;
        }
    }

    private static SimpleResponse simple(HttpResponse<String> response) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.getStatus().getCode());
        response.getContentType().ifPresent(type -> builder.withContentType(type.toString()));
        String type = response.getContentType().map(Object::toString).orElse("");
        response.getBody(String.class).ifPresent(builder::withBody);
        response.getHeaders().forEach((name, values) -> builder.withHeader(name, values));
        return builder.build();
    }

    /** "METHOD /path" -> the roles the authorization matrix allows (ANONYMOUS included when open). */
    private static Map<String, List<String>> matrix() throws java.io.IOException {
        Map<String, List<String>> allowed = new HashMap<>();
        List<String> lines = Files.readAllLines(Path.of("security/authorization-matrix.csv"), StandardCharsets.UTF_8);
        String[] header = null;
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",");
            if (header == null) {
                header = cells;
                continue;
            }
            List<String> roles = new ArrayList<>();
            for (int i = 2; i < header.length && i < cells.length; i++) {
                if ("A".equals(cells[i])) {
                    roles.add(header[i]);
                }
            }
            allowed.put(cells[0] + " " + cells[1], roles);
        }
        return allowed;
    }

    // ---- the objects the requests name -------------------------------------------------------------

    /** Values for path parameters and body fields by name, each naming an object made for it here. */
    private final class Fixture {
        final Api teller = sessions.get("TELLER");
        final String equity = teller.openEquity("EUR");
        final String customerRef = sessionUsers.get("CUSTOMER").customerRef();
        final String ownAccount = teller.openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", customerRef));
        final String otherAccount = teller.openCustomer("EUR");

        Fixture() {
            teller.fund(equity, ownAccount, "500.00", "EUR");
            teller.fund(equity, otherAccount, "500.00", "EUR");
        }

        String pathValue(String template, String name, String role) {
            return switch (name) {
                case "accountNumber" -> template.startsWith("/api/") ? ownAccount : teller.openCustomer("EUR");
                case "entryId" -> String.valueOf(teller.body(teller.transfer(equity, ownAccount, "1.00", "EUR")).get("id"));
                case "holdId" -> String.valueOf(teller.body(teller.postIdempotent("/internal/v1/holds", Map.of("debitAccount", otherAccount,
                        "creditAccount", ownAccount, "amount", "1.00", "currency", "EUR", "timeoutSeconds", 3600,
                        "description", "contract"))).get("id"));
                case "username" -> context.getBean(UserAdmin.class).create(TestUsers.uniqueName("contract"), "Contract",
                        EnumSet.of(Role.AUDITOR), null, AuditContext.system("test-setup")).user().username();
                case "customerNumber" -> String.valueOf(teller.createCustomer(corebank.support.TestCustomers.body("Contract Customer")).get("number"));
                case "statement" -> YearMonth.now(ZoneOffset.UTC) + ".csv";
                default -> "1";
            };
        }

        static String unknownValue(String name, String real) {
            if (real.matches("[0-9a-f]{8}-[0-9a-f]{4}-.*")) {
                return UUID.randomUUID().toString();
            }
            return switch (name) {
                case "accountNumber" -> AccountNumber.fromSequence(9_999_999_000L);
                case "username" -> "nobody-" + UUID.randomUUID().toString().substring(0, 8);
                case "customerNumber" -> "C999999999";
                case "statement" -> real;
                default -> real.matches("\\d+") ? "999999999" : real + "-unknown";
            };
        }

        @SuppressWarnings({"rawtypes", "unchecked"})
        Object body(String operation, Schema schema, OpenAPI openApi, String role) {
            Map<String, Object> body = new LinkedHashMap<>();
            Map<String, Schema> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            for (Map.Entry<String, Schema> p : properties.entrySet()) {
                Object value = field(operation, p.getKey(), resolve(p.getValue(), openApi), openApi, role);
                if (value != null || required.contains(p.getKey())) {
                    body.put(p.getKey(), value);
                }
            }
            return body;
        }

        @SuppressWarnings("rawtypes")
        Object field(String operation, String name, Schema schema, OpenAPI openApi, String role) {
            boolean customer = operation.contains(" /api/");
            return switch (name) {
                case "debitAccount" -> otherAccount;
                case "creditAccount" -> ownAccount;
                case "fromAccount" -> ownAccount;
                case "toAccount" -> otherAccount;
                case "account" -> ownAccount;
                case "amount" -> "1.00";
                // the cash desk's currency set-up is once per currency for the whole test database: not the EUR other tests set up
                case "currency" -> operation.endsWith("/cash/currencies") ? "SEK" : "EUR";
                case "description", "reason", "memo", "note" -> "contract test";
                case "name", "displayName", "nickname" -> "Contract " + UUID.randomUUID().toString().substring(0, 6);
                case "ownerRef" -> "bank:contract";
                case "kind" -> "EQUITY";
                case "timeoutSeconds" -> 3600;
                case "limit", "overdraftLimit" -> "0.00";
                case "debitsMustNotExceedCredits", "creditsMustNotExceedDebits" -> false;
                case "username" -> TestUsers.uniqueName("contract");
                case "roles" -> List.of("AUDITOR");
                case "countedAmount" -> "0.00";
                default -> null;
            };
        }
    }
}
