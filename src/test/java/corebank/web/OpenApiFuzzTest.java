package corebank.web;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.LedgerSnapshot;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fuzz test generated from the served OpenAPI document: every operation, as every role and
 * anonymously, with a fixed seed. Each request carries random values (plausible ones, extreme
 * ones, wrong JSON types, nulls, long and non-Latin text) and at least one defect the engine
 * must refuse: a control character or lone surrogate in a path variable, a query value or a
 * body string, a body field of the wrong JSON type, text after the JSON document, malformed
 * JSON or a wrong Content-Type. The engine must answer every one with a 4xx problem document
 * carrying a code (never 5xx, never a success), and nothing may change: ledger, users, payees,
 * bill payments, billers and audit rows other than refusals.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiFuzzTest implements DatabaseTest {

    static final long SEED = 13;
    static final int REQUESTS_PER_OPERATION_AND_ROLE = 12;
    private static final String[] BAD_TEXT = {"\u0000", "a\u0001b", "line\nbreak", "\ud800", "x\udc00", "\u001b[31m", "\u007f"};
    private static final String[] NOISE_TEXT = {"", " ", "a", "x".repeat(300), "ÄÖÜ ß €", "😀", "' OR 1=1 --", "../../etc/passwd",
            "<script>", "-1", "0", "9223372036854775808", "12.345", "2026-02-30", "EUR", "ONCE", "null", "%00", "\\u0000"};

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("corebank.payments.scheduler-initial-delay", "1h", "corebank.payments.settlement-initial-delay", "1h");
    }

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;

    private final Random random = new Random(SEED);
    private final List<String> accounts = new ArrayList<>();
    private Map<String, Object> components;

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationRefusesBadInputWithAProblemAndChangesNothing() {
        Map<String, Api> roles = new LinkedHashMap<>();
        roles.put("ANONYMOUS", new Api(client.toBlocking()));
        for (Role role : List.of(Role.CUSTOMER, Role.TELLER, Role.SUPERVISOR, Role.AUDITOR, Role.ADMIN)) {
            roles.put(role.name(), new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), role).accessToken()));
        }
        Api teller = roles.get("TELLER");
        String equity = teller.openEquity("EUR");
        accounts.add(equity);
        accounts.add(teller.openCustomer("EUR"));
        teller.fund(equity, accounts.get(1), "50.00", "EUR");

        String document = client.toBlocking().retrieve("/openapi/corebank-0.1.yml");
        Map<String, Object> openapi = new Yaml().load(document);
        components = (Map<String, Object>) ((Map<String, Object>) openapi.getOrDefault("components", Map.of())).getOrDefault("schemas", Map.of());
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) openapi.get("paths");

        State before = State.take();
        int requests = 0;
        int operations = 0;
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
            for (Map.Entry<String, Object> op : path.getValue().entrySet()) {
                if (!List.of("get", "post", "put", "delete", "patch").contains(op.getKey())) {
                    continue;
                }
                operations++;
                Map<String, Object> operation = (Map<String, Object>) op.getValue();
                for (Map.Entry<String, Api> role : roles.entrySet()) {
                    for (int i = 0; i < REQUESTS_PER_OPERATION_AND_ROLE; i++) {
                        MutableHttpRequest<?> request = request(op.getKey().toUpperCase(), path.getKey(), operation);
                        if (role.getValue().accessToken() != null) {
                            request.bearerAuth(role.getValue().accessToken());
                        }
                        HttpResponse<String> response = send(request);
                        requests++;
                        int status = response.getStatus().getCode();
                        statuses.merge(status, 1, Integer::sum);
                        String problem = problemFault(response);
                        if (problem != null && failures.size() < 30) {
                            failures.add(role.getKey() + " " + request.getMethodName() + " " + request.getUri() + " "
                                    + request.getBody().map(String::valueOf).map(b -> b.length() > 300 ? b.substring(0, 300) : b).orElse("")
                                    + " -> " + status + ": " + problem + " " + response.getBody(String.class).orElse(""));
                        }
                    }
                }
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        System.out.printf("OpenApiFuzzTest: %d requests, %d operations, %d roles, seed %d, %d s, statuses %s%n",
                requests, operations, roles.size(), SEED, seconds, statuses);
        assertThat(failures).isEmpty();
        assertThat(operations).isGreaterThanOrEqualTo(60);
        assertThat(requests).isGreaterThanOrEqualTo(4000);
        assertThat(statuses.keySet()).allMatch(s -> s >= 400 && s < 500);
        assertThat(State.take()).isEqualTo(before);
    }

    private HttpResponse<String> send(MutableHttpRequest<?> request) {
        try {
            return client.toBlocking().exchange(request, io.micronaut.core.type.Argument.STRING, io.micronaut.core.type.Argument.STRING);
        } catch (io.micronaut.http.client.exceptions.HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> response = (HttpResponse<String>) e.getResponse();
            return response;
        }
    }

    /** Why the answer is not a 4xx problem document with a code, or null when it is. */
    private String problemFault(HttpResponse<String> response) {
        int status = response.getStatus().getCode();
        if (status < 400 || status >= 500) {
            return "status " + status;
        }
        if (!response.getContentType().map(MediaType::toString).orElse("").startsWith(ProblemDetail.MEDIA_TYPE)) {
            return "content type " + response.getContentType().orElse(null);
        }
        try {
            Map<?, ?> body = context.getBean(io.micronaut.json.JsonMapper.class)
                    .readValue(response.getBody(String.class).orElse("{}"), Map.class);
            if (!(body.get("code") instanceof String code) || code.isBlank()) {
                return "no code";
            }
        } catch (java.io.IOException e) {
            return "not JSON";
        }
        return null;
    }

    // ---- request generation ----------------------------------------------------------------------

    private enum Defect { PATH, QUERY, BODY_TEXT, BODY_TYPE, TRAILING, MALFORMED, CONTENT_TYPE }

    @SuppressWarnings("unchecked")
    private MutableHttpRequest<?> request(String method, String template, Map<String, Object> operation) {
        List<Map<String, Object>> parameters = (List<Map<String, Object>>) operation.getOrDefault("parameters", List.of());
        Map<String, Object> bodySchema = bodySchema(operation);
        List<Defect> possible = new ArrayList<>(List.of(Defect.QUERY));
        if (template.contains("{")) {
            possible.add(Defect.PATH);
        }
        if (bodySchema != null) {
            possible.addAll(List.of(Defect.BODY_TEXT, Defect.BODY_TEXT, Defect.BODY_TYPE, Defect.BODY_TYPE, Defect.TRAILING,
                    Defect.MALFORMED, Defect.CONTENT_TYPE));
        }
        Defect defect = possible.get(random.nextInt(possible.size()));

        List<String> pathNames = new ArrayList<>();
        for (Map<String, Object> p : parameters) {
            if ("path".equals(p.get("in"))) {
                pathNames.add((String) p.get("name"));
            }
        }
        String badPathVariable = pathNames.isEmpty() ? null : pathNames.get(random.nextInt(pathNames.size()));
        String path = template;
        for (String name : pathNames) {
            String value = defect == Defect.PATH && name.equals(badPathVariable) ? bad(plausible(name)) : pathValue(name);
            path = path.replace("{" + name + "}", encode(value));
        }
        StringBuilder query = new StringBuilder();
        for (Map<String, Object> p : parameters) {
            if ("query".equals(p.get("in")) && random.nextInt(3) > 0) {
                String name = (String) p.get("name");
                append(query, name, random.nextBoolean() ? plausible(name) : noise());
            }
        }
        if (defect == Defect.QUERY) {
            List<String> names = new ArrayList<>();
            parameters.stream().filter(p -> "query".equals(p.get("in"))).forEach(p -> names.add((String) p.get("name")));
            names.add("q");
            String name = names.get(random.nextInt(names.size()));
            append(query, name, bad(plausible(name)));
        }
        String uri = path + (query.isEmpty() ? "" : "?" + query);
        MutableHttpRequest<Object> request = HttpRequest.create(HttpMethod.valueOf(method), uri);
        if (random.nextInt(4) > 0) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        if (bodySchema == null) {
            return request;
        }
        String body = switch (defect) {
            case BODY_TEXT -> json(bodySchema, 0, Defect.BODY_TEXT, new boolean[]{false});
            case BODY_TYPE -> json(bodySchema, 0, Defect.BODY_TYPE, new boolean[]{false});
            case TRAILING -> json(bodySchema, 0, null, null) + pick("}", "}}}", " {}", "]", " 1", "\"x\"");
            case MALFORMED -> pick("{", "{\"a\":", "[1,2", "nul", "{'a':1}", "{\"a\":\"\\q\"}", "\u0000", "{\"a\":1,}");
            default -> json(bodySchema, 0, null, null);
        };
        return request.body(body).contentType(defect == Defect.CONTENT_TYPE
                ? pick("text/plain", "application/xml", "application/x-www-form-urlencoded", "image/png") : MediaType.APPLICATION_JSON);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> bodySchema(Map<String, Object> operation) {
        Map<String, Object> requestBody = (Map<String, Object>) operation.get("requestBody");
        if (requestBody == null) {
            return null;
        }
        Map<String, Object> content = (Map<String, Object>) requestBody.get("content");
        Map<String, Object> json = content == null ? null : (Map<String, Object>) content.get("application/json");
        return json == null ? null : resolve((Map<String, Object>) json.get("schema"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resolve(Map<String, Object> schema) {
        if (schema != null && schema.get("$ref") instanceof String ref) {
            return (Map<String, Object>) components.get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return schema;
    }

    /**
     * JSON text for the schema. With a defect: an object gets it in one of its properties (the
     * first object property that can take it; {@code placed[0]} says it was placed), the rest
     * random. Text defects are written as JSON escapes, so lone surrogates travel as such.
     */
    @SuppressWarnings("unchecked")
    private String json(Map<String, Object> schema, int depth, Defect defect, boolean[] placed) {
        schema = resolve(schema);
        String type = schema == null ? "object" : String.valueOf(schema.getOrDefault("type", schema.containsKey("properties") ? "object" : "string"));
        if ("object".equals(type)) {
            Map<String, Object> properties = schema == null ? Map.of() : (Map<String, Object>) schema.getOrDefault("properties", Map.of());
            List<String> names = new ArrayList<>(properties.keySet());
            String target = null;
            if (defect != null && !placed[0]) {
                List<String> candidates = new ArrayList<>();
                for (String name : names) {
                    Map<String, Object> p = resolve((Map<String, Object>) properties.get(name));
                    String t = p == null ? "object" : String.valueOf(p.getOrDefault("type", "object"));
                    if (defect == Defect.BODY_TYPE || "string".equals(t)) {
                        candidates.add(name);
                    }
                }
                if (!candidates.isEmpty()) {
                    target = candidates.get(random.nextInt(candidates.size()));
                }
            }
            StringBuilder out = new StringBuilder("{");
            for (String name : names) {
                Map<String, Object> p = (Map<String, Object>) properties.get(name);
                String value;
                if (name.equals(target)) {
                    placed[0] = true;
                    value = defect == Defect.BODY_TEXT ? quote(bad(plausible(name))) : wrongType(resolve(p));
                } else if (random.nextInt(6) == 0) {
                    continue; // left out
                } else {
                    value = depth < 3 ? valueFor(name, p, depth) : "null";
                }
                out.append(out.length() > 1 ? "," : "").append(quote(name)).append(':').append(value);
            }
            if (defect != null && !placed[0]) {
                // no property could take it: a text defect in an extra field, or the whole body of the wrong type
                placed[0] = true;
                if (defect == Defect.BODY_TEXT) {
                    out.append(out.length() > 1 ? "," : "").append(quote("note")).append(':').append(quote(bad("x")));
                } else {
                    return "[" + out.append('}') + "]";
                }
            }
            return out.append('}').toString();
        }
        return valueFor("value", schema, depth);
    }

    @SuppressWarnings("unchecked")
    private String valueFor(String name, Map<String, Object> schema, int depth) {
        schema = resolve(schema);
        String type = schema == null ? "object" : String.valueOf(schema.getOrDefault("type", "object"));
        int roll = random.nextInt(10);
        if (roll == 0) {
            return "null";
        }
        if (roll == 1) {
            return pick("1", "-1", "0", "2147483648", "1e400", "true", "\"\"", "[]", "{}", quote(noise()));
        }
        return switch (type) {
            case "string" -> {
                List<Object> values = (List<Object>) schema.get("enum");
                yield values != null && random.nextBoolean() ? quote(String.valueOf(values.get(random.nextInt(values.size()))))
                        : quote(random.nextBoolean() ? plausible(name) : noise());
            }
            case "integer" -> pick("0", "1", "31", "-5", "2147483647", "9223372036854775807", "\"7\"");
            case "number" -> pick("0", "1.5", "-1");
            case "boolean" -> pick("true", "false");
            case "array" -> {
                Map<String, Object> items = (Map<String, Object>) schema.get("items");
                int n = random.nextInt(3);
                StringBuilder out = new StringBuilder("[");
                for (int i = 0; i < n; i++) {
                    out.append(i > 0 ? "," : "").append(depth < 3 ? json(items, depth + 1, null, null) : "null");
                }
                yield out.append(']').toString();
            }
            default -> json(schema, depth + 1, null, null);
        };
    }

    /** A JSON value of a type the property cannot take. */
    private String wrongType(Map<String, Object> schema) {
        String type = schema == null ? "object" : String.valueOf(schema.getOrDefault("type", "object"));
        return "array".equals(type) ? pick("{}", "{\"a\":1}", "\"x\"") : pick("[]", "[1]", "{\"nested\":{}}");
    }

    private String plausible(String name) {
        String n = name.toLowerCase();
        if (n.contains("account") || n.equals("account")) {
            return accounts.get(random.nextInt(accounts.size()));
        }
        if (n.endsWith("id") && !n.equals("requestid")) {
            return UUID.randomUUID().toString();
        }
        if (n.contains("date") || n.equals("from") || n.equals("to") || n.equals("asof")) {
            return random.nextBoolean() ? "2026-11-01" : "2026-11-01T00:00:00Z";
        }
        if (n.contains("amount") || n.contains("limit")) {
            return pick("1.00", "0.01", "100", "-1.00");
        }
        if (n.equals("currency")) {
            return pick("EUR", "USD", "XXX");
        }
        if (n.equals("statement")) {
            return pick("2026-11.pdf", "2026-11.csv", "2099-01.pdf");
        }
        if (n.equals("username")) {
            return pick("alice", "admin", "nobody");
        }
        if (n.equals("format")) {
            return pick("csv", "ndjson", "json");
        }
        return "value" + random.nextInt(100);
    }

    private String pathValue(String name) {
        return random.nextInt(3) == 0 ? noise() : plausible(name);
    }

    private String noise() {
        return NOISE_TEXT[random.nextInt(NOISE_TEXT.length)];
    }

    /** The text with a character the edge refuses put at a random place. */
    private String bad(String text) {
        String bad = BAD_TEXT[random.nextInt(BAD_TEXT.length)];
        int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
        if (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
            at++;
        }
        return text.substring(0, at) + bad + text.substring(at);
    }

    private String pick(String... values) {
        return values[random.nextInt(values.length)];
    }

    private static void append(StringBuilder query, String name, String value) {
        query.append(query.isEmpty() ? "" : "&").append(encode(name)).append('=').append(encode(value));
    }

    /** Percent-encoding as UTF-8; a lone surrogate (no UTF-8 form) as the bytes of its CESU-8 form. */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1)))) {
                out.append(String.format("%%%02X%%%02X%%%02X", 0xE0 | (c >> 12), 0x80 | ((c >> 6) & 0x3F), 0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c)) {
                out.append(URLEncoder.encode(text.substring(i, i + 2), StandardCharsets.UTF_8).replace("+", "%20"));
                i++;
            } else {
                out.append(URLEncoder.encode(String.valueOf(c), StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return out.toString();
    }

    /** A JSON string literal; control characters and surrogates as \\u escapes. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Everything a request could change, as digests of the tables. */
    record State(LedgerSnapshot ledger, Map<String, String> digests) {
        static State take() {
            Map<String, String> digests = new LinkedHashMap<>();
            try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
                for (String table : List.of("users", "payees", "bill_payments", "billers", "idempotency_keys")) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM "
                            + table + " t")) {
                        rs.next();
                        digests.put(table, rs.getString(1));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_events WHERE outcome = 'SUCCESS' AND actor NOT LIKE 'system:%'")) {
                    rs.next();
                    digests.put("audit_events other than refusals", rs.getString(1));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new State(LedgerSnapshot.take(), digests);
        }
    }
}
