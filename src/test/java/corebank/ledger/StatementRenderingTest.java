package corebank.ledger;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The statement's arithmetic guard and the PDF layout, without a database. */
class StatementRenderingTest {

    private static final YearMonth MONTH = YearMonth.of(2026, 3);
    private static final Instant FROM = MONTH.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    private static Statements.Line line(int i, Side side, long amount, long balanceAfter, String description) {
        return new Statements.Line(FROM.plusSeconds(3600L * i), UUID.randomUUID(), i, EntryKind.TRANSFER, description,
                "100000000287", "Bob main", side, amount, balanceAfter);
    }

    @Test
    void aMonthThatDoesNotAddUpFailsLoudly() {
        List<Statements.Line> good = List.of(line(1, Side.CREDIT, 500, 1500, "in"), line(2, Side.DEBIT, 200, 1300, "out"));
        assertThat(Statements.totals("x", Side.CREDIT, 1000, good)).isEqualTo(new Statements.Totals(500, 200, 1300));
        assertThat(Statements.totals("x", Side.CREDIT, 1000, List.of())).isEqualTo(new Statements.Totals(0, 0, 1000));
        // a debit-normal account: debits raise the balance
        assertThat(Statements.totals("x", Side.DEBIT, 0, List.of(line(1, Side.DEBIT, 70, 70, "in"))).closing()).isEqualTo(70);

        List<Statements.Line> wrongLast = List.of(line(1, Side.CREDIT, 500, 1500, "in"), line(2, Side.DEBIT, 200, 1301, "out"));
        assertThatThrownBy(() -> Statements.totals("x", Side.CREDIT, 1000, wrongLast))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not add up");
        List<Statements.Line> wrongOpening = List.of(line(1, Side.CREDIT, 500, 1500, "in"));
        assertThatThrownBy(() -> Statements.totals("x", Side.CREDIT, 999, wrongOpening))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLongMonthRunsOverPagesAndUnprintableCharactersBecomeQuestionMarks() throws Exception {
        List<Statements.Line> lines = new ArrayList<>();
        long balance = 0;
        for (int i = 1; i <= 150; i++) {
            balance += 100 + i;
            lines.add(line(i, Side.CREDIT, 100 + i, balance, i == 7 ? "sushi \u5BFF\u53F8 \u2615 caf\u00e9" : "payment " + i));
        }
        Statements.Statement statement = new Statements.Statement(new Statements.Party("Bank", "Street 1"),
                new Statements.Party("Zo\u00eb \u0141ukasz", "customer:zoe"), "100000000190", "Main", AccountKind.CUSTOMER_DEPOSIT,
                Currency.getInstance("EUR"), MONTH, FROM, MONTH.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                0, balance, 0, balance, lines, FROM);
        byte[] pdf = StatementPdf.render(statement);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isGreaterThan(2);
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            String text = stripper.getText(document);
            for (Statements.Line l : lines) {
                assertThat(text).contains("+" + Money.format(l.amountMinor(), statement.currency()) + " "
                        + Money.format(l.balanceAfterMinor(), statement.currency()));
            }
            assertThat(text).contains("sushi ?? ? caf\u00e9", "Zo\u00eb ?ukasz", "(continued, page 2)",
                    "Closing balance " + Money.format(balance, statement.currency()) + " EUR");
        }
    }
}
