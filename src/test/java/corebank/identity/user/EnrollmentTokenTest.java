package corebank.identity.user;

import corebank.identity.mfa.Totp;
import corebank.identity.mfa.TotpSecret;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.MutableClock;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An enrollment token sets the password once; confirming needs that first use and the secret it handed out. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnrollmentTokenTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    MutableClock clock;

    Api admin;
    Api anonymous;

    @BeforeAll
    void setUp() {
        admin = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.ADMIN).accessToken());
        anonymous = new Api(client.toBlocking());
    }

    @Test
    void theTokenSetsThePasswordOnceAndTheFirstCallerFinishesTheEnrollment() throws Exception {
        String name = TestUsers.uniqueName("enrollee");
        String token = (String) admin.body(admin.post("/internal/v1/admin/users",
                Map.of("username", name, "displayName", "Enrollee", "roles", List.of("AUDITOR")))).get("enrollmentToken");

        HttpResponse<Map> early = anonymous.post("/api/v1/auth/enrollment/confirm", Map.of("enrollmentToken", token, "code", "123456"));
        assertThat(early.getStatus().getCode()).as("confirm before the password step").isEqualTo(409);
        assertThat(anonymous.body(early)).containsEntry("code", "enrollment_not_started");

        Map first = anonymous.body(anonymous.post("/api/v1/auth/enrollment",
                Map.of("enrollmentToken", token, "password", TestUsers.PASSWORD)));
        byte[] secret = TotpSecret.fromBase32((String) first.get("secretBase32"));

        String attackerPassword = "an attacker's own passphrase 77";
        HttpResponse<Map> second = anonymous.post("/api/v1/auth/enrollment",
                Map.of("enrollmentToken", token, "password", attackerPassword));
        assertThat(second.getStatus().getCode()).as("the password step is single-use").isEqualTo(401);
        assertThat(anonymous.body(second)).containsEntry("code", "enrollment_token_invalid").containsEntry("field", "enrollmentToken");
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'identity.password.set' AND outcome = 'FAILURE'"
                + " AND target_id = ? AND details->>'because' = 'password_step_used'", name)).isEqualTo(1);

        String code = context.getBean(Totp.class).code(secret, clock.instant().getEpochSecond());
        HttpResponse<Map> confirmed = anonymous.post("/api/v1/auth/enrollment/confirm", Map.of("enrollmentToken", token, "code", code));
        assertThat(confirmed.getStatus().getCode()).as("the first caller's secret confirms").isEqualTo(200);

        assertThat(anonymous.post("/api/v1/auth/login", Map.of("username", name, "password", attackerPassword))
                .getStatus().getCode()).as("the second password never took").isEqualTo(401);
        assertThat(anonymous.post("/api/v1/auth/login", Map.of("username", name, "password", TestUsers.PASSWORD))
                .getStatus().getCode()).isEqualTo(200);
    }
}
