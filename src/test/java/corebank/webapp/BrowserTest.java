package corebank.webapp;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import corebank.identity.user.Role;
import corebank.support.Api;
import corebank.support.DatabaseTest;
import corebank.support.MutableClock;
import corebank.support.TestUsers;
import corebank.web.SecurityHeadersFilter;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web app in a real browser against the real engine (embedded server, real PostgreSQL).
 * One Chromium per test class, a fresh browser context (cookies, storage) per test. After every
 * test: every response the page received from the engine carried the security headers, and
 * the page raised no script error and no Content-Security-Policy violation. {@link #screen}
 * runs axe-core (no serious or critical violation), checks the 320 px reflow and writes
 * screenshots to target/screenshots.
 */
abstract class BrowserTest implements DatabaseTest {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Path AXE_REPORT = Path.of("target", "axe-report.txt");
    static final int DESKTOP_WIDTH = 1280;
    static final int PHONE_WIDTH = 375;
    static final int NARROWEST_WIDTH = 320;
    static final int HEIGHT = 800;
    /** screen name -> violation counts by impact, for the report; filled by every browser test class. */
    static final Map<String, String> AXE_COUNTS = new ConcurrentSkipListMap<>();

    @Inject
    EmbeddedServer server;
    @Inject
    ApplicationContext context;
    @Inject
    MutableClock clock;
    @Inject
    @Client("/")
    HttpClient client;

    Chromium chromium;
    private Api teller;
    private java.time.Instant tellerSignedInAt;
    String equity;
    BrowserContext browserContext;
    Page page;
    final List<Response> responses = new CopyOnWriteArrayList<>();
    final List<String> scriptProblems = new CopyOnWriteArrayList<>();

    /** A customer with the credentials the person would hold, and their accounts. */
    record Customer(TestUsers.Enrolled user, List<String> accounts) {
        String username() {
            return user.username();
        }

        String account(int i) {
            return accounts.get(i);
        }
    }

    @BeforeAll
    void launchBrowser() {
        if (!Chromium.available()) {
            return; // every test of the class then fails (CI=true) or is skipped, each saying why
        }
        long started = System.nanoTime();
        chromium = Chromium.launch();
        System.out.printf("browser: Chromium launched in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    void closeBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        List<String> lines = new ArrayList<>();
        AXE_COUNTS.forEach((screen, counts) -> lines.add(screen + ": " + counts));
        Files.createDirectories(AXE_REPORT.getParent());
        Files.write(AXE_REPORT, lines);
    }

    @BeforeEach
    void openPage() {
        Chromium.requireExecutable();
        browserContext = chromium.browser.newContext(new Browser.NewContextOptions()
                .setBaseURL(baseUrl()).setViewportSize(DESKTOP_WIDTH, HEIGHT).setLocale("en-US"));
        page = browserContext.newPage();
        page.setDefaultTimeout(10_000);
        responses.clear();
        scriptProblems.clear();
        page.onResponse(responses::add);
        if (System.getenv("BROWSER_DEBUG") != null) {
            page.onResponse(r -> System.out.println("RESPONSE " + r.status() + " " + r.request().method() + " " + r.url()));
            page.onConsoleMessage(m -> System.out.println("CONSOLE " + m.text()));
        }
        page.onPageError(error -> scriptProblems.add("page error: " + error));
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy") || message.text().contains("missing message")) {
                scriptProblems.add("console: " + message.text());
            }
        });
    }

    @AfterEach
    void checkAndClosePage() {
        if (browserContext == null) {
            return;
        }
        try {
            assertThat(scriptProblems).as("script errors and CSP violations").isEmpty();
            assertEveryResponseHasSecurityHeaders();
        } finally {
            browserContext.close();
            browserContext = null;
        }
    }

    String baseUrl() {
        return server.getURL().toString();
    }

    /** Every response from the engine: CSP, nosniff, no referrer; no-store on the page and on API data. */
    void assertEveryResponseHasSecurityHeaders() {
        assertThat(responses).as("the page talked to the engine").isNotEmpty();
        for (Response response : responses) {
            if (!response.url().startsWith(baseUrl())) {
                continue;
            }
            Map<String, String> headers = response.allHeaders();
            String what = response.request().method() + " " + response.url();
            assertThat(headers.get("content-security-policy")).as(what).isEqualTo(SecurityHeadersFilter.CONTENT_SECURITY_POLICY);
            assertThat(headers.get("content-security-policy")).as(what).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval")
                    .contains("frame-ancestors 'none'");
            assertThat(headers.get("x-content-type-options")).as(what).isEqualTo("nosniff");
            assertThat(headers.get("referrer-policy")).as(what).isEqualTo("no-referrer");
            String path = java.net.URI.create(response.url()).getPath();
            if (path.startsWith("/api/") || "document".equals(response.request().resourceType())) {
                assertThat(headers.get("cache-control")).as(what).isEqualTo("no-store");
            }
        }
    }

    /** The teller API, signed in again when tests have moved the engine's clock past the session's idle limit. */
    Api teller() {
        if (teller == null || clock.instant().isAfter(tellerSignedInAt.plusSeconds(120))) {
            teller = new Api(client.toBlocking(), TestUsers.loginAs(context, client.toBlocking(), Role.TELLER).accessToken());
            tellerSignedInAt = clock.instant();
        }
        return teller;
    }

    /** A new customer with accounts opened by the teller and funded with the given EUR amounts. */
    Customer customer(String... fundings) {
        if (equity == null) {
            equity = teller().openEquity("EUR");
        }
        TestUsers.Enrolled user = TestUsers.enroll(context, Role.CUSTOMER);
        List<String> accounts = new ArrayList<>();
        for (String amount : fundings) {
            String name = accounts.isEmpty() ? "Everyday account" : "Savings " + accounts.size();
            String account = teller().openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", user.customerRef(), "name", name));
            if (!amount.equals("0")) {
                teller().fund(equity, account, amount, "EUR");
            }
            accounts.add(account);
        }
        return new Customer(user, accounts);
    }

    /** A code of the next TOTP step from java-otp (not the engine's implementation); each step is used once. */
    String totp(TestUsers.Enrolled user) {
        clock.advance(Duration.ofSeconds(30));
        try {
            TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6);
            return String.format("%06d", generator.generateOneTimePassword(new SecretKeySpec(user.totpSecret(), "HmacSHA1"),
                    clock.instant()));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    void enterPassword(TestUsers.Enrolled user) {
        page.navigate("/");
        page.getByLabel("Username").fill(user.username());
        page.getByLabel("Password").fill(TestUsers.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
        page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Enter your security code")).waitFor();
    }

    /** Signs in through the page with the password and a TOTP code; waits for the accounts screen. */
    void signIn(Customer customer) {
        enterPassword(customer.user());
        page.getByLabel("Security code").fill(totp(customer.user()));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Your accounts")).waitFor();
        settled();
    }

    /**
     * The status of a GET made by the page itself, with the browser's cookies. (Playwright's own
     * request API keeps a separate cookie jar that never sends Secure cookies over http.)
     */
    int apiStatus(String path) {
        return ((Number) page.evaluate("path => fetch(path, {credentials: 'same-origin'}).then(r => r.status)", path)).intValue();
    }

    /** Waits until the screen has loaded what it shows (main is no longer aria-busy). */
    void settled() {
        page.locator("main:not([aria-busy])").waitFor();
    }

    /**
     * One screen of the app: axe-core at desktop width (no serious or critical violation; the
     * counts go to target/axe-report.txt), no horizontal scrolling at 320 px (WCAG 1.4.10
     * reflow), and a full-page screenshot at desktop and phone width.
     */
    void screen(String name) {
        long started = System.nanoTime();
        try {
            Files.createDirectories(SCREENSHOTS);
            AxeResults results = new AxeBuilder(page).analyze();
            List<Rule> violations = results.getViolations();
            assertThat(violations).as("axe-core on %s: %s", name, describe(violations))
                    .noneMatch(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()));
            AXE_COUNTS.put(name, countByImpact(violations) + "; rules passed " + results.getPasses().size());
            page.setViewportSize(NARROWEST_WIDTH, HEIGHT);
            assertThat(((Number) page.evaluate("document.documentElement.scrollWidth")).intValue())
                    .as("%s at %d px scrolls sideways", name, NARROWEST_WIDTH).isLessThanOrEqualTo(NARROWEST_WIDTH);
            for (int width : new int[] {DESKTOP_WIDTH, PHONE_WIDTH}) {
                page.setViewportSize(width, HEIGHT);
                page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                        .setPath(SCREENSHOTS.resolve(name + "-" + width + ".png")));
            }
            System.out.printf("browser: screen %s checked in %d ms%n", name, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            page.setViewportSize(DESKTOP_WIDTH, HEIGHT);
        }
    }

    private static String countByImpact(List<Rule> violations) {
        Map<String, Integer> counts = new java.util.TreeMap<>(Map.of("critical", 0, "serious", 0, "moderate", 0, "minor", 0));
        violations.forEach(v -> counts.merge(String.valueOf(v.getImpact()), 1, Integer::sum));
        return "critical " + counts.get("critical") + ", serious " + counts.get("serious") + ", moderate "
                + counts.get("moderate") + ", minor " + counts.get("minor");
    }

    private static String describe(List<Rule> violations) {
        return violations.stream().map(v -> v.getImpact() + " " + v.getId() + " " + v.getNodes().stream()
                .map(n -> String.valueOf(n.getTarget())).toList()).toList().toString();
    }

    /** Elements by their accessible role and exact name, as a keyboard or screen-reader user finds them. */
    Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    Locator link(String name) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    /** The screen's title: its one level-1 heading. */
    Locator heading(String name) {
        return page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(name).setExact(true).setLevel(1));
    }
}
