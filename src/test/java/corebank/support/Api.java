package corebank.support;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;

import java.util.Map;
import java.util.UUID;

/** A thin test client: every call returns the response, whatever its status, with a JSON map body. */
public final class Api {

    public static final Argument<Map> MAP = Argument.of(Map.class);
    private final BlockingHttpClient http;
    private final String accessToken;

    public Api(BlockingHttpClient http) {
        this(http, null);
    }

    /** A client that sends {@code Authorization: Bearer <accessToken>} with every request. */
    public Api(BlockingHttpClient http, String accessToken) {
        this.http = http;
        this.accessToken = accessToken;
    }

    public String accessToken() {
        return accessToken;
    }

    public Api as(String token) {
        return new Api(http, token);
    }

    public HttpResponse<Map> exchange(MutableHttpRequest<?> request) {
        if (accessToken != null && request.getHeaders().get("Authorization") == null) {
            request.bearerAuth(accessToken);
        }
        try {
            return http.exchange(request, MAP, MAP);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<Map> response = (HttpResponse<Map>) e.getResponse();
            return response;
        }
    }

    public Map body(HttpResponse<Map> response) {
        return response.getBody(Map.class).orElseGet(() -> response.getBody(MAP).orElse(null));
    }

    public HttpResponse<Map> get(String path) {
        return exchange(HttpRequest.GET(path));
    }

    public HttpResponse<Map> post(String path, Object body) {
        return exchange(HttpRequest.POST(path, body));
    }

    public HttpResponse<Map> postIdempotent(String path, Object body, String key) {
        return exchange(HttpRequest.POST(path, body).header("Idempotency-Key", key));
    }

    public HttpResponse<Map> postIdempotent(String path, Object body) {
        return postIdempotent(path, body, UUID.randomUUID().toString());
    }

    /** Opens an account and returns its number. */
    public String openAccount(String kind, String currency, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("kind", kind, "currency", currency, "name", "test " + kind));
        body.putAll(extra);
        HttpResponse<Map> response = post("/internal/v1/accounts", body);
        if (response.getStatus().getCode() != 201) {
            throw new AssertionError("open account failed: " + response.getStatus() + " " + response.getBody(String.class));
        }
        return (String) body(response).get("number");
    }

    /** Opens a customer deposit for a new customer (made first, as the database requires). */
    public String openCustomer(String currency) {
        return openAccount("CUSTOMER_DEPOSIT", currency, Map.of("ownerRef", createCustomer()));
    }

    /** Creates a customer record over HTTP (as a teller or supervisor) and returns its customerRef. */
    public String createCustomer() {
        return (String) createCustomer(TestCustomers.body("Test Customer")).get("customerRef");
    }

    /** Creates a customer record from {@code body} over HTTP and returns the answer. */
    public Map<?, ?> createCustomer(Map<String, Object> body) {
        HttpResponse<Map> response = post("/internal/v1/customers", body);
        if (response.getStatus().getCode() != 201) {
            throw new AssertionError("create customer failed: " + response.getStatus() + " " + body(response));
        }
        return body(response);
    }

    /** A bank-internal funding account without limits (equity). */
    public String openEquity(String currency) {
        return openAccount("EQUITY", currency, Map.of("ownerRef", "bank:test"));
    }

    public HttpResponse<Map> transfer(String debit, String credit, String amount, String currency) {
        return postIdempotent("/internal/v1/transfers", Map.of("debitAccount", debit, "creditAccount", credit,
                "amount", amount, "currency", currency));
    }

    public void fund(String equity, String account, String amount, String currency) {
        HttpResponse<Map> response = transfer(equity, account, amount, currency);
        if (response.getStatus().getCode() != 201) {
            throw new AssertionError("funding failed: " + response.getStatus() + " " + body(response));
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> balances(String account) {
        return (Map<String, Object>) body(get("/internal/v1/accounts/" + account)).get("balances");
    }

    /**
     * Every row of a paged list (the rows under {@code key}, {@code nextCursor} to continue),
     * walked {@code limit} at a time; fails when a page answers other than 200 or holds more.
     */
    @SuppressWarnings("unchecked")
    public java.util.List<Map<String, Object>> allPages(String path, String key, int limit) {
        java.util.List<Map<String, Object>> rows = new java.util.ArrayList<>();
        String cursor = null;
        do {
            String page = path + (path.contains("?") ? "&" : "?") + "limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8));
            HttpResponse<Map> response = get(page);
            if (response.getStatus().getCode() != 200) {
                throw new AssertionError(page + " answered " + response.getStatus() + " " + body(response));
            }
            Map<String, Object> body = body(response);
            java.util.List<Map<String, Object>> items = (java.util.List<Map<String, Object>>) body.getOrDefault(key, java.util.List.of());
            if (items.size() > limit) {
                throw new AssertionError(page + " answered " + items.size() + " rows");
            }
            rows.addAll(items);
            cursor = (String) body.get("nextCursor");
        } while (cursor != null);
        return rows;
    }
}
