package corebank.admin;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
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

import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An administrator disables and re-enables users; nobody the audit trail names can be deleted. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserDisableTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;

    TestUsers.Session adminSession;
    Api admin;
    Api anonymous;

    @BeforeAll
    void setUp() {
        adminSession = TestUsers.loginAs(context, client.toBlocking(), Role.ADMIN);
        admin = new Api(client.toBlocking(), adminSession.accessToken());
        anonymous = new Api(client.toBlocking());
    }

    @Test
    void disablingEndsSessionsAtOnceAndLoginFailsLikeAnyFailureUntilReEnabled() throws Exception {
        TestUsers.Enrolled user = TestUsers.enroll(context, Role.CUSTOMER);
        TestUsers.Session session = TestUsers.loginWithRecoveryCode(client.toBlocking(), user, 0);
        Api customer = new Api(client.toBlocking(), session.accessToken());
        assertThat(customer.get("/api/v1/accounts").getStatus().getCode()).isEqualTo(200);

        HttpResponse<Map> disabled = admin.post("/internal/v1/admin/users/" + user.username() + "/disable", Map.of());
        assertThat(disabled.getStatus().getCode()).isEqualTo(200);
        assertThat(admin.body(disabled)).containsEntry("status", "DISABLED");
        assertThat(customer.get("/api/v1/accounts").getStatus().getCode()).as("the session ended at once").isEqualTo(401);
        assertThat(anonymous.post("/api/v1/auth/refresh", Map.of("refreshToken", session.refreshToken())).getStatus().getCode())
                .as("and cannot be refreshed").isEqualTo(401);

        HttpResponse<Map> rightPassword = anonymous.post("/api/v1/auth/login",
                Map.of("username", user.username(), "password", TestUsers.PASSWORD));
        HttpResponse<Map> unknownUser = anonymous.post("/api/v1/auth/login",
                Map.of("username", TestUsers.uniqueName("nobody"), "password", TestUsers.PASSWORD));
        HttpResponse<Map> wrongPassword = anonymous.post("/api/v1/auth/login",
                Map.of("username", adminSession.username(), "password", "not the password at all"));
        assertThat(rightPassword.getStatus().getCode()).isEqualTo(401);
        assertThat(comparable(rightPassword)).as("a disabled user's login answers like an unknown user's")
                .isEqualTo(comparable(unknownUser)).isEqualTo(comparable(wrongPassword));
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'identity.login' AND outcome = 'FAILURE'"
                + " AND target_id = ? AND details->>'because' = 'disabled'", user.username())).isEqualTo(1);

        HttpResponse<Map> again = admin.post("/internal/v1/admin/users/" + user.username() + "/disable", Map.of());
        assertThat(again.getStatus().getCode()).isEqualTo(409);
        assertThat(admin.body(again)).containsEntry("code", "invalid_state_transition");

        HttpResponse<Map> enabled = admin.post("/internal/v1/admin/users/" + user.username() + "/enable", Map.of());
        assertThat(admin.body(enabled)).containsEntry("status", "ACTIVE");
        assertThat(TestUsers.loginWithRecoveryCode(client.toBlocking(), user, 1).accessToken()).isNotBlank();

        assertThat(audited("identity.user.disable", user.username())).isEqualTo(1);
        assertThat(audited("identity.user.enable", user.username())).isEqualTo(1);
    }

    @Test
    void onlyAnotherAdministratorDisablesAndUnknownUsersAreNotFound() throws Exception {
        HttpResponse<Map> self = admin.post("/internal/v1/admin/users/" + adminSession.username() + "/disable", Map.of());
        assertThat(self.getStatus().getCode()).isEqualTo(409);
        assertThat(admin.body(admin.get("/internal/v1/admin/users/" + adminSession.username()))).containsEntry("status", "ACTIVE");
        assertThat(admin.post("/internal/v1/admin/users/" + TestUsers.uniqueName("ghost") + "/disable", Map.of())
                .getStatus().getCode()).isEqualTo(404);
        TestUsers.Enrolled victim = TestUsers.enroll(context, Role.TELLER);
        Api teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
        assertThat(teller.post("/internal/v1/admin/users/" + victim.username() + "/disable", Map.of()).getStatus().getCode())
                .isEqualTo(403);
        assertThat(audited("identity.user.disable", victim.username())).isZero();
    }

    @Test
    void theDatabaseRefusesToDeleteAUserTheAuditTrailNames() throws Exception {
        TestUsers.Enrolled named = TestUsers.enroll(context, Role.AUDITOR);
        try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
            // recovery codes are the only rows that would otherwise hold the user back
            s.execute("DELETE FROM recovery_codes WHERE user_id = (SELECT id FROM users WHERE username = '" + named.username() + "')");
            assertThatThrownBy(() -> s.execute("DELETE FROM users WHERE username = '" + named.username() + "'"))
                    .hasMessageContaining("named by the audit trail");
            assertThatThrownBy(() -> s.execute("TRUNCATE users CASCADE")).hasMessageContaining("cannot be truncated");
            // a row nothing names (never created through the engine) is not held back
            String stray = TestUsers.uniqueName("stray");
            s.execute("INSERT INTO users (id, username, display_name, roles, status, created_at) VALUES ('" + UUID.randomUUID()
                    + "', '" + stray + "', 'Stray', ARRAY['AUDITOR'], 'ACTIVE', now())");
            assertThat(s.executeUpdate("DELETE FROM users WHERE username = '" + stray + "'")).isEqualTo(1);
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM users WHERE username = ?", named.username())).isEqualTo(1);
    }

    /** A refusal without what differs on every request. */
    private Map<String, Object> comparable(HttpResponse<Map> response) {
        Map<String, Object> body = new HashMap<>(anonymous.body(response));
        body.remove("requestId");
        body.remove("instance");
        body.put("status", response.getStatus().getCode());
        return body;
    }

    private static long audited(String action, String username) throws Exception {
        return TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = ? AND target_id = ? AND outcome = 'SUCCESS'",
                action, username);
    }
}
