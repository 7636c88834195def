package corebank.approvals;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
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

/**
 * An administrator's MFA reset and high-privilege role grants wait for another administrator.
 * The reset's enrollment token is shown to the approving administrator once, never to the
 * maker, and is nowhere in the database in clear; the user's sessions end on execution.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityApprovalsTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;

    Api maker;
    Api checker;
    String checkerName;
    Api anonymous;

    @BeforeAll
    void setUp() {
        maker = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.ADMIN).accessToken());
        var session = TestUsers.loginAs(context, client.toBlocking(), Role.ADMIN);
        checkerName = session.username();
        checker = new Api(client.toBlocking(), session.accessToken());
        anonymous = new Api(client.toBlocking());
    }

    private HttpResponse<Map> approve(Api who, Object id) {
        return who.post("/internal/v1/approvals/" + id + "/approve", Map.of("reason", "called the user back"));
    }

    @Test
    void anMfaResetsTokenGoesToTheApprovingAdministratorOnlyAndOnce() throws Exception {
        TestUsers.Enrolled user = TestUsers.enroll(context, Role.TELLER);
        Api userSession = new Api(client.toBlocking(), TestUsers.loginWithRecoveryCode(client.toBlocking(), user, 0).accessToken());

        HttpResponse<Map> requested = maker.post("/internal/v1/admin/users/" + user.username() + "/mfa-reset",
                Map.of("reason", "lost phone"));
        assertThat(requested.getStatus().getCode()).isEqualTo(202);
        Map request = maker.body(requested);
        assertThat(request).containsEntry("operation", "mfa-reset").containsEntry("status", "PENDING")
                .doesNotContainKey("enrollmentToken");
        assertThat(userSession.get("/internal/v1/trial-balance").getStatus().getCode()).as("nothing happens before approval").isEqualTo(200);
        assertThat(maker.post("/internal/v1/admin/users/" + user.username() + "/mfa-reset", Map.of()).getStatus().getCode())
                .as("one open request per user").isEqualTo(409);

        HttpResponse<Map> own = approve(maker, request.get("id"));
        assertThat(own.getStatus().getCode()).isEqualTo(403);
        assertThat(maker.body(own)).containsEntry("code", "maker_cannot_check").doesNotContainKey("enrollmentToken");

        HttpResponse<Map> approved = approve(checker, request.get("id"));
        assertThat(approved.getStatus().getCode()).isEqualTo(200);
        String token = (String) checker.body(approved).get("enrollmentToken");
        assertThat(token).isNotBlank();
        assertThat((Map) checker.body(approved).get("approval")).containsEntry("status", "EXECUTED");
        assertThat(userSession.get("/internal/v1/trial-balance").getStatus().getCode()).as("the user's sessions end").isEqualTo(401);

        HttpResponse<Map> retry = approve(checker, request.get("id"));
        assertThat(retry.getStatus().getCode()).isEqualTo(200);
        assertThat(checker.body(retry).get("enrollmentToken")).as("shown once").isNull();
        assertThat(maker.get("/internal/v1/approvals/" + request.get("id")).getBody(String.class).orElse(""))
                .doesNotContain(token);
        assertThat(TestDatabase.count("SELECT count(*) FROM approval_requests WHERE row_to_json(approval_requests)::text LIKE ?",
                "%" + token + "%")).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE details::text LIKE ?", "%" + token + "%")).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'identity.mfa.reset' AND target_id = ?",
                user.username())).isEqualTo(1);

        HttpResponse<Map> enrollment = anonymous.post("/api/v1/auth/enrollment",
                Map.of("enrollmentToken", token, "password", "a brand new passphrase 2026"));
        assertThat(enrollment.getStatus().getCode()).as("the token works for the user").isEqualTo(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void grantingAHighPrivilegeRoleWaitsForAnotherAdministratorWhileDroppingOneDoesNot() {
        TestUsers.Enrolled user = TestUsers.enroll(context, Role.TELLER);
        Api userSession = new Api(client.toBlocking(), TestUsers.loginWithRecoveryCode(client.toBlocking(), user, 0).accessToken());
        String path = "/internal/v1/admin/users/" + user.username() + "/roles";

        HttpResponse<Map> grant = maker.exchange(HttpRequest.PUT(path, Map.of("roles", List.of("TELLER", "SUPERVISOR"),
                "reason", "new branch lead")));
        assertThat(grant.getStatus().getCode()).isEqualTo(202);
        assertThat((Map<String, String>) maker.body(grant).get("parameters")).containsEntry("roles", "SUPERVISOR,TELLER");
        assertThat(maker.body(maker.get("/internal/v1/admin/users/" + user.username())).get("roles")).isEqualTo(List.of("TELLER"));
        assertThat(approve(maker, maker.body(grant).get("id")).getStatus().getCode()).isEqualTo(403);
        assertThat((Map) checker.body(approve(checker, maker.body(grant).get("id"))).get("approval")).containsEntry("status", "EXECUTED");
        assertThat(maker.body(maker.get("/internal/v1/admin/users/" + user.username())).get("roles"))
                .isEqualTo(List.of("SUPERVISOR", "TELLER"));
        assertThat(userSession.get("/internal/v1/trial-balance").getStatus().getCode()).isEqualTo(401);

        HttpResponse<Map> drop = maker.exchange(HttpRequest.PUT(path, Map.of("roles", List.of("TELLER"))));
        assertThat(drop.getStatus().getCode()).as("taking a right away needs nobody's approval").isEqualTo(200);
        assertThat(maker.body(drop).get("roles")).isEqualTo(List.of("TELLER"));
    }

    @Test
    void noAdministratorApprovesARequestAboutThemselves() {
        HttpResponse<Map> grant = maker.exchange(HttpRequest.PUT("/internal/v1/admin/users/" + checkerName + "/roles",
                Map.of("roles", List.of("ADMIN", "AUDITOR"))));
        assertThat(grant.getStatus().getCode()).isEqualTo(202);
        HttpResponse<Map> self = approve(checker, maker.body(grant).get("id"));
        assertThat(self.getStatus().getCode()).isEqualTo(403);
        assertThat(checker.body(self)).containsEntry("code", "maker_cannot_check");
        Api supervisor = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.SUPERVISOR).accessToken());
        assertThat(approve(supervisor, maker.body(grant).get("id")).getStatus().getCode())
                .as("identity requests are not a supervisor's to see").isEqualTo(404);
    }
}
