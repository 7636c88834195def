package corebank.platform;

import corebank.support.Api;
import corebank.support.DatabaseTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    io.micronaut.context.ApplicationContext context;

    @Test
    void healthIsUpWithoutLeakingDetails() {
        HttpResponse<String> response = client.toBlocking().exchange(HttpRequest.GET("/health"), String.class);
        assertThat(response.getStatus().getCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"").doesNotContain("jdbc:");
    }

    @Test
    void exposesPrometheusMetricsIncludingLedgerRetries() {
        new Api(client.toBlocking(), corebank.support.TestUsers.loginAs(context, client.toBlocking(), corebank.identity.user.Role.TELLER).accessToken()).openEquity("EUR");
        String metrics = client.toBlocking().retrieve(HttpRequest.GET("/prometheus"), String.class);
        assertThat(metrics).contains("corebank_tx_retries_total").contains("corebank_tx_commits_total")
                .contains("corebank_ledger_batch_size").contains("corebank_ledger_batch_duration_seconds_sum");
    }

    @Test
    void servesTheOpenApiDocumentGeneratedFromTheCode() {
        String document = client.toBlocking().retrieve(HttpRequest.GET("/openapi/corebank-0.1.yml"), String.class);
        assertThat(document).contains("openapi:").contains("/internal/v1/transfers").contains("/internal/v1/holds/{holdId}/post")
                .contains("/internal/v1/entries/{entryId}/reversal").contains("/internal/v1/trial-balance");
    }

    @Test
    void returnsAcceptableClientRequestIdAndCarriesItIntoTheJournal() {
        Api api = new Api(client.toBlocking(), corebank.support.TestUsers.loginAs(context, client.toBlocking(), corebank.identity.user.Role.TELLER).accessToken());
        String equity = api.openEquity("EUR");
        String customer = api.openCustomer("EUR");
        HttpResponse<Map> response = api.exchange(HttpRequest.POST("/internal/v1/transfers", Map.of("debitAccount", equity,
                        "creditAccount", customer, "amount", "1.00", "currency", "EUR"))
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .header("X-Request-Id", "client-req-123456"));
        assertThat(response.header("X-Request-Id")).isEqualTo("client-req-123456");
        assertThat(api.body(response).get("requestId")).isEqualTo("client-req-123456");
    }

    @Test
    void replacesUnacceptableRequestId() {
        HttpResponse<String> response = client.toBlocking().exchange(HttpRequest.GET("/health")
                .header("X-Request-Id", "bad id with spaces"), String.class);
        assertThat(response.header("X-Request-Id")).matches("[0-9a-f-]{36}");
    }
}
