package corebank.ledger;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import corebank.platform.PdfText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;

/**
 * A statement as an A4 PDF (Apache PDFBox, the standard Helvetica fonts): the bank's and the
 * holder's details, the account and the period, the opening balance, a table of the month's
 * postings (date, description, counterparty, amount, balance after) over as many pages as it
 * takes, and the closing balance. Amounts are the ledger's decimal strings, signed from the
 * account's side; dates are UTC. Characters the standard fonts cannot show print as '?'.
 */
public final class StatementPdf {

    private static final float MARGIN = 40;
    private static final float WIDTH = PDRectangle.A4.getWidth();
    private static final float HEIGHT = PDRectangle.A4.getHeight();
    private static final float ROW = 13;
    private static final float SIZE = 8.5f;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    // column x positions: left edges of text columns, right edges of amount columns
    private static final float X_DATE = MARGIN;
    private static final float X_DESCRIPTION = MARGIN + 62;
    private static final float X_COUNTERPARTY = MARGIN + 250;
    private static final float X_AMOUNT_RIGHT = WIDTH - MARGIN - 80;
    private static final float X_BALANCE_RIGHT = WIDTH - MARGIN;

    private StatementPdf() {
    }

    static byte[] render(Statements.Statement s) {
        try (PDDocument doc = new PDDocument()) {
            Writer w = new Writer(doc, s);
            w.header();
            w.openingAndColumns();
            for (Statements.Line line : s.lines()) {
                w.posting(line);
            }
            w.closing();
            w.close();
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Statement " + s.accountNumber() + " " + s.month());
            info.setAuthor(s.bank().name());
            Calendar created = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            created.setTimeInMillis(s.generatedAt().toEpochMilli());
            info.setCreationDate(created);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes lines top-down, starting a new page (with the column heads again) when one is full. */
    private static final class Writer {
        private final PDDocument doc;
        private final Statements.Statement s;
        private final PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        private final PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        private PDPageContentStream page;
        private float y;
        private int pages;

        Writer(PDDocument doc, Statements.Statement s) throws IOException {
            this.doc = doc;
            this.s = s;
            newPage();
        }

        private void newPage() throws IOException {
            if (page != null) {
                page.close();
            }
            PDPage p = new PDPage(PDRectangle.A4);
            doc.addPage(p);
            page = new PDPageContentStream(doc, p);
            pages++;
            y = HEIGHT - MARGIN;
            if (pages > 1) {
                text(regular, SIZE, X_DATE, "Statement " + s.accountNumber() + ", " + s.month() + " (continued, page " + pages + ")");
                y -= ROW * 1.5f;
                columns();
            }
        }

        void header() throws IOException {
            text(bold, 14, X_DATE, s.bank().name());
            y -= 16;
            text(regular, 9, X_DATE, s.bank().detail());
            y -= 28;
            text(bold, 12, X_DATE, "Account statement " + s.month() + " (UTC)");
            y -= 18;
            labelled("Account holder", s.holder().name() + " (" + s.holder().detail() + ")");
            labelled("Account", s.accountNumber() + " - " + s.accountName());
            labelled("Currency", s.currency().getCurrencyCode());
            labelled("Period", DATE_TIME.format(s.from()) + " to " + DATE_TIME.format(s.to()) + " (exclusive)");
            labelled("Generated", DATE_TIME.format(s.generatedAt()));
            y -= 8;
        }

        void openingAndColumns() throws IOException {
            summary("Opening balance", s.openingMinor());
            y -= 6;
            columns();
            if (s.lines().isEmpty()) {
                text(regular, SIZE, X_DESCRIPTION, "No postings in this month.");
                y -= ROW;
            }
        }

        private void columns() throws IOException {
            text(bold, SIZE, X_DATE, "Date");
            text(bold, SIZE, X_DESCRIPTION, "Description");
            text(bold, SIZE, X_COUNTERPARTY, "Counterparty");
            right(bold, SIZE, X_AMOUNT_RIGHT, "Amount");
            right(bold, SIZE, X_BALANCE_RIGHT, "Balance after");
            y -= 4;
            page.moveTo(MARGIN, y);
            page.lineTo(WIDTH - MARGIN, y);
            page.stroke();
            y -= ROW - 2;
        }

        void posting(Statements.Line line) throws IOException {
            if (y < MARGIN + ROW * 3) {
                newPage();
            }
            text(regular, SIZE, X_DATE, DATE.format(line.at()));
            text(regular, SIZE, X_DESCRIPTION, fit(regular, line.text(), X_COUNTERPARTY - X_DESCRIPTION - 8));
            String counterparty = line.counterpartyNumber() == null ? ""
                    : line.counterpartyNumber() + (line.counterpartyName() == null ? "" : " " + line.counterpartyName());
            text(regular, SIZE, X_COUNTERPARTY, fit(regular, counterparty, X_AMOUNT_RIGHT - 60 - X_COUNTERPARTY - 8));
            long signed = s.signedMinor(line);
            right(regular, SIZE, X_AMOUNT_RIGHT, (signed > 0 ? "+" : "") + s.format(signed));
            right(regular, SIZE, X_BALANCE_RIGHT, s.format(line.balanceAfterMinor()));
            y -= ROW;
        }

        void closing() throws IOException {
            if (y < MARGIN + ROW * 5) {
                newPage();
            }
            y -= 4;
            page.moveTo(MARGIN, y + ROW - 2);
            page.lineTo(WIDTH - MARGIN, y + ROW - 2);
            page.stroke();
            summary("Money in", s.increasesMinor());
            summary("Money out", -s.decreasesMinor());
            summary("Closing balance", s.closingMinor());
        }

        private void summary(String label, long minor) throws IOException {
            text(bold, 10, X_DATE, label);
            right(bold, 10, X_BALANCE_RIGHT, s.format(minor) + " " + s.currency().getCurrencyCode());
            y -= ROW + 2;
        }

        private void labelled(String label, String value) throws IOException {
            text(bold, 9, X_DATE, label);
            text(regular, 9, X_DATE + 90, fit(regular, value, WIDTH - 2 * MARGIN - 90));
            y -= ROW;
        }

        private void text(PDFont font, float size, float x, String value) throws IOException {
            PdfText.show(page, font, size, x, y, value);
        }

        private void right(PDFont font, float size, float xRight, String value) throws IOException {
            PdfText.showRight(page, font, size, xRight, y, value);
        }

        /** Cuts the text to the width at SIZE, with "..." when cut. */
        private static String fit(PDFont font, String value, float width) throws IOException {
            return PdfText.fit(font, SIZE, value, width);
        }

        void close() throws IOException {
            page.close();
        }
    }
}
