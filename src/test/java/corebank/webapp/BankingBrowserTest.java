package corebank.webapp;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import corebank.ledger.AccountNumber;
import corebank.support.TestUsers;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** Accounts, history and transfers in the browser, checked against the engine's books. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BankingBrowserTest extends BrowserTest {

    @Test
    void showsEveryAccountWithBalancesAndAHistoryPagedByOlder() {
        Customer alice = customer("500.00", "0");
        for (int i = 1; i <= 24; i++) {
            teller().fund(equity, alice.account(0), i + ".00", "EUR");
        }
        signIn(alice);
        Locator cards = page.locator(".card");
        assertThat(cards).hasCount(2);
        Locator main = cards.filter(new Locator.FilterOptions().setHasText(alice.account(0)));
        assertThat(main).containsText("Balance€800.00");
        assertThat(main).containsText("Available€800.00");
        assertThat(main).containsText("CurrencyEUR");
        assertThat(main).containsText("StatusActive");
        screen("accounts");

        main.getByRole(AriaRole.LINK).click();
        page.locator("table.history tbody tr").first().waitFor();
        settled();
        Locator rows = page.locator("table.history tbody tr");
        assertThat(rows).hasCount(20);
        assertThat(rows.first()).containsText("+€24.00");
        assertThat(rows.first()).containsText("€800.00");
        screen("account");
        button("Show older transactions").click();
        assertThat(rows).hasCount(25);
        assertThat(rows.last()).containsText("+€500.00");
        assertThat(button("Show older transactions")).isHidden();
        assertThat(page.locator("#announcer")).hasText("5 older transactions loaded.");
    }

    @Test
    void transfersBetweenOwnAccountsAfterAReview() {
        Customer bob = customer("300.00", "0");
        signIn(bob);
        link("Transfer").click();
        heading("Make a transfer").waitFor();
        settled();
        page.getByLabel("Your account to send to").selectOption(bob.account(1));
        page.getByLabel("Amount in EUR").fill("125.50");
        page.getByLabel("Reference (optional)").fill("rent share");
        screen("transfer");
        button("Review transfer").click();

        heading("Check your transfer").waitFor();
        Locator review = page.locator("dl.review");
        assertThat(review).containsText("€125.50");
        assertThat(review).containsText(bob.account(0));
        assertThat(review).containsText(bob.account(1));
        assertThat(review).containsText("rent share");
        assertThat(postings(bob.account(1))).as("nothing moves before the confirmation").isEmpty();
        screen("transfer-review");
        button("Confirm transfer").click();

        heading("Transfer made").waitFor();
        assertThat(page.locator("main").getByText("You sent €125.50.")).isVisible();
        screen("transfer-done");
        assertThat(balance(bob.account(0))).isEqualByComparingTo("174.50");
        assertThat(balance(bob.account(1))).isEqualByComparingTo("125.50");
        assertThat(postings(bob.account(1))).hasSize(1);
    }

    @Test
    void signsInAndTransfersWithTheKeyboardAlone() {
        Customer erin = customer("80.00", "0");
        Customer finn = customer("0");
        page.navigate("/");
        typeInto(page.getByLabel("Username"), erin.username());
        typeInto(page.getByLabel("Password"), TestUsers.PASSWORD);
        page.keyboard().press("Enter");
        heading("Enter your security code").waitFor();
        typeInto(page.getByLabel("Security code"), totp(erin.user()));
        page.keyboard().press("Enter");
        heading("Your accounts").waitFor();
        settled();

        tabTo(link("Transfer"));
        page.keyboard().press("Enter");
        heading("Make a transfer").waitFor();
        settled();
        tabTo(page.getByLabel("One of my accounts"));
        page.keyboard().press("ArrowDown");
        assertThat(page.getByLabel("Another customer's account")).isChecked();
        typeInto(page.getByLabel("Account number to send to"), finn.account(0));
        typeInto(page.getByLabel("Amount in EUR"), "12.34");
        tabTo(button("Review transfer"));
        page.keyboard().press("Enter");
        heading("Check your transfer").waitFor();
        tabTo(button("Confirm transfer"));
        page.keyboard().press("Enter");
        heading("Transfer made").waitFor();
        assertThat(balance(erin.account(0))).isEqualByComparingTo("67.66");
        assertThat(balance(finn.account(0))).isEqualByComparingTo("12.34");
    }

    /** Tabs to the field (the keyboard reaches it, its focus ring shows) and types into it. */
    private void typeInto(Locator field, String text) {
        tabTo(field);
        page.keyboard().type(text);
    }

    /**
     * Presses Tab, and only Tab, until the focus is on {@code target}; fails when 60 presses do
     * not get there. Once there, the focused element must show a focus outline.
     */
    private void tabTo(Locator target) {
        for (int presses = 0; presses < 60; presses++) {
            if ((Boolean) target.evaluate("element => element === document.activeElement")) {
                assertThat((String) target.evaluate("element => getComputedStyle(element).outlineStyle"))
                        .as("visible focus on %s", target).isNotEqualTo("none");
                return;
            }
            page.keyboard().press("Tab");
        }
        org.assertj.core.api.Assertions.fail("the keyboard does not reach " + target);
    }

    @Test
    void aDoubleClickOnConfirmMakesOneTransfer() {
        Customer carl = customer("100.00");
        Customer dora = customer("0");
        List<Request> posts = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if (r.url().endsWith("/api/v1/transfers")) {
                posts.add(r);
            }
        });
        signIn(carl);
        reviewTransferTo(dora.account(0), "40.00");
        button("Confirm transfer").dblclick();
        heading("Transfer made").waitFor();
        assertThat(postings(dora.account(0))).as("one transfer").hasSize(1);
        assertThat(balance(carl.account(0))).isEqualByComparingTo("60.00");
        assertThat(posts).as("requests sent").isNotEmpty()
                .extracting(r -> r.headerValue("idempotency-key")).as("one key").containsOnly(posts.get(0).headerValue("idempotency-key"));
    }

    @Test
    void aRetryAfterALostAnswerMakesOneTransfer() {
        Customer erik = customer("100.00");
        Customer fern = customer("0");
        signIn(erik);
        reviewTransferTo(fern.account(0), "30.00");
        // the engine gets the request and books it, but the answer never reaches the page
        page.route("**/api/v1/transfers", route -> {
            route.fetch();
            route.abort("connectionreset");
        });
        button("Confirm transfer").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("Press Confirm transfer again: it will not be made twice.");
        assertThat(postings(fern.account(0))).as("the first attempt was booked").hasSize(1);
        screen("transfer-no-answer");
        page.unrouteAll();

        Response replay = page.waitForResponse("**/api/v1/transfers", () -> button("Confirm transfer").click());
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.headerValue("idempotent-replayed")).isEqualTo("true");
        heading("Transfer made").waitFor();
        assertThat(postings(fern.account(0))).as("still one transfer").hasSize(1);
        assertThat(balance(erik.account(0))).isEqualByComparingTo("70.00");
    }

    @Test
    void aRefusalIsShownBesideTheFieldAtFaultWithTheAmountKept() {
        Customer gail = customer("50.00");
        Customer hugo = customer("0");
        signIn(gail);
        reviewTransferTo(hugo.account(0), "75.25");
        button("Confirm transfer").click();

        heading("Make a transfer").waitFor();
        Locator from = page.locator(".field").filter(new Locator.FilterOptions().setHas(page.getByLabel("From")));
        assertThat(from.locator(".field-error")).hasText("There is not enough available money in this account for this transfer.");
        assertThat(page.getByLabel("From")).hasAttribute("aria-invalid", "true");
        assertThat(page.locator(".error-summary")).isFocused();
        assertThat(page.getByLabel("Amount in EUR")).hasValue("75.25");
        assertThat(page.getByLabel("Account number to send to")).hasValue(hugo.account(0));
        screen("transfer-refused");
        assertThat(postings(hugo.account(0))).isEmpty();

        // a well-formed number that belongs to nobody: refused by the engine, beside the To field
        String nobody = AccountNumber.fromSequence(9_999_999_999L);
        page.getByLabel("Account number to send to").fill(nobody);
        page.getByLabel("Amount in EUR").fill("5.00");
        button("Review transfer").click();
        button("Confirm transfer").click();
        heading("Make a transfer").waitFor();
        Locator to = page.locator(".field").filter(new Locator.FilterOptions().setHas(page.getByLabel("Account number to send to")));
        assertThat(to.locator(".field-error")).hasText("There is no customer account with this number.");
        assertThat(page.getByLabel("Amount in EUR")).hasValue("5.00");

        // a mistyped check digit never leaves the page
        page.getByLabel("Account number to send to").fill(nobody.substring(0, 11) + ((nobody.charAt(11) - '0' + 1) % 10));
        button("Review transfer").click();
        assertThat(to.locator(".field-error")).containsText("This is not a valid account number");
        assertThat(heading("Make a transfer")).isVisible();
    }

    @Test
    void anotherCustomersAccountInTheUrlAnswersNotFound() {
        Customer ivy = customer("10.00");
        Customer jon = customer("999.00");
        signIn(ivy);
        Response answer = page.waitForResponse("**/api/v1/accounts/" + jon.account(0), () -> page.navigate("/#/accounts/" + jon.account(0)));
        assertThat(answer.status()).isEqualTo(404);
        heading("Account not found").waitFor();
        assertThat(page.getByText("None of your accounts has the number " + jon.account(0) + ".")).isVisible();
        assertThat(page.getByText("€999.00")).hasCount(0);
        screen("account-not-found");
    }

    private void reviewTransferTo(String account, String amount) {
        link("Transfer").click();
        heading("Make a transfer").waitFor();
        settled();
        page.getByLabel("Another customer's account").check();
        page.getByLabel("Account number to send to").fill(account);
        page.getByLabel("Amount in EUR").fill(amount);
        button("Review transfer").click();
        heading("Check your transfer").waitFor();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> postings(String account) {
        var response = teller().get("/internal/v1/accounts/" + account + "/postings");
        assertThat(response.getStatus().getCode()).as("postings of %s: %s", account, teller().body(response)).isEqualTo(200);
        // the API leaves out an empty list
        return (List<Map<String, Object>>) teller().body(response).getOrDefault("postings", List.of());
    }

    private BigDecimal balance(String account) {
        return new BigDecimal((String) teller().balances(account).get("balance"));
    }
}
