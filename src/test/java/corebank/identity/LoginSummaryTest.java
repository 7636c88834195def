package corebank.identity;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.MutableClock;
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

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/auth/me/security: the previous successful login and the failed attempts since, own data only. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginSummaryTest implements DatabaseTest {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    ApplicationContext context;
    @Inject
    MutableClock clock;

    Api anonymous;

    @BeforeAll
    void setUp() {
        anonymous = new Api(client.toBlocking());
    }

    private int failPassword(String username) {
        return anonymous.post("/api/v1/auth/login", Map.of("username", username, "password", "not the password at all"))
                .getStatus().getCode();
    }

    private Map summary(TestUsers.Session session) {
        HttpResponse<Map> response = anonymous.as(session.accessToken()).get("/api/v1/auth/me/security");
        assertThat(response.getStatus().getCode()).isEqualTo(200);
        return anonymous.body(response);
    }

    @Test
    void showsTheEarlierLoginAndTheFailuresSinceIt() {
        TestUsers.Enrolled user = TestUsers.enroll(context, Role.CUSTOMER);
        TestUsers.Enrolled other = TestUsers.enroll(context, Role.CUSTOMER);
        clock.advance(Duration.ofMinutes(1));
        TestUsers.Session first = TestUsers.login(context, client.toBlocking(), user);
        Instant firstAt = clock.instant();

        Map firstView = summary(first);
        assertThat(firstView.get("previousLoginAt")).as("no session before the first").isNull();
        assertThat(firstView.get("failedAttemptsSince")).isEqualTo(0);

        clock.advance(Duration.ofMinutes(5));
        assertThat(failPassword(user.username())).isEqualTo(401);
        assertThat(failPassword(user.username())).isEqualTo(401);
        assertThat(failPassword(other.username())).as("another user's failure").isEqualTo(401);
        clock.advance(Duration.ofMinutes(5));
        TestUsers.Session second = TestUsers.loginWithRecoveryCode(client.toBlocking(), user, 0);

        Map view = summary(second);
        assertThat(Instant.parse((String) view.get("previousLoginAt"))).isEqualTo(firstAt);
        assertThat(view.get("previousChannel")).isEqualTo("api");
        assertThat(view.get("failedAttemptsSince")).isEqualTo(2);

        clock.advance(Duration.ofMinutes(5));
        TestUsers.Session third = TestUsers.loginWithRecoveryCode(client.toBlocking(), user, 1);
        Map later = summary(third);
        assertThat(Instant.parse((String) later.get("previousLoginAt"))).as("the second login is now the previous one")
                .isEqualTo(firstAt.plus(Duration.ofMinutes(10)));
        assertThat(later.get("failedAttemptsSince")).as("the failures were before it").isEqualTo(0);
    }

    @Test
    void needsASession() {
        assertThat(anonymous.get("/api/v1/auth/me/security").getStatus().getCode()).isEqualTo(401);
    }
}
