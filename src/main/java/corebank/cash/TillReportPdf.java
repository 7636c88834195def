package corebank.cash;

import corebank.cash.CashModel.Difference;
import corebank.cash.CashModel.Movement;
import org.apache.pdfbox.pdmodel.PDDocument;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A till day's report as an A4 PDF in the statements' house style (ledger.StatementPdf: Apache
 * PDFBox, the standard Helvetica fonts, UTC): the till, teller and day, the opening count, a
 * table of the day's cash movements (time, kind, counterparty, description, amount signed from
 * the till's side) over as many pages as it takes, the closing count and the differences with
 * their notes and status. Characters the standard fonts cannot show print as '?'.
 */
final class TillReportPdf {

    private static final float MARGIN = 40;
    private static final float WIDTH = PDRectangle.A4.getWidth();
    private static final float HEIGHT = PDRectangle.A4.getHeight();
    private static final float ROW = 13;
    private static final float SIZE = 8.5f;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final float X_TIME = MARGIN;
    private static final DateTimeFormatter ROW_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final float X_KIND = MARGIN + 88;
    private static final float X_COUNTERPARTY = MARGIN + 178;
    private static final float X_DESCRIPTION = MARGIN + 250;
    private static final float X_AMOUNT_RIGHT = WIDTH - MARGIN;

    private TillReportPdf() {
    }

    static byte[] render(TillReport r) {
        try (PDDocument doc = new PDDocument()) {
            Writer w = new Writer(doc, r);
            w.header();
            for (Movement m : r.movements()) {
                w.movement(m);
            }
            w.closing();
            w.close();
            doc.getDocumentInformation().setTitle("Till " + r.till().id() + " day " + r.day().id());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Writer {
        private final PDDocument doc;
        private final TillReport r;
        private final PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        private final PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        private final String currency;
        private PDPageContentStream page;
        private float y;
        private int pages;

        Writer(PDDocument doc, TillReport r) throws IOException {
            this.doc = doc;
            this.r = r;
            this.currency = r.till().currency().getCurrencyCode();
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
                text(regular, SIZE, X_TIME, "Till " + r.till().id() + ", day " + r.day().id() + " (continued, page " + pages + ")");
                y -= ROW * 1.5f;
                columns();
            }
        }

        void header() throws IOException {
            text(bold, 14, X_TIME, "Till day report");
            y -= 20;
            labelled("Till", r.till().id() + " - account " + r.till().account() + ", " + currency);
            labelled("Teller", r.till().tellerUsername());
            labelled("Day", r.day().id() + ", " + r.day().status());
            labelled("Opened", time(r.day().openedAt()) + " by " + r.day().openedBy());
            if (r.day().closedAt() != null) {
                labelled("Closed", time(r.day().closedAt()) + " by " + r.day().closedBy());
            }
            labelled("Generated", time(r.generatedAt()));
            y -= 8;
            summary("Opening count", r.money(r.day().openingCountedMinor()) + " (books " + r.money(r.day().openingExpectedMinor()) + ")");
            y -= 6;
            columns();
            if (r.movements().isEmpty()) {
                text(regular, SIZE, X_DESCRIPTION, "No cash movements on this day.");
                y -= ROW;
            }
        }

        private void columns() throws IOException {
            text(bold, SIZE, X_TIME, "Time (UTC)");
            text(bold, SIZE, X_KIND, "Kind");
            text(bold, SIZE, X_COUNTERPARTY, "Counterparty");
            text(bold, SIZE, X_DESCRIPTION, "Description");
            right(bold, SIZE, X_AMOUNT_RIGHT, "Amount");
            y -= 4;
            page.moveTo(MARGIN, y);
            page.lineTo(WIDTH - MARGIN, y);
            page.stroke();
            y -= ROW - 2;
        }

        void movement(Movement m) throws IOException {
            if (y < MARGIN + ROW * 3) {
                newPage();
            }
            text(regular, SIZE, X_TIME, ROW_TIME.format(m.createdAt()));
            text(regular, SIZE, X_KIND, m.kind().name());
            text(regular, SIZE, X_COUNTERPARTY, m.counterparty());
            text(regular, SIZE, X_DESCRIPTION, fit(m.description(), X_AMOUNT_RIGHT - 70 - X_DESCRIPTION));
            right(regular, SIZE, X_AMOUNT_RIGHT, (m.signedMinor() > 0 ? "+" : "") + r.money(m.signedMinor()));
            y -= ROW;
        }

        void closing() throws IOException {
            if (y < MARGIN + ROW * (6 + r.differences().size())) {
                newPage();
            }
            y -= 4;
            summary("Cash in", r.money(r.cashInMinor()));
            summary("Cash out", r.money(-r.cashOutMinor()));
            if (r.day().closedAt() != null) {
                summary("Closing count", r.money(r.day().closingCountedMinor()) + " (books " + r.money(r.day().closingExpectedMinor()) + ")");
            } else {
                summary("Closing count", "the day is still open");
            }
            for (Difference d : r.differences()) {
                summary("Difference (" + d.stage().name().toLowerCase(java.util.Locale.ROOT) + "), " + d.status().name(),
                        r.money(d.amountMinor()));
                text(regular, SIZE, X_TIME, fit("Note by " + d.recordedBy() + ": " + d.note(), WIDTH - 2 * MARGIN));
                y -= ROW;
            }
        }

        private void summary(String label, String value) throws IOException {
            text(bold, 10, X_TIME, label);
            right(bold, 10, X_AMOUNT_RIGHT, value + " " + currency);
            y -= ROW + 2;
        }

        private void labelled(String label, String value) throws IOException {
            text(bold, 9, X_TIME, label);
            text(regular, 9, X_TIME + 90, fit(value, WIDTH - 2 * MARGIN - 90));
            y -= ROW;
        }

        private static String time(Instant at) {
            return TIME.format(at);
        }

        private void text(PDFont font, float size, float x, String value) throws IOException {
            PdfText.show(page, font, size, x, y, value);
        }

        private void right(PDFont font, float size, float xRight, String value) throws IOException {
            PdfText.showRight(page, font, size, xRight, y, value);
        }

        private String fit(String value, float width) throws IOException {
            return PdfText.fit(regular, SIZE, value, width);
        }

        void close() throws IOException {
            page.close();
        }
    }
}
