package corebank.webapp;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** An engine that allows three sign-in attempts a minute per address: the page says when to try again. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThrottledSignInBrowserTest extends BrowserTest {

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("corebank.identity.login.attempts-per-minute-per-client", "3");
    }

    @Test
    void tooManyAttemptsFromOneAddressSayWhenToTryAgain() {
        page.navigate("/");
        page.getByLabel("Username").fill("nobody-" + System.nanoTime());
        page.getByLabel("Password").fill("a wrong password for the throttle");
        Response answer = null;
        for (int attempt = 1; attempt <= 4 && (answer == null || answer.status() != 429); attempt++) {
            answer = page.waitForResponse("**/api/v1/auth/login",
                    () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click());
        }
        assertThat(answer.status()).as("the fourth attempt in a minute is throttled").isEqualTo(429);
        long retryAfterSeconds = Long.parseLong(answer.headerValue("retry-after"));
        assertThat(retryAfterSeconds).isBetween(1L, 60L);
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("Too many sign-in attempts from this device. Try again in "
                + retryAfterSeconds + (retryAfterSeconds == 1 ? " second." : " seconds."));
        screen("sign-in-throttled");
    }
}
