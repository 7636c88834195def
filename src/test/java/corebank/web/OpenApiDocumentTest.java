package corebank.web;

import corebank.support.DatabaseTest;
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
