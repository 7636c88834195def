package corebank.identity;

import corebank.identity.user.Role;
import corebank.audit.AuditContext;
import corebank.ledger.Account;
import corebank.ledger.AccountKind;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.AccountNumber;
import corebank.ledger.Ledger;
import corebank.ledger.Money;
import corebank.ledger.Movement;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives security/authorization-matrix.csv against the running engine: every route of the
 * OpenAPI document, for every role and for anonymous callers, plus another customer's object
 * for every customer route that addresses one.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest implements DatabaseTest {

    static final Path MATRIX = Path.of("security", "authorization-matrix.csv");
    static final List<String> ROLES = List.of("ANONYMOUS", "CUSTOMER", "TELLER", "SUPERVISOR", "AUDITOR", "ADMIN");
    static final Set<String> MANAGEMENT = Set.of("GET /health", "GET /health/readiness", "GET /health/liveness", "GET /prometheus");

    /** The web app's page and static files: not API routes, so not in the OpenAPI document. */
    static boolean isWebApp(String route) {
        return route.equals("GET /") || route.startsWith("GET /app/");
    }

    record Row(String method, String path, Map<String, Boolean> allowed, boolean ownerChecked) {
        String route() {
            return method + " " + path;
        }
    }

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    Ledger ledger;

    final Map<String, TestUsers.Enrolled> users = new HashMap<>();
    final Map<String, String> sharedTokens = new HashMap<>();
    Map<String, String> mine;
    Map<String, String> theirs;
    String targetUser;
    String billerCode;
    String runId;
    String customerNumber;

    @BeforeAll
    void setUp() {
        for (Role role : Role.values()) {
            TestUsers.Enrolled user = TestUsers.enroll(context, role);
            users.put(role.name(), user);
            sharedTokens.put(role.name(), TestUsers.loginWithRecoveryCode(client.toBlocking(), user, 0).accessToken());
        }
        TestUsers.Enrolled other = TestUsers.enroll(context, Role.CUSTOMER);
        AuditContext setup = AuditContext.system("test-setup");
        Account settlement = ledger.openAccount(new Ledger.NewAccount(AccountKind.SETTLEMENT, "EUR", "settlement", "bank:matrix", null, null, null), setup);
        billerCode = "MX" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100000);
        context.getBean(corebank.payments.Billers.class).register(billerCode, "Matrix Power", "EUR", settlement.number(),
                "DE89370400440532013000", "[0-9]{4,10}", "NONE", setup);
        runId = context.getBean(corebank.payments.Settlements.class)
                .settle(billerCode, java.time.LocalDate.now().minusDays(1), setup).id().toString();
        mine = fixtures(users.get("CUSTOMER").customerRef());
        theirs = fixtures(other.customerRef());
        targetUser = TestUsers.enroll(context, Role.TELLER).username();
        customerNumber = context.getBean(corebank.customers.Customers.class).byRef(users.get("CUSTOMER").customerRef())
                .orElseThrow().number();
    }

    /** An account of the customer with money, an entry on it, and a hold. */
    private Map<String, String> fixtures(String customerRef) {
        AuditContext setup = AuditContext.system("test-setup");
        Account equity = ledger.openAccount(new Ledger.NewAccount(AccountKind.EQUITY, "EUR", "equity", "bank:matrix", null, null, null), setup);
        Account account = ledger.openAccount(new Ledger.NewAccount(AccountKind.CUSTOMER_DEPOSIT, "EUR", "matrix", customerRef, null, null, null), setup);
        UUID entry = ledger.transfer(new Movement(new AccountNumber(equity.number()), new AccountNumber(account.number()),
                        Money.parse("100.00", "EUR", "amount"), "matrix funding"),
                IdempotencyRef.of("system:test", UUID.randomUUID().toString()), setup).resultId();
        UUID hold = ledger.placeHold(new Movement(new AccountNumber(account.number()), new AccountNumber(equity.number()),
                        Money.parse("1.00", "EUR", "amount"), "matrix hold"), 3600L,
                IdempotencyRef.of("system:test", UUID.randomUUID().toString()), setup).resultId();
        var payments = context.getBean(corebank.payments.BillPayments.class);
        var payee = payments.savePayee(customerRef, billerCode, "123456", "power", setup);
        // a payee of its own for DELETE /api/v1/payees/{payeeId}, so deleting it leaves the others' routes their objects
        var deletable = payments.savePayee(customerRef, billerCode, "654321", "to delete", setup);
        var payment = payments.schedule(customerRef, new corebank.payments.BillPayments.Order(payee.id(), account.number(), "1.00",
                "EUR", null, corebank.payments.Schedule.Frequency.ONCE, payments.today().plusDays(30), null, null, null),
                UUID.randomUUID().toString(), setup);
        return Map.of("accountNumber", account.number(), "entryId", entry.toString(), "holdId", hold.toString(),
                "equity", equity.number(), "payeeId", payee.id().toString(), "paymentId", payment.id().toString(),
                "deletablePayeeId", deletable.id().toString());
    }

    static List<Row> matrix() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(MATRIX)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("method,")) {
                continue;
            }
            String[] cells = line.split(",");
            Map<String, Boolean> allowed = new HashMap<>();
            for (int i = 0; i < ROLES.size(); i++) {
                allowed.put(ROLES.get(i), switch (cells[2 + i].trim()) {
                    case "A" -> true;
                    case "D" -> false;
                    default -> throw new IllegalStateException("matrix cell must be A or D: " + line);
                });
            }
            rows.add(new Row(cells[0].trim(), cells[1].trim(), allowed, "yes".equals(cells[8].trim())));
        }
        return rows;
    }

    Stream<Arguments> cells() throws IOException {
        List<Arguments> cells = new ArrayList<>();
        for (Row row : matrix()) {
            for (String role : ROLES) {
                cells.add(Arguments.of(row.route(), role, row));
            }
        }
        return cells.stream();
    }

    @Test
    @SuppressWarnings("unchecked")
    void matrixListsExactlyTheRoutesOfTheOpenApiDocument() throws IOException {
        String document = client.toBlocking().retrieve(HttpRequest.GET("/openapi/corebank-0.1.yml"), String.class);
        Map<String, Object> paths = (Map<String, Object>) new Yaml().<Map<String, Object>>load(document).get("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> ((Map<String, Object>) operations).keySet()
                .forEach(method -> documented.add(method.toUpperCase() + " " + path)));
        Set<String> inMatrix = new TreeSet<>();
        matrix().forEach(r -> inMatrix.add(r.route()));
        inMatrix.removeAll(MANAGEMENT);
        inMatrix.removeIf(AuthorizationMatrixTest::isWebApp);
        assertThat(inMatrix).isEqualTo(documented);
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cells")
    void enforcesTheMatrix(String route, String role, Row row) {
        HttpResponse<?> response = call(row, role, mine);
        int status = response.getStatus().getCode();
        if (row.allowed().get(role)) {
            assertThat(status).as("%s as %s must be allowed", route, role).isNotIn(401, 403);
        } else {
            assertThat(status).as("%s as %s must be denied", route, role).isEqualTo(role.equals("ANONYMOUS") ? 401 : 403);
        }
    }

    Stream<Arguments> ownedRoutes() throws IOException {
        return matrix().stream().filter(Row::ownerChecked).map(r -> Arguments.of(r.route(), r));
    }

    @ParameterizedTest(name = "{0} on another customer's object")
    @MethodSource("ownedRoutes")
    void anotherCustomersObjectAnswersNotFound(String route, Row row) {
        HttpResponse<?> response = call(row, "CUSTOMER", theirs);
        assertThat(response.getStatus().getCode()).as(route).isEqualTo(404);
    }

    private HttpResponse<?> call(Row row, String role, Map<String, String> objects) {
        String path = row.path().replace("{accountNumber}", objects.get("accountNumber"))
                .replace("{entryId}", objects.get("entryId")).replace("{holdId}", objects.get("holdId"))
                .replace("{username}", targetUser).replace("{paymentId}", objects.get("paymentId")).replace("{runId}", runId)
                .replace("{statement}", java.time.YearMonth.now(java.time.ZoneOffset.UTC) + ".pdf")
                .replace("{payeeId}", objects.get("deletablePayeeId")).replace("{customerNumber}", customerNumber)
                .replace("{approvalId}", UUID.randomUUID().toString())
                // no such till, day or difference: the role check answers first, then 404
                .replace("{tillId}", "999999999").replace("{dayId}", "999999999").replace("{differenceId}", "999999999");
        Map<String, Object> body = bodyFor(row, objects);
        MutableHttpRequest<?> request = HttpRequest.create(HttpMethod.valueOf(row.method()), path);
        if (!row.method().equals("GET")) {
            ((MutableHttpRequest<Object>) request).body(body);
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        if (!role.equals("ANONYMOUS")) {
            request.bearerAuth(tokenFor(row, role));
        }
        if (isWebApp(row.route()) || row.path().contains("/statements/")) {
            try {
                return client.toBlocking().exchange(request, String.class);
            } catch (io.micronaut.http.client.exceptions.HttpClientResponseException e) {
                return e.getResponse();
            }
        }
        return new Api(client.toBlocking()).exchange(request);
    }

    /** Routes that end or change sessions run as a throwaway user of the role, so the shared sessions survive. */
    private String tokenFor(Row row, String role) {
        if (row.path().contains("logout") || row.path().endsWith("/password") || row.path().contains("re-enrollment")) {
            return TestUsers.loginAs(context, client.toBlocking(), Role.valueOf(role)).accessToken();
        }
        return sharedTokens.get(role);
    }

    /** A transfer from the addressed customer's account to the other customer's: valid but for ownership. */
    private Map<String, Object> bodyFor(Row row, Map<String, String> objects) {
        if (row.path().equals("/api/v1/bill-payments")) {
            return Map.of("payeeId", objects.get("payeeId"), "fromAccount", objects.get("accountNumber"), "amount", "1.00",
                    "currency", "EUR", "frequency", "ONCE", "startDate", java.time.LocalDate.now().plusDays(20).toString());
        }
        if (row.path().equals("/api/v1/transfers")) {
            String other = objects == mine ? theirs.get("accountNumber") : mine.get("accountNumber");
            return Map.of("fromAccount", objects.get("accountNumber"), "toAccount", other, "amount", "0.01", "currency", "EUR");
        }
        return Map.of();
    }
}
