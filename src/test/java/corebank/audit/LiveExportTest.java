package corebank.audit;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline procedure on a live engine: while transfers go on and the sequencer seals every
 * 50 ms, an auditor fetches the witnessed checkpoint, then the export (cut at the checkpoint on
 * its first line), 20 times; the offline verifier must say OK every time.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveExportTest implements DatabaseTest {

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("corebank.audit.seal-interval", "50ms", "corebank.audit.verify-interval", "1h");
    }

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @org.junit.jupiter.api.io.TempDir
    Path exports;

    @Test
    void twentyExportsUnderWriteLoadRaiseNoFalseAlarm() throws Exception {
        Api auditor = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.AUDITOR).accessToken());
        Api teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        String equity = teller.openEquity("EUR");
        String a = teller.openCustomer("EUR");
        String b = teller.openCustomer("EUR");
        teller.fund(equity, a, "1000.00", "EUR");
        byte[] publicKey = Base64.getDecoder().decode((String) auditor.body(auditor.get("/audit/v1/public-key")).get("publicKey"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger transfers = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 5_000 && !stop.get(); i++) {
                    teller.transfer(i % 2 == 0 ? a : b, i % 2 == 0 ? b : a, "0.01", "EUR");
                    if (i % 10 == 0) {
                        teller.openCustomer("EUR");
                    }
                    transfers.incrementAndGet();
                }
            });
            writer.start();
            writers.add(writer);
        }
        int falseAlarms = 0;
        List<String> problems = new ArrayList<>();
        long firstSize = -1;
        long lastSize = -1;
        try {
            for (int run = 0; run < 20; run++) {
                String witness = client.toBlocking().retrieve(HttpRequest.GET("/audit/v1/checkpoints/witnessed")
                        .bearerAuth(auditor.accessToken()), String.class);
                Path log = Files.createTempFile(exports, "live", ".ndjson");
                Files.writeString(log, client.toBlocking().retrieve(HttpRequest.GET("/audit/v1/log/export")
                        .bearerAuth(auditor.accessToken()), String.class));
                VerificationResult result = AuditVerifierCommand.verify(log, null, publicKey, witness);
                if (!result.ok()) {
                    falseAlarms++;
                    problems.add(result.problem());
                }
                firstSize = firstSize < 0 ? result.treeSize() : firstSize;
                lastSize = result.treeSize();
                Files.delete(log);
            }
        } finally {
            stop.set(true);
            for (Thread writer : writers) {
                writer.join();
            }
        }
        System.out.println("live exports: 20, false alarms: " + falseAlarms + ", transfers meanwhile: " + transfers.get()
                + ", tree " + firstSize + " -> " + lastSize);
        assertThat(problems).as("false alarms").isEmpty();
        assertThat(lastSize).as("the log grew during the exports").isGreaterThan(firstSize);
        assertThat(transfers.get()).as("writes went on").isPositive();
    }
}
