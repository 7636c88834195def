package corebank.web;

import corebank.identity.user.Role;
import corebank.platform.ErrorCode;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestUsers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI document (docs/api.md, OpenAPI document): valid for swagger-parser, and for
 * every operation a success status, problem responses with the shared {@code Problem} schema, a
 * security requirement (or an explicit anonymous one), and the Idempotency-Key where the engine
 * refuses a money movement without it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest implements DatabaseTest {

    private static final String PROBLEM = "#/components/schemas/Problem";
    /** The routes that answer without a session. */
    private static final Set<String> ANONYMOUS = Set.of("POST /api/v1/auth/login", "POST /api/v1/auth/second-factor",
            "POST /api/v1/auth/refresh", "POST /api/v1/auth/enrollment", "POST /api/v1/auth/enrollment/confirm");
    /** The POSTs the engine refuses without an Idempotency-Key (idempotency_key_missing). */
    private static final Set<String> IDEMPOTENT = Set.of("POST /internal/v1/transfers", "POST /internal/v1/holds",
            "POST /internal/v1/holds/{holdId}/post", "POST /internal/v1/holds/{holdId}/void",
            "POST /internal/v1/entries/{entryId}/reversal", "POST /internal/v1/onboarding",
            "POST /internal/v1/tills/{tillId}/deposits", "POST /internal/v1/tills/{tillId}/withdrawals",
            "POST /internal/v1/tills/{tillId}/vault-transfers", "POST /api/v1/transfers", "POST /api/v1/bill-payments");

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    io.micronaut.context.ApplicationContext context;

    private SwaggerParseResult parsed;
    private OpenAPI openApi;
    private final Map<String, Operation> operations = new java.util.TreeMap<>();

    @BeforeAll
    void fetch() {
        String document = client.toBlocking().retrieve(HttpRequest.GET("/openapi/corebank-0.1.yml"), String.class);
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        parsed = new OpenAPIV3Parser().readContents(document, null, options);
        openApi = parsed.getOpenAPI();
        for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
            path.getValue().readOperationsMap().forEach((method, operation) -> operations.put(method + " " + path.getKey(), operation));
        }
    }

    @Test
    void isValidWithoutAnyMessage() {
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(openApi.getOpenapi()).startsWith("3.");
        assertThat(operations).hasSizeGreaterThan(90);
    }

    @Test
    void namesServersLicenseContactAndTheSecuritySchemes() {
        assertThat(openApi.getServers()).isNotEmpty().allSatisfy(s -> assertThat(s.getUrl()).startsWith("http"));
        assertThat(openApi.getInfo().getLicense().getName()).isNotBlank();
        assertThat(openApi.getInfo().getContact().getName()).isNotBlank();
        assertThat(openApi.getComponents().getSecuritySchemes()).containsKeys("bearerAuth", "sessionCookie", "csrfToken");
        assertThat(openApi.getComponents().getSecuritySchemes().get("bearerAuth").getBearerFormat()).isEqualTo("JWT");
        assertThat(openApi.getComponents().getSecuritySchemes().get("sessionCookie").getName()).isEqualTo("__Host-cb-access");
        assertThat(openApi.getComponents().getSecuritySchemes().get("csrfToken").getName()).isEqualTo(SessionCookies.CSRF_HEADER);
        assertThat(openApi.getSecurity()).extracting(r -> r.keySet()).containsExactlyInAnyOrder(Set.of("bearerAuth"), Set.of("sessionCookie"));
    }

    @Test
    void problemSchemaMatchesProblemDetail() {
        var problem = openApi.getComponents().getSchemas().get("Problem");
        Set<String> fields = new TreeSet<>();
        for (var component : ProblemDetail.class.getRecordComponents()) {
            fields.add(component.getName());
        }
        assertThat(new TreeSet<>(problem.getProperties().keySet())).isEqualTo(fields);
    }

    @Test
    void everyOperationListsASuccessAndProblemResponses() {
        List<String> wrong = new ArrayList<>();
        operations.forEach((name, operation) -> {
            Map<String, ApiResponse> responses = operation.getResponses();
            if (responses.keySet().stream().noneMatch(code -> code.startsWith("2"))) {
                wrong.add(name + ": no 2xx");
            }
            for (String code : List.of("400", "401", "403", "404", "500")) {
                ApiResponse response = responses.get(code);
                MediaType problem = response == null || response.getContent() == null ? null
                        : response.getContent().get(ProblemDetail.MEDIA_TYPE);
                if (problem == null || !PROBLEM.equals(problem.getSchema().get$ref())) {
                    wrong.add(name + ": " + code + " is not a problem document");
                }
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void successStatusesAreTheOnesTheRoutesAnswer() {
        assertThat(operations.get("POST /internal/v1/accounts").getResponses()).containsKey("201").doesNotContainKey("200");
        assertThat(operations.get("POST /api/v1/transfers").getResponses()).containsKey("201").doesNotContainKey("200");
        assertThat(operations.get("POST /internal/v1/entries/{entryId}/reversal").getResponses()).containsKey("202").doesNotContainKey("200");
        assertThat(operations.get("PUT /internal/v1/accounts/{accountNumber}/overdraft-limit").getResponses()).containsKeys("200", "202");
        assertThat(operations.get("POST /api/v1/auth/logout").getResponses()).containsKey("204").doesNotContainKey("200");
        assertThat(operations.get("POST /api/v1/auth/password").getResponses()).containsKey("204").doesNotContainKey("200");
    }

    @Test
    void everyOperationStatesItsSecurityAndOnlyTheAnonymousOnesAreOpen() {
        List<String> open = new ArrayList<>();
        List<String> undefined = new ArrayList<>();
        operations.forEach((name, operation) -> {
            List<SecurityRequirement> security = operation.getSecurity() != null ? operation.getSecurity() : openApi.getSecurity();
            if (security == null || security.isEmpty()) {
                undefined.add(name);
            } else if (security.stream().anyMatch(Map::isEmpty)) {
                open.add(name);
            }
        });
        assertThat(undefined).isEmpty();
        assertThat(open).containsExactlyInAnyOrderElementsOf(ANONYMOUS);
    }

    @Test
    void moneyMovingPostsRequireTheIdempotencyKey() {
        Set<String> requiring = new TreeSet<>();
        operations.forEach((name, operation) -> {
            List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
            if (parameters.stream().anyMatch(p -> "header".equals(p.getIn()) && "Idempotency-Key".equals(p.getName())
                    && Boolean.TRUE.equals(p.getRequired()))) {
                requiring.add(name);
            }
        });
        assertThat(requiring).isEqualTo(new TreeSet<>(IDEMPOTENT));
    }

    @Test
    void theIdempotencyKeyIsABoundedStringWhereverItIsDocumented() {
        List<String> wrong = new ArrayList<>();
        operations.forEach((name, operation) -> {
            for (Parameter p : operation.getParameters() == null ? List.<Parameter>of() : operation.getParameters()) {
                if ("Idempotency-Key".equals(p.getName())) {
                    var schema = p.getSchema();
                    if (!"string".equals(schema.getType()) || schema.getMinLength() == null || schema.getMinLength() != IdempotencyKeyRequired.MIN_LENGTH
                            || schema.getMaxLength() == null || schema.getMaxLength() != IdempotencyKeyRequired.MAX_LENGTH) {
                        wrong.add(name + ": " + schema);
                    }
                }
            }
        });
        assertThat(wrong).isEmpty();
        // what the engine accepts (ledger.IdempotencyRef): the bounds, and not one character more
        Api api = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        String equity = api.openEquity("EUR");
        String account = api.openCustomer("EUR");
        Map<String, Object> transfer = Map.of("debitAccount", equity, "creditAccount", account, "amount", "1.00", "currency", "EUR");
        assertThat(api.postIdempotent("/internal/v1/transfers", transfer, "k".repeat(IdempotencyKeyRequired.MAX_LENGTH)).getStatus().getCode())
                .isEqualTo(201);
        var tooLong = api.postIdempotent("/internal/v1/transfers", transfer, "k".repeat(IdempotencyKeyRequired.MAX_LENGTH + 1));
        assertThat(tooLong.getStatus().getCode()).isEqualTo(400);
        assertThat(api.body(tooLong).get("field")).isEqualTo("Idempotency-Key");
        assertThat(api.body(api.exchange(HttpRequest.POST("/internal/v1/transfers", transfer))).get("code"))
                .isEqualTo(ErrorCode.IDEMPOTENCY_KEY_MISSING.wire());
    }

    /**
     * Every stable code a problem response names in its description is one the engine answers
     * with that status (web/Problems for the codes features throw, the HTTP layer's own for the rest).
     */
    @Test
    void problemResponsesNameOnlyCodesOfTheirStatus() {
        Map<ErrorCode, Integer> httpLayer = Map.of(ErrorCode.NOT_ACCEPTABLE, 406, ErrorCode.PAYLOAD_TOO_LARGE, 413,
                ErrorCode.UNSUPPORTED_MEDIA_TYPE, 415, ErrorCode.INTERNAL_ERROR, 500, ErrorCode.MALFORMED_REQUEST, 400,
                ErrorCode.METHOD_NOT_ALLOWED, 405);
        List<String> wrong = new ArrayList<>();
        int named = 0;
        for (Map.Entry<String, Operation> op : operations.entrySet()) {
            for (Map.Entry<String, ApiResponse> response : op.getValue().getResponses().entrySet()) {
                int status = Integer.parseInt(response.getKey());
                if (status < 400) {
                    continue;
                }
                java.util.regex.Matcher words = java.util.regex.Pattern.compile("[a-z]+(_[a-z]+)+").matcher(response.getValue().getDescription());
                while (words.find()) {
                    ErrorCode code;
                    try {
                        code = ErrorCode.fromWire(words.group());
                    } catch (IllegalArgumentException notACode) {
                        wrong.add(op.getKey() + " " + status + ": '" + words.group() + "' is no error code");
                        continue;
                    }
                    named++;
                    int expected = code.kind() != null ? Problems.statusOf(code.kind()).getCode() : httpLayer.getOrDefault(code, -1);
                    if (expected != status) {
                        wrong.add(op.getKey() + " " + status + ": " + code + " is answered as " + expected);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(named).isGreaterThan(500);
    }

    @Test
    void operationsDocumentTheRefusalsOfWhatTheyTake() {
        List<String> wrong = new ArrayList<>();
        operations.forEach((name, operation) -> {
            Map<String, ApiResponse> responses = operation.getResponses();
            for (String status : List.of("406", "503")) {
                if (!responses.containsKey(status)) {
                    wrong.add(name + ": no " + status);
                }
            }
            if (operation.getRequestBody() != null && !(responses.containsKey("413") && responses.containsKey("415"))) {
                wrong.add(name + ": a body but no 413/415");
            }
            if (IDEMPOTENT.contains(name) && !(description(responses, "409").contains(ErrorCode.IDEMPOTENCY_CONFLICT.wire())
                    && description(responses, "503").contains(ErrorCode.OUTCOME_UNKNOWN.wire()))) {
                wrong.add(name + ": idempotent, but no 409 idempotency_conflict or 503 outcome_unknown");
            }
            if (ANONYMOUS.contains(name) && !description(responses, "429").contains(ErrorCode.TOO_MANY_REQUESTS.wire())) {
                wrong.add(name + ": throttled, but no 429");
            }
            for (String status : List.of("429", "503")) {
                if (responses.containsKey(status) && (responses.get(status).getHeaders() == null
                        || !responses.get(status).getHeaders().containsKey("Retry-After"))) {
                    wrong.add(name + ": " + status + " without Retry-After");
                }
            }
        });
        assertThat(wrong).isEmpty();
        assertThat(description(operations.get("POST /api/v1/transfers").getResponses(), "422")).contains("insufficient_funds");
        assertThat(description(operations.get("POST /internal/v1/entries/{entryId}/reversal").getResponses(), "409")).contains("already_reversed");
    }

    private static String description(Map<String, ApiResponse> responses, String status) {
        ApiResponse response = responses.get(status);
        return response == null || response.getDescription() == null ? "" : response.getDescription();
    }

    @Test
    void exportsNameTheirMediaTypes() {
        assertThat(operations.get("GET /audit/v1/events/export").getResponses().get("200").getContent())
                .containsKeys("text/csv", "application/x-ndjson");
        assertThat(operations.get("GET /audit/v1/log/export").getResponses().get("200").getContent()).containsKey("application/x-ndjson");
        assertThat(operations.get("GET /audit/v1/journal/export").getResponses().get("200").getContent())
                .containsOnlyKeys("text/csv", "application/x-ndjson");
        assertThat(operations.get("GET /audit/v1/balances").getResponses().get("200").getContent()).containsOnlyKeys("text/csv");
        assertThat(operations.get("GET /audit/v1/journal/export").getSummary()).startsWith("Stream the journal as CSV or NDJSON");
        assertThat(operations.get("GET /internal/v1/tills/{tillId}/days/{dayId}/report.csv").getResponses().get("200").getContent())
                .containsKey("text/csv");
        assertThat(operations.get("GET /internal/v1/tills/{tillId}/days/{dayId}/report.pdf").getResponses().get("200").getContent())
                .containsKey("application/pdf");
        assertThat(operations.get("GET /api/v1/accounts/{accountNumber}/statements/{statement}").getResponses().get("200").getContent())
                .containsKeys("application/pdf", "text/csv");
    }
}
