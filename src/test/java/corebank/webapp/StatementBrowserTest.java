package corebank.webapp;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** "Download statement" on the account page: the PDF and CSV the browser saves, read back. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatementBrowserTest extends BrowserTest {

    @Test
    void downloadsTheMonthsStatementAsPdfAndCsvFromTheAccountPage() throws Exception {
        Customer kim = customer("250.00", "0");
        var moved = teller().transfer(kim.account(0), kim.account(1), "40.10", "EUR");
        assertThat(moved.getStatus().getCode()).isEqualTo(201);
        String balance = (String) teller().balances(kim.account(0)).get("balance");
        assertThat(balance).isEqualTo("209.90");
        String month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).toString();

        signIn(kim);
        page.locator(".card").filter(new Locator.FilterOptions().setHasText(kim.account(0))).getByRole(AriaRole.LINK).click();
        page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Download statement")).waitFor();
        settled();
        page.getByLabel("Month").fill(month);
        Locator pdfLink = link("Download PDF");
        assertThat(pdfLink).hasAttribute("href", "/api/v1/accounts/" + kim.account(0) + "/statements/" + month + ".pdf");
        screen("account-statement");

        Download pdf = page.waitForDownload(pdfLink::click);
        assertThat(pdf.failure()).isNull();
        assertThat(pdf.suggestedFilename()).isEqualTo("statement-" + kim.account(0) + "-" + month + ".pdf");
        String text;
        try (PDDocument document = Loader.loadPDF(Files.readAllBytes(pdf.path()))) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            text = stripper.getText(document);
        }
        List<String> lines = text.lines().toList();
        assertThat(text).contains("Corebank Demo Bank", "Test " + kim.username(),
                context.getBean(corebank.customers.Customers.class).byRef(kim.user().customerRef()).orElseThrow().number()
                        + ", Teststrasse 1, 10115 Berlin, DE",
                "Account statement " + month + " (UTC)", kim.account(1));
        assertThat(lines).as(text).anyMatch(l -> l.startsWith("Opening balance") && l.endsWith(" 0.00 EUR"));
        assertThat(lines).as(text).anyMatch(l -> l.endsWith("+250.00 250.00"));
        assertThat(lines).as(text).anyMatch(l -> l.contains(kim.account(1)) && l.endsWith("-40.10 209.90"));
        assertThat(lines).as(text).anyMatch(l -> l.startsWith("Closing balance") && l.endsWith(" " + balance + " EUR"));

        Download csv = page.waitForDownload(link("Download CSV")::click);
        assertThat(csv.suggestedFilename()).isEqualTo("statement-" + kim.account(0) + "-" + month + ".csv");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(Files.readString(csv.path(), StandardCharsets.UTF_8))).getRecords();
        assertThat(records).extracting(r -> r.get("record")).containsExactly("OPENING", "POSTING", "POSTING", "CLOSING");
        assertThat(records).extracting(r -> r.get("amount")).containsExactly("", "250.00", "-40.10", "209.90");
        assertThat(records.get(3).get("balance_after")).isEqualTo(balance);
    }
}
