package corebank.identity;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a trusted reverse proxy the client is the X-Forwarded-For address, and a username's
 * failed logins are limited in the database whichever addresses they come from.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyAndUsernameThrottleTest implements DatabaseTest {

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("corebank.http.trusted-proxies", "127.0.0.1, ::1/128",
                "corebank.identity.login.attempts-per-minute-per-client", "4",
                "corebank.identity.username-throttle.failures-per-window", "3");
    }

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;

    @Test
    void eachForwardedClientHasItsOwnBucketAndTheAuditNamesIt() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(login("203.0.113.1", TestUsers.uniqueName("nobody"), "x").getStatus().getCode()).isEqualTo(401);
        }
        HttpResponse<Map> fifth = login("203.0.113.1", TestUsers.uniqueName("nobody"), "x");
        assertThat(fifth.getStatus().getCode()).as("203.0.113.1 used its 4 attempts").isEqualTo(429);
        String other = TestUsers.uniqueName("nobody");
        assertThat(login("198.51.100.7, 203.0.113.2", other, "x").getStatus().getCode())
                .as("another client behind the same proxy").isEqualTo(401);
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'identity.login' AND target_id = ?"
                + " AND client_address = '203.0.113.2'", other))
                .as("the rightmost untrusted hop is the client; the part the client wrote is ignored").isEqualTo(1);
    }

    @Test
    void aUsernameIsLimitedAcrossAddressesEvenWithTheRightPassword() throws Exception {
        TestUsers.Enrolled user = TestUsers.enroll(context, Role.CUSTOMER);
        for (int i = 1; i <= 3; i++) {
            assertThat(login("192.0.2." + i, user.username(), "wrong guess " + i).getStatus().getCode()).isEqualTo(401);
        }
        HttpResponse<Map> fourth = login("192.0.2.99", user.username(), TestUsers.PASSWORD);
        assertThat(fourth.getStatus().getCode()).as("a fourth address, the right password: still limited").isEqualTo(429);
        assertThat(new Api(client.toBlocking()).body(fourth)).containsEntry("code", "too_many_requests");
        assertThat(Long.parseLong(fourth.header("Retry-After"))).isBetween(1L, 900L);
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_events WHERE action = 'identity.login' AND target_id = ?"
                + " AND details->>'because' = 'username_throttled'", user.username())).isEqualTo(1);
        assertThat(TestDatabase.count("SELECT failures FROM login_failures_by_username WHERE username_hash ="
                + " encode(sha256(convert_to(?, 'UTF8')), 'hex')", user.username())).as("held in the database").isEqualTo(3);

        String unknown = TestUsers.uniqueName("ghost");
        for (int i = 1; i <= 3; i++) {
            login("192.0.2." + (10 + i), unknown, "guess");
        }
        assertThat(login("192.0.2.20", unknown, "guess").getStatus().getCode()).as("unknown names alike").isEqualTo(429);
        assertThat(login("192.0.2.21", TestUsers.enroll(context, Role.CUSTOMER).username(), TestUsers.PASSWORD)
                .getStatus().getCode()).as("other usernames are not affected").isEqualTo(200);
    }

    private HttpResponse<Map> login(String forwardedFor, String username, String password) {
        return new Api(client.toBlocking()).exchange(HttpRequest.POST("/api/v1/auth/login",
                Map.of("username", username, "password", password)).header("X-Forwarded-For", forwardedFor));
    }
}
