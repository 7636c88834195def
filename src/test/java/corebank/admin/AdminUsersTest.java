package corebank.admin;

import corebank.identity.user.Role;
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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Administrators manage users through the API; every change is audited and never involves a password. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminUsersTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    MutableClock clock;

    Api admin;
    Api otherAdmin;
    Api anonymous;

    @BeforeAll
    void setUp() {
        admin = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.ADMIN).accessToken());
        otherAdmin = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.ADMIN).accessToken());
        anonymous = new Api(client.toBlocking());
    }

    /** Another administrator approves a request; answers it as executed. */
    private Map approve(Object approvalId) {
        HttpResponse<Map> approved = otherAdmin.post("/internal/v1/approvals/" + approvalId + "/approve", Map.of("reason", "agreed"));
        assertThat(approved.getStatus().getCode()).isEqualTo(200);
        return (Map) otherAdmin.body(approved).get("approval");
    }

    @Test
    @SuppressWarnings("unchecked")
    void createdUserEnrollsWithTheTokenAndLogsInWithBothFactors() {
        String name = TestUsers.uniqueName("newteller");
        HttpResponse<Map> created = admin.post("/internal/v1/admin/users",
                Map.of("username", name, "displayName", "New Teller", "roles", List.of("TELLER")));
        assertThat(created.getStatus().getCode()).isEqualTo(201);
        String token = (String) admin.body(created).get("enrollmentToken");
        assertThat(token).isNotBlank();

        HttpResponse<Map> weak = anonymous.post("/api/v1/auth/enrollment", Map.of("enrollmentToken", token, "password", "password123456"));
        assertThat(anonymous.body(weak).get("code")).isEqualTo("weak_password");

        Map setup = anonymous.body(anonymous.post("/api/v1/auth/enrollment",
                Map.of("enrollmentToken", token, "password", TestUsers.PASSWORD)));
        assertThat((String) setup.get("otpauthUri")).startsWith("otpauth://totp/Corebank:" + name).contains("issuer=Corebank");
        assertThat((String) setup.get("qrSvg")).contains("<svg");
        byte[] secret = TotpSecret.fromBase32((String) setup.get("secretBase32"));
        Totp totp = context.getBean(Totp.class);
        assertThat(anonymous.post("/api/v1/auth/enrollment/confirm", Map.of("enrollmentToken", token, "code", "000000"))
                .getStatus().getCode()).isEqualTo(400);
        Map confirmed = anonymous.body(anonymous.post("/api/v1/auth/enrollment/confirm",
                Map.of("enrollmentToken", token, "code", totp.code(secret, clock.instant().getEpochSecond()))));
        assertThat((List<String>) confirmed.get("recoveryCodes")).hasSize(10).doesNotHaveDuplicates();
        assertThat(anonymous.post("/api/v1/auth/enrollment", Map.of("enrollmentToken", token, "password", TestUsers.PASSWORD))
                .getStatus().getCode()).as("the token is spent").isEqualTo(401);

        clock.advance(Duration.ofSeconds(30));
        TestUsers.Session session = TestUsers.login(context, client.toBlocking(),
                new TestUsers.Enrolled(name, secret, (List<String>) confirmed.get("recoveryCodes"), null));
        assertThat(new Api(client.toBlocking(), session.accessToken()).get("/internal/v1/trial-balance").getStatus().getCode()).isEqualTo(200);
        assertThat(audited("identity.user.create", name)).isEqualTo(1);
        assertThat(audited("identity.mfa.enroll", name)).isEqualTo(1);
    }

    @Test
    void aSecondUserForTheSameCustomerIsAConflictAndWritesNothing() {
        String ref = corebank.support.TestCustomers.newRef(context);
        String first = TestUsers.uniqueName("first");
        assertThat(admin.post("/internal/v1/admin/users", Map.of("username", first, "displayName", "First",
                "roles", List.of("CUSTOMER"), "customerRef", ref)).getStatus().getCode()).isEqualTo(201);
        String second = TestUsers.uniqueName("second");
        HttpResponse<Map> again = admin.post("/internal/v1/admin/users", Map.of("username", second, "displayName", "Second",
                "roles", List.of("CUSTOMER"), "customerRef", ref));
        assertThat(again.getStatus().getCode()).isEqualTo(409);
        assertThat(admin.body(again)).containsEntry("code", "customer_ref_taken").containsEntry("field", "customerRef");
        assertThat(audited("identity.user.create", second)).isZero();
        assertThat(admin.get("/internal/v1/admin/users/" + second).getStatus().getCode()).isEqualTo(404);
    }

    @Test
    void roleChangeEndsSessionsUnlockLiftsALockAndMfaResetRequiresNewEnrollment() {
        TestUsers.Enrolled user = TestUsers.enroll(context, Role.TELLER);
        TestUsers.Session session = TestUsers.loginWithRecoveryCode(client.toBlocking(), user, 0);

        HttpResponse<Map> roles = admin.exchange(io.micronaut.http.HttpRequest.PUT(
                "/internal/v1/admin/users/" + user.username() + "/roles", Map.of("roles", List.of("AUDITOR"))));
        assertThat(roles.getStatus().getCode()).as("granting AUDITOR waits for another administrator").isEqualTo(202);
        assertThat(new Api(client.toBlocking(), session.accessToken()).get("/internal/v1/trial-balance").getStatus().getCode())
                .as("nothing changes before the approval").isEqualTo(200);
        assertThat(approve(admin.body(roles).get("id"))).containsEntry("status", "EXECUTED");
        assertThat(admin.body(admin.get("/internal/v1/admin/users/" + user.username())).get("roles")).isEqualTo(List.of("AUDITOR"));
        assertThat(new Api(client.toBlocking(), session.accessToken()).get("/internal/v1/trial-balance").getStatus().getCode())
                .as("old rights end with the old session").isEqualTo(401);
        assertThat(audited("identity.user.roles", user.username())).isEqualTo(1);

        for (int i = 0; i < 5; i++) {
            anonymous.post("/api/v1/auth/login", Map.of("username", user.username(), "password", "wrong password " + i));
        }
        assertThat(admin.body(admin.get("/internal/v1/admin/users/" + user.username())).get("lockedUntil")).isNotNull();
        assertThat(admin.post("/internal/v1/admin/users/" + user.username() + "/unlock", Map.of()).getStatus().getCode()).isEqualTo(200);
        assertThat(TestUsers.loginWithRecoveryCode(client.toBlocking(), user, 1).accessToken()).isNotBlank();
        assertThat(audited("identity.user.unlock", user.username())).isEqualTo(1);

        HttpResponse<Map> resetRequest = admin.post("/internal/v1/admin/users/" + user.username() + "/mfa-reset", Map.of());
        assertThat(resetRequest.getStatus().getCode()).isEqualTo(202);
        assertThat(admin.body(resetRequest)).doesNotContainKey("enrollmentToken");
        Map reset = otherAdmin.body(otherAdmin.post("/internal/v1/approvals/" + admin.body(resetRequest).get("id") + "/approve",
                Map.of("reason", "user called from the number on file")));
        assertThat((String) reset.get("enrollmentToken")).isNotBlank();
        HttpResponse<Map> afterReset = anonymous.post("/api/v1/auth/login", Map.of("username", user.username(), "password", TestUsers.PASSWORD));
        assertThat(afterReset.getStatus().getCode()).as("no second factor, no login").isEqualTo(401);
        assertThat(audited("identity.mfa.reset", user.username())).isEqualTo(1);
    }

    @Test
    void passwordChangeNeedsTheCurrentPasswordAndASecondFactorAndEndsOtherSessions() {
        TestUsers.Enrolled user = TestUsers.enroll(context, Role.CUSTOMER);
        TestUsers.Session current = TestUsers.loginWithRecoveryCode(client.toBlocking(), user, 0);
        TestUsers.Session other = TestUsers.loginWithRecoveryCode(client.toBlocking(), user, 1);
        Api me = new Api(client.toBlocking(), current.accessToken());

        HttpResponse<Map> noFactor = me.post("/api/v1/auth/password",
                Map.of("currentPassword", TestUsers.PASSWORD, "newPassword", "an entirely new passphrase 99"));
        assertThat(noFactor.getStatus().getCode()).isEqualTo(400);
        HttpResponse<Map> wrongCurrent = me.post("/api/v1/auth/password", Map.of("currentPassword", "not my password at all",
                "newPassword", "an entirely new passphrase 99", "recoveryCode", user.recoveryCodes().get(2)));
        assertThat(wrongCurrent.getStatus().getCode()).isEqualTo(401);
        HttpResponse<Map> changed = me.post("/api/v1/auth/password", Map.of("currentPassword", TestUsers.PASSWORD,
                "newPassword", "an entirely new passphrase 99", "recoveryCode", user.recoveryCodes().get(3)));
        assertThat(changed.getStatus().getCode()).isEqualTo(204);
        assertThat(new Api(client.toBlocking(), other.accessToken()).get("/api/v1/accounts").getStatus().getCode()).isEqualTo(401);
        assertThat(me.get("/api/v1/accounts").getStatus().getCode()).isEqualTo(200);
        assertThat(anonymous.post("/api/v1/auth/login", Map.of("username", user.username(), "password", "an entirely new passphrase 99"))
                .getStatus().getCode()).isEqualTo(200);
        assertThat(audited("identity.password.change", user.username())).isGreaterThanOrEqualTo(1);
    }

    private static long audited(String action, String username) {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM audit_events WHERE action = ? AND target_id = ? AND outcome = 'SUCCESS'")) {
            s.setString(1, action);
            s.setString(2, username);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
