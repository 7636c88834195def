package corebank.web;

import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.TestUsers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code corebank.http.internal-port} set, the engine listens on two ports: the staff APIs
 * answer only on the internal one, the customers' API and web app only on the public one, and a
 * path on the wrong port answers 404 even to an anonymous caller (not the 401 that would tell
 * the route exists). The login, health and OpenAPI document answer on both.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListenerSeparationTest implements DatabaseTest {

    static final int PUBLIC_PORT = freePort();
    static final int INTERNAL_PORT = freePort();

    @Inject
    ApplicationContext context;

    HttpClient publicClient;
    HttpClient internalClient;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("micronaut.server.port", Integer.toString(PUBLIC_PORT),
                "corebank.http.internal-port", Integer.toString(INTERNAL_PORT));
    }

    @BeforeAll
    void clients() throws IOException {
        publicClient = context.createBean(HttpClient.class, new URL("http://127.0.0.1:" + PUBLIC_PORT));
        internalClient = context.createBean(HttpClient.class, new URL("http://127.0.0.1:" + INTERNAL_PORT));
    }

    @AfterAll
    void close() {
        publicClient.close();
        internalClient.close();
    }

    @Test
    void staffRoutesAnswerOnlyOnTheInternalPort() {
        TestUsers.Session teller = TestUsers.loginAs(context, internalClient.toBlocking(), Role.TELLER);
        Api onInternal = new Api(internalClient.toBlocking(), teller.accessToken());
        Api onPublic = new Api(publicClient.toBlocking(), teller.accessToken());

        assertThat(onInternal.get("/internal/v1/trial-balance").getStatus().getCode()).isEqualTo(200);
        HttpResponse<Map> refused = onPublic.get("/internal/v1/trial-balance");
        assertThat(refused.getStatus().getCode()).isEqualTo(404);
        assertThat(onPublic.body(refused).get("code")).isEqualTo("not_found");

        TestUsers.Session auditor = TestUsers.loginAs(context, internalClient.toBlocking(), Role.AUDITOR);
        assertThat(new Api(internalClient.toBlocking(), auditor.accessToken()).get("/audit/v1/verification").getStatus().getCode())
                .isEqualTo(200);
        assertThat(new Api(publicClient.toBlocking(), auditor.accessToken()).get("/audit/v1/verification").getStatus().getCode())
                .isEqualTo(404);
    }

    @Test
    void thePublicPortDoesNotRevealThatStaffRoutesExist() {
        Api anonymous = new Api(publicClient.toBlocking());
        assertThat(anonymous.get("/internal/v1/trial-balance").getStatus().getCode()).isEqualTo(404);
        assertThat(anonymous.get("/audit/v1/events").getStatus().getCode()).isEqualTo(404);
        // on the internal port the same anonymous call is refused by authentication, as on a single port
        assertThat(new Api(internalClient.toBlocking()).get("/internal/v1/trial-balance").getStatus().getCode()).isEqualTo(401);
    }

    @Test
    void customerRoutesAnswerOnlyOnThePublicPort() {
        TestUsers.Session customer = TestUsers.loginAs(context, publicClient.toBlocking(), Role.CUSTOMER);
        assertThat(new Api(publicClient.toBlocking(), customer.accessToken()).get("/api/v1/accounts").getStatus().getCode())
                .isEqualTo(200);
        assertThat(new Api(internalClient.toBlocking(), customer.accessToken()).get("/api/v1/accounts").getStatus().getCode())
                .isEqualTo(404);
        assertThat(new Api(internalClient.toBlocking()).get("/").getStatus().getCode()).isEqualTo(404);
        assertThat(new Api(publicClient.toBlocking()).get("/app/settings.json").getStatus().getCode()).isEqualTo(200);
    }

    @Test
    void loginHealthAndTheOpenApiDocumentAnswerOnBoth() {
        for (HttpClient client : new HttpClient[]{publicClient, internalClient}) {
            Api anonymous = new Api(client.toBlocking());
            assertThat(anonymous.get("/health").getStatus().getCode()).isEqualTo(200);
            assertThat(client.toBlocking().exchange("/openapi/corebank-0.1.yml", String.class).getStatus().getCode())
                    .isEqualTo(200);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
