package corebank.identity;

import corebank.support.Api;
import corebank.support.DatabaseTest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-client-address throttling of the login endpoints, with the production limit. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginThrottleTest implements DatabaseTest {

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("corebank.identity.login.attempts-per-minute-per-client", "30");
    }

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    io.micronaut.context.ApplicationContext context;

    @Test
    void answers429WithRetryAfterWhenOneAddressTriesTooOften() {
        Api anonymous = new Api(client.toBlocking());
        int limit = context.getBean(LoginSettings.class).attemptsPerMinutePerClient();
        HttpResponse<Map> last = null;
        int refusedBefore429 = 0;
        for (int i = 0; i <= limit + 10; i++) {
            last = anonymous.post("/api/v1/auth/login", Map.of("username", "nobody-" + i, "password", "x"));
            if (last.getStatus().getCode() == 429) {
                break;
            }
            refusedBefore429++;
        }
        // the bucket refills greedily (one attempt every 2 s), and each attempt costs a password hash
        assertThat(refusedBefore429).isBetween(limit, limit + 5);
        assertThat(last.getStatus().getCode()).isEqualTo(429);
        assertThat(anonymous.body(last).get("code")).isEqualTo("too_many_requests");
        assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
    }
}
