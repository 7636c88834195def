package corebank.platform;

import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;

import java.io.IOException;

/**
 * Text on a PDF page the way every document of the engine writes it (statements, till reports):
 * left- or right-aligned at a baseline, cut to a width with "...", and never failing on a
 * character the font cannot encode (it and any control character show as '?').
 */
public final class PdfText {

    private PdfText() {
    }

    /** {@code value} starting at {@code x} on the baseline {@code y}. */
    public static void show(PDPageContentStream page, PDFont font, float size, float x, float y, String value)
            throws IOException {
        page.beginText();
        page.setFont(font, size);
        page.newLineAtOffset(x, y);
        page.showText(showable(font, value));
        page.endText();
    }

    /** {@code value} ending at {@code xRight} on the baseline {@code y}. */
    public static void showRight(PDPageContentStream page, PDFont font, float size, float xRight, float y, String value)
            throws IOException {
        String shown = showable(font, value);
        show(page, font, size, xRight - width(font, size, shown), y, shown);
    }

    /** The text cut to {@code width} at {@code size}, with "..." when cut. */
    public static String fit(PDFont font, float size, String value, float width) throws IOException {
        String shown = showable(font, value);
        if (width(font, size, shown) <= width) {
            return shown;
        }
        String cut = shown;
        while (!cut.isEmpty() && width(font, size, cut + "...") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "...";
    }

    /** The text with each character the font cannot encode (and any control character) as '?'. */
    public static String showable(PDFont font, String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            String c = new String(Character.toChars(cp));
            boolean ok = !Character.isISOControl(cp);
            if (ok) {
                try {
                    font.encode(c);
                } catch (IOException | IllegalArgumentException e) {
                    ok = false;
                }
            }
            out.append(ok ? c : "?");
        });
        return out.toString();
    }

    private static float width(PDFont font, float size, String shown) throws IOException {
        return font.getStringWidth(shown) / 1000 * size;
    }
}
