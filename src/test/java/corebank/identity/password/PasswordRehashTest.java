package corebank.identity.password;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestDatabase;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A password hash made with weaker Argon2 parameters than today's is replaced at the next successful login. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordRehashTest implements DatabaseTest {

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("corebank.identity.argon2-iterations", "3"); // today's settings: stronger than the stored hash
    }

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    PasswordHasher hasher;

    @Test
    void aWeakerHashIsReplacedAtTheNextSuccessfulLoginAndOnlyThen() throws Exception {
        TestUsers.Enrolled user = TestUsers.enroll(context, Role.CUSTOMER);
        String weak = new PasswordHasher(Argon2Cost.OWASP_MINIMUM, new SecureRandom()).hash(TestUsers.PASSWORD.toCharArray());
        setHash(user.username(), weak);
        Api anonymous = new Api(client.toBlocking());

        assertThat(anonymous.post("/api/v1/auth/login", Map.of("username", user.username(), "password", "not the password"))
                .getStatus().getCode()).isEqualTo(401);
        assertThat(hash(user.username())).as("a failed login changes nothing").isEqualTo(weak);

        assertThat(anonymous.post("/api/v1/auth/login", Map.of("username", user.username(), "password", TestUsers.PASSWORD))
                .getStatus().getCode()).isEqualTo(200);
        String rehashed = hash(user.username());
        assertThat(rehashed).startsWith("$argon2id$v=19$m=19456,t=3,p=1$").isNotEqualTo(weak);
        assertThat(hasher.verify(TestUsers.PASSWORD.toCharArray(), rehashed)).isTrue();
        assertThat(hasher.needsRehash(rehashed)).isFalse();
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'identity.password.rehash'"
                + " AND target_id = ? AND details->>'from' = '$argon2id$v=19$m=19456,t=2,p=1'", user.username())).isEqualTo(1);

        assertThat(anonymous.post("/api/v1/auth/login", Map.of("username", user.username(), "password", TestUsers.PASSWORD))
                .getStatus().getCode()).isEqualTo(200);
        assertThat(hash(user.username())).as("a current hash stays").isEqualTo(rehashed);
    }

    private static void setHash(String username, String hash) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE users SET password_hash = ? WHERE username = ?")) {
            s.setString(1, hash);
            s.setString(2, username);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private static String hash(String username) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT password_hash FROM users WHERE username = ?")) {
            s.setString(1, username);
            ResultSet rs = s.executeQuery();
            rs.next();
            return rs.getString(1);
        }
    }
}
