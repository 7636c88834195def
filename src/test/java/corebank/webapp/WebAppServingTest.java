package corebank.webapp;

import corebank.identity.LoginSettings;
import corebank.support.DatabaseTest;
import corebank.web.SecurityHeadersFilter;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the engine serves the web app (no browser needed): the page and its files to anyone,
 * nothing else of the classpath, the security headers on everything; and the rules the
 * sources keep (no inline code, no markup from strings, no CDN, every text in the bundle).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebAppServingTest implements DatabaseTest {

    static final Path SOURCES = Path.of("src", "main", "resources", "webapp");

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    LoginSettings login;
    @Inject
    io.micronaut.json.JsonMapper json;

    @Test
    void servesThePageToAnyoneWithTheSecurityHeadersAndNoStore() {
        HttpResponse<String> page = get("/");
        assertThat(page.getStatus().getCode()).isEqualTo(200);
        assertThat(page.getContentType().map(Object::toString)).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"/app/main.js\"></script>");
        assertSecurityHeaders(page);
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");

        HttpResponse<String> script = get("/app/main.js");
        assertThat(script.getStatus().getCode()).isEqualTo(200);
        assertThat(script.getContentType().map(Object::toString)).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertSecurityHeaders(script);
        assertThat(script.header("Cache-Control")).as("assets hold no account data: cached, revalidated").isEqualTo("no-cache");
    }

    @Test
    void apiAnswersAndRefusalsAreNeverStored() {
        HttpResponse<String> refused = get("/api/v1/accounts");
        assertThat(refused.getStatus().getCode()).isEqualTo(401);
        assertSecurityHeaders(refused);
        assertThat(refused.header("Cache-Control")).isEqualTo("no-store");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/index.html", "/application.yml", "/logback.xml", "/app/../application.yml",
            "/db/changelog.xml", "/identity/common-passwords.txt", "/app/nothing-here.js"})
    void servesNothingElseOfTheClasspath(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.getStatus().getCode()).as(path).isIn(401, 404);
        assertThat(response.body()).as(path).doesNotContain("datasources").doesNotContain("databaseChangeLog");
        assertSecurityHeaders(response);
    }

    @Test
    @SuppressWarnings("unchecked")
    void tellsThePageTheConfiguredIdleTimeout() {
        Map<String, Object> settings = client.toBlocking().retrieve(HttpRequest.GET("/app/settings.json"), Map.class);
        assertThat(settings).containsEntry("customerIdleSeconds", login.customerIdleSeconds())
                .containsEntry("idleWarningSeconds", 60)
                .containsEntry("absoluteSessionSeconds", login.absoluteSessionSeconds());
    }

    @Test
    void thePageNeedsNoInlineCodeAndBuildsNoMarkupFromStrings() throws IOException {
        String index = Files.readString(SOURCES.resolve("index.html"));
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(index).find()).as("inline script").isFalse();
        assertThat(index).doesNotContain("<style").doesNotContain(" style=").doesNotContainPattern(" on[a-z]+=");
        for (Path file : files(".js")) {
            String source = Files.readString(file);
            assertThat(source).as(file.toString()).doesNotContain("innerHTML").doesNotContain("outerHTML")
                    .doesNotContain("insertAdjacentHTML").doesNotContain("eval(").doesNotContain("new Function")
                    .doesNotContain("document.write").doesNotContain(".style.");
        }
        for (Path file : files("")) {
            assertThat(Files.readString(file)).as("no CDN or other origin in " + file).doesNotContainPattern("https?://");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyTextThePagesAskForIsInTheBundle() throws IOException {
        Map<String, Object> bundle = json.readValue(Files.readAllBytes(SOURCES.resolve("app/messages/en.json")), Map.class);
        Set<String> asked = new TreeSet<>();
        Pattern literal = Pattern.compile("\\bt\\('([A-Za-z0-9._-]+)'");
        for (Path file : files(".js")) {
            Matcher m = literal.matcher(Files.readString(file));
            while (m.find()) {
                asked.add(m.group(1));
            }
        }
        assertThat(asked).hasSizeGreaterThan(100);
        assertThat(bundle.keySet()).containsAll(asked);
    }

    private static List<Path> files(String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return client.toBlocking().exchange(HttpRequest.GET(path), Argument.STRING, Argument.STRING);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> response = (HttpResponse<String>) e.getResponse();
            return response;
        }
    }

    private static void assertSecurityHeaders(HttpResponse<?> response) {
        assertThat(response.header("Content-Security-Policy")).isEqualTo(SecurityHeadersFilter.CONTENT_SECURITY_POLICY)
                .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                        "base-uri 'none'", "form-action 'self'").doesNotContain("unsafe");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }
}
