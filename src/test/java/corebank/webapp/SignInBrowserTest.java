package corebank.webapp;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import corebank.audit.AuditContext;
import corebank.identity.mfa.TotpSecret;
import corebank.identity.user.Role;
import corebank.identity.user.UserAdmin;
import corebank.support.TestUsers;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.crypto.spec.SecretKeySpec;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** Enrollment, sign-in, sign-out and the session's limits, in the browser against the engine. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInBrowserTest extends BrowserTest {

    static final String REFUSED_PASSWORD = "We could not sign you in with these details. Check them and try again. "
            + "After several failed attempts, sign-in is paused for a while.";
    static final String REFUSED_CODE = "This code was not accepted. Check it and try again, or start again. "
            + "After several failed attempts, sign-in is paused for a while.";

    @Test
    void signsInWithPasswordAndTotpCodeIntoAHostOnlyCookieSession() {
        Customer alice = customer("250.00");
        page.navigate("/");
        screen("sign-in");
        enterPassword(alice.user());
        screen("sign-in-code");
        page.getByLabel("Security code").fill(totp(alice.user()));
        button("Sign in").click();
        heading("Your accounts").waitFor();

        List<Cookie> cookies = browserContext.cookies();
        assertThat(cookies).extracting(c -> c.name).containsExactlyInAnyOrder("__Host-cb-access", "__Host-cb-refresh");
        assertThat(cookies).allSatisfy(c -> {
            assertThat(c.httpOnly).as("no script reads the session").isTrue();
            assertThat(c.secure).isTrue();
            assertThat(c.path).isEqualTo("/");
            assertThat(c.sameSite.name()).isEqualTo("STRICT");
        });
        assertThat(page.getByText("Signed in as " + alice.username())).isVisible();
        assertThat(page.locator(".card")).hasCount(1);
        assertThat(page.evaluate("document.cookie")).as("HttpOnly: invisible to scripts").isEqualTo("");
    }

    @Test
    void signsInWithARecoveryCodeAndSignsOutLeavingNothingBehind() {
        Customer carol = customer("90.00");
        enterPassword(carol.user());
        button("Use a recovery code instead").click();
        assertThat(page.getByLabel("Recovery code")).isFocused();
        page.getByLabel("Recovery code").fill(carol.user().recoveryCodes().get(3));
        button("Sign in").click();
        heading("Your accounts").waitFor();
        assertThat(page.getByText(carol.account(0))).isVisible();

        List<Cookie> sessionCookies = browserContext.cookies();
        button("Sign out").click();
        heading("Sign in").waitFor();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("You have signed out.");
        assertThat(browserContext.cookies()).as("the engine cleared the session cookies").isEmpty();
        page.goBack();
        heading("Sign in").waitFor();
        assertThat(page.getByText(carol.account(0))).hasCount(0); // the back button shows no account data
        assertThat(apiStatus("/api/v1/accounts")).isEqualTo(401);
        browserContext.addCookies(sessionCookies);
        assertThat(apiStatus("/api/v1/accounts")).as("the old cookie, put back, no longer works").isEqualTo(401);
        assertThat(refreshStatus()).as("nor does the old refresh cookie").isEqualTo(401);
    }

    @Test
    void refusesAWrongPasswordOrCodeWithoutSayingWhichPartWasWrong() {
        Customer dan = customer("10.00");
        page.navigate("/");
        page.getByLabel("Username").fill("no-such-user-" + System.nanoTime());
        page.getByLabel("Password").fill(TestUsers.PASSWORD);
        button("Continue").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText(REFUSED_PASSWORD);
        String unknownUser = page.getByRole(AriaRole.ALERT).innerText();

        page.getByLabel("Username").fill(dan.username());
        page.getByLabel("Password").fill("not the password at all");
        button("Continue").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText(REFUSED_PASSWORD);
        assertThat(page.getByRole(AriaRole.ALERT).innerText()).as("unknown user and wrong password answer alike").isEqualTo(unknownUser);

        enterPassword(dan.user());
        page.getByLabel("Security code").fill(wrongCode(totp(dan.user())));
        button("Sign in").click();
        Locator alert = page.getByRole(AriaRole.ALERT);
        assertThat(alert).containsText(REFUSED_CODE);
        assertThat(alert).isFocused();
        assertThat(page.getByLabel("Security code")).hasValue("");
        screen("sign-in-code-refused");
        assertThat(browserContext.cookies()).isEmpty();
    }

    @Test
    void aLockedUserGetsTheSameAnswerEvenWithTheRightCode() {
        Customer erin = customer("10.00");
        enterPassword(erin.user());
        // wrong codes within the challenge's two minutes (the engine's clock stands still meanwhile)
        for (int i = 0; i < 5; i++) {
            page.getByLabel("Security code").fill(wrongCode(codeAt(erin.user().totpSecret(), 30)));
            assertThat(page.waitForResponse("**/api/v1/auth/second-factor", () -> button("Sign in").click()).status()).isEqualTo(401);
            assertThat(page.getByRole(AriaRole.ALERT)).containsText(REFUSED_CODE);
        }
        page.getByLabel("Security code").fill(totp(erin.user()));
        assertThat(page.waitForResponse("**/api/v1/auth/second-factor", () -> button("Sign in").click()).status())
                .as("locked: the right code is refused too").isEqualTo(401);
        assertThat(page.getByRole(AriaRole.ALERT)).containsText(REFUSED_CODE);
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("sign-in is paused for a while");
        assertThat(browserContext.cookies()).as("locked: no session").isEmpty();

        button("Start again").click();
        page.getByLabel("Username").fill(erin.username());
        page.getByLabel("Password").fill(TestUsers.PASSWORD);
        button("Continue").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText(REFUSED_PASSWORD);
    }

    @Test
    void warnsBeforeTheIdleTimeoutOffersToStayThenSignsOut() {
        Customer fay = customer("10.00");
        page.clock().install();
        signIn(fay);

        // the engine's clock first: the page's calls on the way out meet the engine's state of that moment
        clock.advance(Duration.ofMinutes(4));
        page.clock().fastForward("04:01");
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        assertThat(dialog).isVisible();
        assertThat(dialog).containsText("Are you still there?");
        assertThat(dialog).containsText("you will be signed out in");
        assertThat(button("Stay signed in")).isFocused();
        screen("idle-warning");
        button("Stay signed in").click();
        assertThat(dialog).hasCount(0);
        assertThat(apiStatus("/api/v1/accounts")).as("the refresh kept the session").isEqualTo(200);

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        page.clock().fastForward("05:01");
        heading("Sign in").waitFor();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("You were signed out because there was no activity");
        screen("sign-in-after-idle");
        assertThat(refreshStatus()).as("the engine ended the session too: it cannot be renewed").isEqualTo(401);
    }

    @Test
    void signsOutAtTheAbsoluteLimitHoweverActive() {
        Customer hal = customer("10.00");
        page.clock().install();
        signIn(hal);
        clock.advance(Duration.ofHours(12).plusSeconds(1));
        page.clock().fastForward("12:00:01");
        heading("Sign in").waitFor();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("You were signed out because your session reached its time limit. "
                + "Sign in again to continue.");
        assertThat(refreshStatus()).as("the engine's limit too").isEqualTo(401);
    }

    @Test
    void changesThePasswordWithTheCurrentOneAndACode() {
        Customer ida = customer("10.00");
        signIn(ida);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Security")).click();
        heading("Security").waitFor();
        String next = "seven quiet herons over the bay";
        page.getByLabel("Current password").fill("not my password at all");
        page.getByLabel("New password").fill(next);
        page.getByLabel("Security code").fill(totp(ida.user()));
        button("Change password").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("The current password or the security code was not accepted.");

        page.getByLabel("Current password").fill(TestUsers.PASSWORD);
        page.getByLabel("New password").fill(next);
        page.getByLabel("Security code").fill(totp(ida.user()));
        button("Change password").click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Your password has been changed.");

        button("Sign out").click();
        heading("Sign in").waitFor();
        page.getByLabel("Username").fill(ida.username());
        page.getByLabel("Password").fill(next);
        button("Continue").click();
        page.getByLabel("Security code").fill(totp(ida.user()));
        button("Sign in").click();
        heading("Your accounts").waitFor();
    }

    @Test
    void signsOutEverywhere() {
        Customer gus = customer("10.00");
        BrowserContext other = chromium.browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setBaseURL(baseUrl()));
        try {
            Page otherPage = other.newPage();
            otherPage.navigate("/");
            otherPage.getByLabel("Username").fill(gus.username());
            otherPage.getByLabel("Password").fill(TestUsers.PASSWORD);
            otherPage.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue")).click();
            otherPage.getByLabel("Security code").fill(totp(gus.user()));
            otherPage.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
            otherPage.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Your accounts")).waitFor();

            signIn(gus);
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Security")).click();
            heading("Security").waitFor();
            screen("security");
            button("Sign out everywhere").click();
            heading("Sign in").waitFor();
            assertThat(page.getByRole(AriaRole.STATUS)).hasText("You have signed out on all your devices.");

            otherPage.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Transfer")).click();
            otherPage.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Sign in")).waitFor();
            assertThat(otherPage.getByRole(AriaRole.STATUS)).hasText("Your session has ended. Sign in again to continue.");
        } finally {
            other.close();
        }
    }

    @Test
    void enrollsFromATokenShowsTheRecoveryCodesOnceAndSignsInWithOne() throws Exception {
        String username = TestUsers.uniqueName("newcomer");
        UserAdmin.Created created = context.getBean(UserAdmin.class).create(username, "New Comer", EnumSet.of(Role.CUSTOMER),
                corebank.support.TestCustomers.newRef(context), AuditContext.system("test-setup"));
        page.navigate("/#/enroll?token=" + created.enrollmentToken());
        heading("Set up your sign-in").waitFor();
        assertThat(page.getByLabel("Enrollment code")).hasValue(created.enrollmentToken());
        page.getByLabel("Choose a password").fill("too short");
        assertThat(page.locator(".rules li").first()).containsText("Not yet");
        String password = "a long walk by the quiet river 7";
        page.getByLabel("Choose a password").fill(password);
        assertThat(page.locator(".rules li").first()).containsText("Done");
        page.getByLabel("Repeat the password").fill(password);
        screen("enroll");
        button("Continue").click();

        heading("Add Corebank to your authenticator app").waitFor();
        assertThat(page.locator("img.qr")).isVisible();
        assertThat((Boolean) page.locator("img.qr").evaluate("img => img.complete && img.naturalWidth > 0")).isTrue();
        String secret = page.locator("code.secret").innerText().replace(" ", "");
        screen("enroll-secret");
        page.getByLabel("Security code").fill(codeAt(TotpSecret.fromBase32(secret), 0));
        button("Confirm").click();

        heading("Your recovery codes").waitFor();
        List<String> codes = page.locator("ul.codes li").allInnerTexts();
        assertThat(codes).hasSize(10);
        screen("enroll-codes");
        Download download = page.waitForDownload(() -> button("Download as a text file").click());
        assertThat(Files.readString(download.path())).contains(codes);
        assertThat(button("Continue to sign in")).isDisabled();
        page.getByLabel("I have saved my recovery codes").check();
        button("Continue to sign in").click();

        heading("Sign in").waitFor();
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(password);
        button("Continue").click();
        button("Use a recovery code instead").click();
        page.getByLabel("Recovery code").fill(codes.get(0));
        button("Sign in").click();
        heading("Your accounts").waitFor();
        assertThat(page.getByText("You have no accounts yet.")).isVisible();
    }

    /** Asks the engine to renew the session with the browser's refresh cookie, as the page does. */
    int refreshStatus() {
        return ((Number) page.evaluate("() => fetch('/api/v1/auth/refresh', {method: 'POST', body: '{}', headers: "
                + "{'Content-Type': 'application/json', 'X-Session-Mode': 'cookie'}}).then(r => r.status)")).intValue();
    }



    /** A six-digit code that is not the right one. */
    static String wrongCode(String right) {
        return String.format("%06d", (Integer.parseInt(right) + 500_000) % 1_000_000);
    }

    String codeAt(byte[] secret, long offsetSeconds) {
        try {
            TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6);
            return String.format("%06d", generator.generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"),
                    clock.instant().plusSeconds(offsetSeconds)));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
