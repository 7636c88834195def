package corebank.identity.mfa;

import corebank.identity.IdentitySettings;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Draws text (an otpauth URI) as a QR code, as a PNG or as an SVG, with ZXing doing the encoding. */
@Singleton
public final class QrCodes {

    /** The white border the QR specification requires for reliable scanning, in modules. */
    static final int QUIET_ZONE_MODULES = 4;
    private static final int PIXELS_PER_MODULE_MAX = 64;
    private static final int BLACK = 0x000000;
    private static final int WHITE = 0xFFFFFF;

    // Level M (15% of the symbol recoverable) is the usual choice for on-screen codes; UTF-8 so a
    // non-ASCII account name survives.
    private static final Map<EncodeHintType, Object> HINTS = Map.of(
            EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
            EncodeHintType.MARGIN, QUIET_ZONE_MODULES,
            EncodeHintType.CHARACTER_SET, "UTF-8");

    private final int pixelsPerModule;

    @Inject
    public QrCodes(IdentitySettings settings) {
        this(settings.qrPixelsPerModule());
    }

    public QrCodes(int pixelsPerModule) {
        if (pixelsPerModule < 1 || pixelsPerModule > PIXELS_PER_MODULE_MAX) {
            throw new IllegalArgumentException("pixels per module must be 1.." + PIXELS_PER_MODULE_MAX);
        }
        this.pixelsPerModule = pixelsPerModule;
    }

    /** A black-on-white PNG, each module a whole number of pixels so edges stay sharp. */
    public byte[] png(String text) {
        BitMatrix modules = modules(text);
        int sizePixels = modules.getWidth() * pixelsPerModule;
        BufferedImage image = new BufferedImage(sizePixels, sizePixels, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < sizePixels; y++) {
            for (int x = 0; x < sizePixels; x++) {
                image.setRGB(x, y, modules.get(x / pixelsPerModule, y / pixelsPerModule) ? BLACK : WHITE);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PNG", e);
        }
        return out.toByteArray();
    }

    /** An SVG in module units (it scales to any size): one rect per horizontal run of dark modules. */
    public String svg(String text) {
        BitMatrix modules = modules(text);
        int size = modules.getWidth();
        StringBuilder svg = new StringBuilder()
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(size).append(' ').append(size)
                .append("\" shape-rendering=\"crispEdges\">")
                .append("<rect width=\"").append(size).append("\" height=\"").append(size).append("\" fill=\"#fff\"/>");
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (modules.get(x, y)) {
                    int start = x;
                    while (x + 1 < size && modules.get(x + 1, y)) {
                        x++;
                    }
                    svg.append("<rect x=\"").append(start).append("\" y=\"").append(y)
                            .append("\" width=\"").append(x - start + 1).append("\" height=\"1\"/>");
                }
            }
        }
        return svg.append("</svg>").toString();
    }

    /** One bit per module, quiet zone included (width and height 0 ask ZXing for no scaling). */
    private static BitMatrix modules(String text) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, HINTS);
        } catch (WriterException e) {
            throw new IllegalArgumentException("text does not fit in a QR code", e);
        }
    }
}
