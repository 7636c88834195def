package corebank.webapp;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import corebank.identity.mfa.TotpSecret;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.crypto.spec.SecretKeySpec;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The security page's sign-in activity and replacing the authenticator app, in the browser against the engine. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuritySettingsBrowserTest extends BrowserTest {

    @Test
    void showsThePreviousSignInAndTheFailedAttemptsSince() {
        Customer eve = customer("10.00");
        signIn(eve);
        Instant firstAt = clock.instant();
        button("Sign out").click();
        heading("Sign in").waitFor();

        clock.advance(Duration.ofMinutes(3));
        for (int i = 0; i < 2; i++) {
            page.navigate("/");
            page.getByLabel("Username").fill(eve.username());
            page.getByLabel("Password").fill("not the password at all");
            button("Continue").click();
            assertThat(page.getByRole(AriaRole.ALERT)).containsText(SignInBrowserTest.REFUSED_PASSWORD);
        }
        signIn(eve);
        openSecurity();

        Locator activity = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Recent sign-in activity"));
        assertThat(activity.locator("time")).isVisible();
        assertThat(Instant.parse(activity.locator("time").getAttribute("datetime")))
                .as("the first sign-in, not the current one").isEqualTo(firstAt.truncatedTo(ChronoUnit.MICROS));
        assertThat(activity.locator("dd").first()).containsText("(web app");
        assertThat(activity.locator("dt").nth(1)).hasText("Failed sign-in attempts since then");
        assertThat(activity.locator("dd").nth(1)).hasText("2");
        assertThat(activity).containsText("If these attempts were not yours, change your password.");
        screen("security-activity");
    }

    @Test
    void replacesTheAuthenticatorWithNewRecoveryCodesThatAloneWorkAfterwards() throws Exception {
        Customer finn = customer("10.00");
        signIn(finn);
        openSecurity();
        Locator section = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Replace your authenticator app"));

        section.getByLabel("Code from your current authenticator app").fill(SignInBrowserTest.wrongCode(totp(finn.user())));
        button("Replace authenticator app").click();
        assertThat(section.getByRole(AriaRole.ALERT)).containsText("This code was not accepted.");

        section.getByLabel("Code from your current authenticator app").fill(totp(finn.user()));
        button("Replace authenticator app").click();
        heading("Add Corebank to your new authenticator app").waitFor();
        assertThat((Boolean) page.locator("img.qr").evaluate("img => img.complete && img.naturalWidth > 0")).isTrue();
        byte[] secret = TotpSecret.fromBase32(page.locator("code.secret").innerText().replace(" ", ""));
        assertThat(secret).isNotEqualTo(finn.user().totpSecret());
        screen("reenroll-secret");
        page.getByLabel("Security code").fill(nextCode(secret));
        button("Confirm").click();

        heading("Your new recovery codes").waitFor();
        List<String> codes = page.locator("ul.codes li").allInnerTexts();
        assertThat(codes).hasSize(10).doesNotContainAnyElementsOf(finn.user().recoveryCodes());
        assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Your old recovery codes no longer work.");
        screen("reenroll-codes");
        Download download = page.waitForDownload(() -> button("Download as a text file").click());
        assertThat(Files.readString(download.path())).contains(codes);
        assertThat(button("Back to security settings")).isDisabled();
        page.getByLabel("I have saved my recovery codes").check();
        button("Back to security settings").click();
        heading("Security").waitFor();
        settled();
        button("Sign out").click();
        heading("Sign in").waitFor();

        enterPassword(finn.user());
        button("Use a recovery code instead").click();
        page.getByLabel("Recovery code").fill(finn.user().recoveryCodes().get(0));
        button("Sign in").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText(SignInBrowserTest.REFUSED_CODE);

        enterPassword(finn.user());
        page.getByLabel("Security code").fill(totp(finn.user()));
        button("Sign in").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText(SignInBrowserTest.REFUSED_CODE); // the old app's code

        enterPassword(finn.user());
        button("Use a recovery code instead").click();
        page.getByLabel("Recovery code").fill(codes.get(0));
        button("Sign in").click();
        heading("Your accounts").waitFor();
    }

    void openSecurity() {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Security")).click();
        heading("Security").waitFor();
        settled();
    }

    /** The code of the next time step of a secret, from java-otp (not the engine's TOTP). */
    String nextCode(byte[] secret) throws Exception {
        clock.advance(Duration.ofSeconds(30));
        TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6);
        return String.format("%06d", generator.generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"), clock.instant()));
    }
}
