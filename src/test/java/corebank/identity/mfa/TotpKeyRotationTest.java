package corebank.identity.mfa;

import corebank.audit.AuditContext;
import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.MutableClock;
import corebank.support.TestDatabase;
import corebank.support.TestKeys;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotating the TOTP key with users enrolled: secrets sealed under version 1 open while both keys
 * are held, the rotation re-seals every one under version 2, and an engine holding only the new
 * key logs the same users in.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TotpKeyRotationTest implements DatabaseTest {

    static final String OLD_KEY = TestKeys.PROPERTIES.get("corebank.identity.keys.totp-encryption");
    static final String NEW_KEY = randomKey();

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("corebank.identity.keys.totp-encryption", NEW_KEY,
                "corebank.identity.keys.totp-encryption-version", "2",
                "corebank.identity.keys.totp-encryption-others", "1:" + OLD_KEY);
    }

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;

    @Test
    void usersEnrolledUnderTheOldKeyLogInAfterTheRotationWithOnlyTheNewKey() throws Exception {
        TestUsers.Enrolled alice;
        TestUsers.Enrolled bob;
        try (ApplicationContext before = ApplicationContext.run(engineProperties(OLD_KEY, "1", "none"), "test")) {
            alice = TestUsers.enroll(before, Role.CUSTOMER);
            bob = TestUsers.enroll(before, Role.CUSTOMER);
        }
        assertThat(sealedPrefix(alice)).isEqualTo("v1:");
        assertThat(sealedPrefix(bob)).isEqualTo("v1:");
        TestUsers.Enrolled carol = TestUsers.enroll(context, Role.CUSTOMER);
        assertThat(sealedPrefix(carol)).as("new enrollments seal under the current version").isEqualTo("v2:");
        assertThat(TestUsers.login(context, client.toBlocking(), alice).accessToken())
                .as("both keys held: version 1 still opens").isNotBlank();

        Api admin = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.ADMIN).accessToken());
        Api customer = new Api(client.toBlocking(), TestUsers.login(context, client.toBlocking(), carol).accessToken());
        assertThat(customer.post("/internal/v1/admin/keys/totp-encryption/rotation", Map.of()).getStatus().getCode()).isEqualTo(403);
        HttpResponse<Map> rotated = admin.post("/internal/v1/admin/keys/totp-encryption/rotation", Map.of());
        assertThat(rotated.getStatus().getCode()).isEqualTo(200);
        assertThat(admin.body(rotated)).containsEntry("keyVersion", 2).containsEntry("remaining", 0);
        assertThat(((Number) admin.body(rotated).get("resealed")).intValue()).isGreaterThanOrEqualTo(2);
        assertThat(sealedPrefix(alice)).isEqualTo("v2:");
        assertThat(sealedPrefix(bob)).isEqualTo("v2:");
        assertThat(TestDatabase.count("SELECT count(*) FROM users WHERE totp_secret_enc NOT LIKE 'v2:%'"
                + " OR pending_totp_secret_enc NOT LIKE 'v2:%'")).isZero();
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'identity.totp_key.rotate'"
                + " AND target_id = 'totp-encryption:v2' AND actor = ?", "user:" + adminName(admin))).isPositive();
        assertThat(admin.body(admin.post("/internal/v1/admin/keys/totp-encryption/rotation", Map.of())))
                .as("a second run has nothing left").containsEntry("resealed", 0);

        try (EmbeddedServer after = ApplicationContext.run(EmbeddedServer.class, engineProperties(NEW_KEY, "2", "none"), "test");
             HttpClient http = HttpClient.create(after.getURL())) {
            after.getApplicationContext().getBean(MutableClock.class).advance(Duration.ofSeconds(60)); // past alice's last step
            for (TestUsers.Enrolled user : new TestUsers.Enrolled[]{alice, bob, carol}) {
                TestUsers.Session session = TestUsers.login(after.getApplicationContext(), http.toBlocking(), user);
                assertThat(new Api(http.toBlocking(), session.accessToken()).get("/api/v1/accounts").getStatus().getCode())
                        .as(user.username() + " logs in with a TOTP code under the new key alone").isEqualTo(200);
            }
        }
    }

    /** Puts every secret back under the key the other test classes of this JVM hold. */
    @AfterAll
    void rotateBack() {
        try (ApplicationContext back = ApplicationContext.run(engineProperties(OLD_KEY, "1", "2:" + NEW_KEY), "test")) {
            assertThat(back.getBean(TotpKeyRotation.class).rotate(AuditContext.system("test-teardown")).remaining()).isZero();
        }
    }

    private Map<String, Object> engineProperties(String key, String version, String others) {
        Map<String, Object> properties = new HashMap<>(new DatabaseTest() { }.getProperties());
        properties.put("corebank.identity.keys.totp-encryption", key);
        properties.put("corebank.identity.keys.totp-encryption-version", version);
        properties.put("corebank.identity.keys.totp-encryption-others", others);
        return properties;
    }

    private static String adminName(Api admin) {
        return (String) admin.body(admin.get("/api/v1/auth/me")).get("username");
    }

    private static String sealedPrefix(TestUsers.Enrolled user) throws Exception {
        try (var c = TestDatabase.connect(); var s = c.prepareStatement("SELECT left(totp_secret_enc, 3) FROM users WHERE username = ?")) {
            s.setString(1, user.username());
            var rs = s.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
