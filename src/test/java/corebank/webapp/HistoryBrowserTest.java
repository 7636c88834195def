package corebank.webapp;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The account page's history in the browser: description and counterparty per line, and the filter form. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryBrowserTest extends BrowserTest {

    @Test
    void filtersTheHistoryByDateDirectionAndAmountAndShowsDescriptionAndCounterparty() {
        Customer kim = customer("0");
        String lee = teller().openAccount("CUSTOMER_DEPOSIT", "EUR", Map.of("ownerRef", teller().createCustomer(),
                "name", "Lee Example"));
        // postings at noon UTC on days 1, 3 and 5, so a browser in any zone within 11 hours of UTC sees the same days
        clock.set(clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)).plus(Duration.ofHours(12)));
        LocalDate day1 = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        book(equity, kim.account(0), "200.00", "salary november");
        clock.advance(Duration.ofDays(2));
        book(kim.account(0), lee, "45.00", "concert tickets");
        clock.advance(Duration.ofDays(2));
        book(lee, kim.account(0), "12.50", "half the taxi");
        clock.advance(Duration.ofMinutes(1));
        book(kim.account(0), lee, "80.00", "bike repair");
        LocalDate day3 = day1.plusDays(2);
        LocalDate day5 = day1.plusDays(4);

        signIn(kim);
        page.locator(".card").getByRole(AriaRole.LINK).click();
        page.locator("table.history tbody tr").first().waitFor();
        settled();
        Locator rows = page.locator("table.history tbody tr");
        assertThat(rows).hasCount(4);
        assertThat(rows.nth(0)).containsText("bike repair");
        assertThat(rows.nth(0)).containsText("Lee Example " + lee);
        assertThat(rows.nth(0)).containsText("-€80.00");
        assertThat(rows.nth(0)).containsText("€87.50");
        assertThat(rows.nth(1)).containsText("half the taxi");
        assertThat(rows.nth(1)).containsText("+€12.50");
        assertThat(rows.nth(3)).containsText("salary november");
        assertThat(rows.nth(3).locator("td").nth(2)).hasText("Corebank");
        assertThat(page.locator("table.history")).not().containsText(equity);
        screen("account-history");

        // out, from day 3 to day 5: the two payments to Lee, newest first
        page.getByLabel("From date", new Page.GetByLabelOptions().setExact(true)).fill(day3.toString());
        page.getByLabel("To date", new Page.GetByLabelOptions().setExact(true)).fill(day5.toString());
        page.getByLabel("Money in or out").selectOption("OUT");
        button("Apply filters").click();
        assertThat(rows).hasCount(2);
        assertThat(rows.nth(0)).containsText("bike repair");
        assertThat(rows.nth(1)).containsText("concert tickets");
        assertThat(page.locator("#announcer")).hasText("Transactions found: 2.");
        screen("account-history-filtered");

        // the amount bound, submitted from the keyboard
        page.getByLabel("Smallest amount in EUR").fill("50");
        page.getByLabel("Smallest amount in EUR").press("Enter");
        assertThat(rows).hasCount(1);
        assertThat(rows.nth(0)).containsText("bike repair");

        // only day 1 and money in
        page.getByLabel("Smallest amount in EUR").fill("");
        page.getByLabel("From date", new Page.GetByLabelOptions().setExact(true)).fill(day1.toString());
        page.getByLabel("To date", new Page.GetByLabelOptions().setExact(true)).fill(day1.toString());
        page.getByLabel("Money in or out").selectOption("IN");
        button("Apply filters").click();
        assertThat(rows).hasCount(1);
        assertThat(rows.nth(0)).containsText("salary november");

        // nothing matches
        page.getByLabel("Money in or out").selectOption("OUT");
        button("Apply filters").click();
        assertThat(rows).hasCount(0);
        assertThat(page.getByText("No transactions match these filters.", new Page.GetByTextOptions().setExact(true)).first()).isVisible();

        // refused on the page, beside the fields, in a summary that takes focus (announced: role=alert)
        page.getByLabel("Largest amount in EUR").fill("12,34.5.6");
        page.getByLabel("To date", new Page.GetByLabelOptions().setExact(true)).fill(day1.minusDays(1).toString());
        button("Apply filters").click();
        Locator summary = page.locator(".error-summary");
        assertThat(summary).isFocused();
        assertThat(summary).hasAttribute("role", "alert");
        assertThat(summary).containsText("The to date must be on or after the from date.");
        assertThat(summary).containsText("Enter an amount greater than zero");
        assertThat(page.getByLabel("Largest amount in EUR")).hasAttribute("aria-invalid", "true");
        assertThat(page.getByLabel("To date", new Page.GetByLabelOptions().setExact(true))).hasAttribute("aria-invalid", "true");
        Locator maxField = page.locator(".field").filter(new Locator.FilterOptions().setHas(page.getByLabel("Largest amount in EUR")));
        assertThat(maxField.locator(".field-error")).containsText("Enter an amount greater than zero");
        screen("account-history-filter-errors");

        // the largest amount below the smallest
        page.getByLabel("To date", new Page.GetByLabelOptions().setExact(true)).fill("");
        page.getByLabel("Smallest amount in EUR").fill("20");
        page.getByLabel("Largest amount in EUR").fill("19.99");
        button("Apply filters").click();
        assertThat(maxField.locator(".field-error")).hasText("The largest amount must not be below the smallest amount.");

        button("Clear filters").click();
        assertThat(rows).hasCount(4);
        assertThat(page.getByLabel("Largest amount in EUR")).hasValue("");
        assertThat(page.getByLabel("Largest amount in EUR")).not().hasAttribute("aria-invalid", "true");
        assertThat(summary).isHidden();
    }

    private void book(String debit, String credit, String amount, String description) {
        var response = teller().postIdempotent("/internal/v1/transfers", Map.of("debitAccount", debit, "creditAccount", credit,
                "amount", amount, "currency", "EUR", "description", description));
        assertThat(response.getStatus().getCode()).as("booking %s: %s", description, teller().body(response)).isEqualTo(201);
    }
}
