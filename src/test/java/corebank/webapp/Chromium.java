package corebank.webapp;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright's bundled driver; Playwright never downloads a browser.
 * Without the browser, CI (env CI=true) fails loudly, and elsewhere the browser tests are
 * skipped with a loud message saying why and how to install it.
 */
final class Chromium implements AutoCloseable {

    static final Path EXECUTABLE = Path.of(System.getenv().getOrDefault("COREBANK_CHROMIUM", "/usr/bin/chromium"));
    private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private final Playwright playwright;
    final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static boolean available() {
        return Files.isExecutable(EXECUTABLE);
    }

    static Chromium launch() {
        requireExecutable();
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(ARGS));
        return new Chromium(playwright, browser);
    }

    /** Fails (CI=true) or skips the calling test, loudly, when there is no Chromium. */
    static void requireExecutable() {
        if (Files.isExecutable(EXECUTABLE)) {
            return;
        }
        String message = "\n=====================================================================\n"
                + " BROWSER TESTS: no Chromium at " + EXECUTABLE + "\n"
                + " Install it with: apt-get install -y chromium   (or set COREBANK_CHROMIUM)\n"
                + ("true".equalsIgnoreCase(System.getenv("CI"))
                    ? " CI=true: this is a FAILURE, the web app's browser tests must run in CI.\n"
                    : " The web app's browser tests are SKIPPED in this run (they fail when CI=true).\n")
                + "=====================================================================\n";
        System.out.println(message);
        System.err.println(message);
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
