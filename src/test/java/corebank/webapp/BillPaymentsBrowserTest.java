package corebank.webapp;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import corebank.support.Api;
import corebank.support.TestUsers;
import io.micronaut.http.HttpResponse;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bill payments in the browser: the biller directory, a payee whose reference is checked as it
 * is typed (a wrong check digit never leaves the page), a payment scheduled for a later date and
 * cancelled (its status shown, the engine agreeing), and a payee deleted.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillPaymentsBrowserTest extends BrowserTest {

    private String settlement;

    /** A biller with Luhn (MOD10) references of 6 to 12 digits, named with a tag to search for. */
    private Map<String, String> biller() {
        if (settlement == null) {
            settlement = teller().openAccount("SETTLEMENT", "EUR", Map.of("ownerRef", "bank:settlement"));
        }
        String tag = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000));
        String code = "BRP" + tag;
        String name = "Lumen Power " + tag;
        HttpResponse<Map> r = teller().post("/internal/v1/billers", Map.of("code", code, "name", name, "currency", "EUR",
                "settlementAccount", settlement, "creditorAccount", "DE89370400440532013000",
                "referencePattern", "[0-9]{6,12}", "checkDigit", "MOD10"));
        assertThat(r.getStatus().getCode()).as("%s", teller().body(r)).isEqualTo(201);
        return Map.of("code", code, "name", name, "tag", tag);
    }

    @Test
    void aPayeeWithABadCheckDigitIsRefusedAsTypedBeforeAnyRequest() {
        Map<String, String> biller = biller();
        Customer kim = customer("50.00");
        List<Request> payeePosts = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if (r.url().endsWith("/api/v1/payees") && r.method().equals("POST")) {
                payeePosts.add(r);
            }
        });
        signIn(kim);
        link("Bill payments").click();
        heading("Bill payments").waitFor();
        settled();
        assertThat(page.getByText("You have no payees yet.")).isVisible();
        screen("bills-empty");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Add a payee")).click();
        heading("Add a payee").waitFor();
        settled();
        page.getByLabel("Search the biller directory").fill("lumen power " + biller.get("tag"));
        button("Search").click();
        assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Billers found"))).hasText("Billers found: 1.");
        page.getByLabel(biller.get("name") + " (" + biller.get("code") + ", EUR)").check();
        Locator reference = page.getByLabel("Your reference at " + biller.get("name"));
        Locator row = page.locator(".field").filter(new Locator.FilterOptions().setHas(reference));

        // 79927398713 is a valid Luhn number; its last digit mistyped as 0
        reference.pressSequentially("79927398710");
        assertThat(row.locator(".field-error")).hasText("This reference is not valid at " + biller.get("name")
                + ": its check digit does not match. Check for a typing error.");
        assertThat(reference).hasAttribute("aria-invalid", "true");
        button("Add payee").click();
        assertThat(page.locator(".error-summary")).isFocused();
        assertThat(page.locator(".error-summary")).containsText("its check digit does not match");
        screen("payee-new-refused");
        assertThat(payeePosts).as("a wrong check digit is refused before any request").isEmpty();

        // an incomplete reference is not scolded mid-word, only a wrong check digit is
        reference.fill("");
        reference.pressSequentially("7992");
        assertThat(row.locator(".field-error")).isEmpty();
        reference.pressSequentially("7398713");
        assertThat(row.locator(".field-error")).isEmpty();
        assertThat(reference).not().hasAttribute("aria-invalid", "true");
        assertThat(row.locator(".field-ok")).hasText("This reference has the format " + biller.get("name") + " uses.");
        page.getByLabel("Name for this payee").fill("Electricity");
        screen("payee-new");
        Response saved = page.waitForResponse(r -> r.url().endsWith("/api/v1/payees") && r.request().method().equals("POST"),
                () -> button("Add payee").click());
        assertThat(saved.status()).isEqualTo(201);
        heading("Payee added").waitFor();
        assertThat(page.locator("#main").getByText("Electricity (" + biller.get("name") + ") is now one of your payees.")).isVisible();
        screen("payee-added");
        assertThat(payeePosts).hasSize(1);
        assertThat(payeePosts.get(0).postData()).contains("79927398713");
    }

    @Test
    void aScheduledBillPaymentIsCreatedAndCancelledWithItsStatusShownAndThePayeeDeleted() {
        Map<String, String> biller = biller();
        Customer lea = customer("300.00");
        Api api = new Api(client.toBlocking(), TestUsers.loginWithRecoveryCode(client.toBlocking(), lea.user(), 0).accessToken());
        HttpResponse<Map> payee = api.post("/api/v1/payees", Map.of("billerCode", biller.get("code"), "reference", "79927398713",
                "nickname", "Power bill"));
        assertThat(payee.getStatus().getCode()).isEqualTo(201);
        List<Request> paymentPosts = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if (r.url().endsWith("/api/v1/bill-payments") && r.method().equals("POST")) {
                paymentPosts.add(r);
            }
        });
        signIn(lea);
        link("Bill payments").click();
        heading("Bill payments").waitFor();
        settled();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Pay Power bill")).click();
        heading("Pay a bill").waitFor();
        settled();
        assertThat(page.getByLabel("Payee")).containsText("Power bill");
        page.getByLabel("Amount in EUR").fill("42.50");
        page.getByLabel("On a date").check();
        LocalDate due = LocalDate.now(ZoneId.systemDefault()).plusDays(7);
        page.getByLabel("Payment date").fill(due.toString());
        page.getByLabel("Note for yourself (optional)").fill("March bill");
        screen("bill-pay");
        button("Schedule payment").dblclick();
        heading("Payment scheduled").waitFor();
        assertThat(paymentPosts).as("requests sent").isNotEmpty()
                .extracting(r -> r.headerValue("idempotency-key")).doesNotContainNull()
                .as("one key").containsOnly(paymentPosts.get(0).headerValue("idempotency-key"));
        screen("bill-pay-done");

        link("View the payment").click();
        heading("Payment to Power bill").waitFor();
        settled();
        String paymentId = page.url().substring(page.url().lastIndexOf('/') + 1);
        Locator terms = page.locator("dl.details");
        assertThat(terms).containsText("StatusScheduled");
        assertThat(terms).containsText("€42.50");
        assertThat(terms).containsText("March bill");
        assertThat(api.body(api.get("/api/v1/bill-payments/" + paymentId))).containsEntry("status", "ACTIVE")
                .containsEntry("amount", "42.50").containsEntry("startDate", due.toString());
        assertThat(api.allPages("/api/v1/bill-payments", "payments", 200)).as("one payment, whatever the double click").hasSize(1);
        screen("bill-payment");

        // the amount of the payments still to come changes
        page.getByLabel("Amount in EUR").fill("40.00");
        button("Save changes").click();
        assertThat(page.locator("main .notice-success")).hasText("Your changes are saved.");
        assertThat(page.locator("dl.details")).containsText("€40.00");
        assertThat(api.body(api.get("/api/v1/bill-payments/" + paymentId))).containsEntry("amount", "40.00");

        button("Cancel payment").click();
        assertThat(page.getByText("Cancel every upcoming payment of this schedule?")).isVisible();
        screen("bill-payment-cancel");
        button("Yes, cancel payment").click();
        assertThat(page.locator("main .notice-success")).hasText("The payment is cancelled.");
        assertThat(page.locator("dl.details")).containsText("StatusCancelled");
        assertThat(button("Cancel payment")).hasCount(0);
        assertThat(api.body(api.get("/api/v1/bill-payments/" + paymentId))).containsEntry("status", "CANCELLED");

        link("Back to bill payments").first().click();
        heading("Bill payments").waitFor();
        settled();
        assertThat(page.getByText("No payments are scheduled.")).isVisible();
        Locator past = page.locator("section").filter(new Locator.FilterOptions().setHas(
                page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Past payments")))).locator("tbody tr");
        assertThat(past).hasCount(1);
        assertThat(past).containsText("Power bill");
        assertThat(past).containsText("€40.00");
        assertThat(past).containsText("Cancelled");
        screen("bills");

        button("Delete payee Power bill").click();
        assertThat(page.getByText("Delete the payee Power bill? Payments already made stay in your history.")).isVisible();
        screen("bills-delete-confirm");
        button("Yes, delete payee").click();
        assertThat(page.locator("main .notice-success")).hasText("The payee Power bill is deleted.");
        assertThat(page.getByText("You have no payees yet.")).isVisible();
        assertThat(past).containsText("Deleted payee");
        assertThat(api.allPages("/api/v1/payees", "payees", 200)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPaymentNowIsPaidAndShownInThePastAWeeklyOneIsUpcoming() {
        Map<String, String> biller = biller();
        Customer max = customer("100.00");
        Api api = new Api(client.toBlocking(), TestUsers.loginWithRecoveryCode(client.toBlocking(), max.user(), 0).accessToken());
        assertThat(api.post("/api/v1/payees", Map.of("billerCode", biller.get("code"), "reference", "79927398713",
                "nickname", "Lights")).getStatus().getCode()).isEqualTo(201);
        List<Request> paymentPosts = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if (r.url().endsWith("/api/v1/bill-payments") && r.method().equals("POST")) {
                paymentPosts.add(r);
            }
        });
        signIn(max);
        link("Bill payments").click();
        heading("Bill payments").waitFor();
        settled();
        link("Pay a bill").click();
        heading("Pay a bill").waitFor();
        settled();
        page.getByLabel("Amount in EUR").fill("12.00");
        assertThat(page.getByLabel("Payment date")).isHidden();
        button("Pay now").click();
        heading("Payment scheduled").waitFor();

        link("Back to bill payments").click();
        heading("Bill payments").waitFor();
        settled();
        link("Pay a bill").click();
        heading("Pay a bill").waitFor();
        settled();
        page.getByLabel("Amount in EUR").fill("5.00");
        page.getByLabel("Every week").check();
        LocalDate first = LocalDate.now(ZoneId.systemDefault()).plusDays(3);
        page.getByLabel("First payment on").fill(first.toString());
        button("Schedule payment").click();
        // neither a number of payments nor a last date: refused on the page, nothing sent
        assertThat(page.locator(".error-summary")).containsText("Enter a number of payments or a last date");
        assertThat(paymentPosts).hasSize(1);
        page.getByLabel("Number of payments").fill("4");
        screen("bill-pay-weekly");
        button("Schedule payment").click();
        heading("Payment scheduled").waitFor();
        assertThat(paymentPosts).hasSize(2);
        assertThat(paymentPosts.get(0).postData()).contains("\"frequency\":\"ONCE\"").doesNotContain("startDate");
        assertThat(paymentPosts.get(1).postData()).contains("\"frequency\":\"WEEKLY\"").contains("\"occurrences\":4")
                .contains("\"startDate\":\"" + first + "\"");
        assertThat(paymentPosts.get(0).headerValue("idempotency-key")).isNotEqualTo(paymentPosts.get(1).headerValue("idempotency-key"));

        // the engine runs what is due today: the payment made now
        context.getBean(corebank.payments.PaymentScheduler.class).runDue();
        link("Back to bill payments").click();
        heading("Bill payments").waitFor();
        settled();
        Locator upcoming = section("Upcoming payments").locator("tbody tr");
        assertThat(upcoming).hasCount(1);
        assertThat(upcoming).containsText("Weekly, 4 payments");
        assertThat(upcoming).containsText("€5.00");
        assertThat(upcoming).containsText("Scheduled");
        Locator past = section("Past payments").locator("tbody tr");
        assertThat(past).hasCount(1);
        assertThat(past).containsText("Lights");
        assertThat(past).containsText("€12.00");
        assertThat(past).containsText("Paid");
        screen("bills-with-payments");
        assertThat(new java.math.BigDecimal((String) teller().balances(max.account(0)).get("balance"))).isEqualByComparingTo("88.00");
    }

    private Locator section(String heading) {
        return page.locator("section").filter(new Locator.FilterOptions().setHas(
                page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(heading).setExact(true))));
    }
}
