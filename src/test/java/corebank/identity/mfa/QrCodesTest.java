package corebank.identity.mfa;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QrCodesTest {

    private static final int PIXELS_PER_MODULE = 6;

    private final QrCodes qrCodes = new QrCodes(PIXELS_PER_MODULE);
    // Fixed secrets keep the tests deterministic: the same symbols are drawn on every run.
    private static final byte[] SECRET = HexFormat.of().parseHex("3132333435363738393031323334353637383930");
    private static final byte[] OTHER_SECRET = HexFormat.of().parseHex("8f1c2a7be40d93a65c0e7f21b9d48a3e6c5f0a17");

    private final TotpSecret secrets = new TotpSecret(new Totp(TotpAlgorithm.SHA1, 6, 30));

    @Test
    void pngDecodesBackToTheOtpauthUri() throws Exception {
        String uri = secrets.otpauthUri("alice@example.com", SECRET);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(qrCodes.png(uri)));

        assertThat(decode(image)).isEqualTo(uri);
    }

    @Test
    void pngIsWholeModulesWithTheQuietZone() throws Exception {
        byte[] png = qrCodes.png("otpauth://totp/Corebank:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));

        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(image.getWidth()).isEqualTo(image.getHeight());
        assertThat(image.getWidth() % PIXELS_PER_MODULE).isZero();
        int quietZonePixels = QrCodes.QUIET_ZONE_MODULES * PIXELS_PER_MODULE;
        for (int i = 0; i < image.getWidth(); i++) {
            assertThat(image.getRGB(i, quietZonePixels - 1) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        }
        // The finder pattern's dark corner starts right after the quiet zone.
        assertThat(image.getRGB(quietZonePixels, quietZonePixels) & 0xFFFFFF).isZero();
    }

    @Test
    void svgDecodesBackToTheOtpauthUri() throws Exception {
        String uri = secrets.otpauthUri("Zoë Ünal", OTHER_SECRET);

        assertThat(decode(rasterize(qrCodes.svg(uri), 4))).isEqualTo(uri);
    }

    @Test
    void keepsNonAsciiText() throws Exception {
        String text = "Grüße, Zoë — 東京";

        assertThat(decode(ImageIO.read(new ByteArrayInputStream(qrCodes.png(text))))).isEqualTo(text);
    }

    @Test
    void refusesTextTooLongForAQrCode() {
        assertThatThrownBy(() -> qrCodes.png("x".repeat(5000))).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Reads the code as a scanner would; if ZXing's finder-pattern detector misses it, reads the
     * module grid directly. The detector misses a few percent of perfectly clean, valid generated
     * codes (zxing/zxing#1623, where the maintainers suggest this retry); the grid read still checks
     * format information and error correction, so a wrong symbol cannot pass.
     */
    private static String decode(BufferedImage image) throws Exception {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        try {
            return new QRCodeReader().decode(bitmap).getText();
        } catch (NotFoundException e) {
            return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
        }
    }

    /** Draws the SVG's rects the way a browser would: the first is the white background, the others black. */
    private static BufferedImage rasterize(String svg, int scale) throws Exception {
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        int size = Integer.parseInt(root.getAttribute("viewBox").split(" ")[2]);
        BufferedImage image = new BufferedImage(size * scale, size * scale, BufferedImage.TYPE_INT_RGB);
        NodeList rects = root.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            int color = "#fff".equals(rect.getAttribute("fill")) ? 0xFFFFFF : 0x000000;
            int x = rect.hasAttribute("x") ? Integer.parseInt(rect.getAttribute("x")) : 0;
            int y = rect.hasAttribute("y") ? Integer.parseInt(rect.getAttribute("y")) : 0;
            int w = Integer.parseInt(rect.getAttribute("width"));
            int h = Integer.parseInt(rect.getAttribute("height"));
            for (int py = y * scale; py < (y + h) * scale; py++) {
                for (int px = x * scale; px < (x + w) * scale; px++) {
                    image.setRGB(px, py, color);
                }
            }
        }
        return image;
    }
}
