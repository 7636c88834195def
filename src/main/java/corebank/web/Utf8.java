package corebank.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoded text of a URI, decoded strictly: bytes that are not UTF-8 (a CESU-8 surrogate
 * such as %ED%A0%80, a stray %FF) are a refusal, where the framework's decoder would quietly
 * put U+FFFD in their place.
 */
final class Utf8 {

    static final String FAULT = "must be percent-encoded UTF-8 text";

    private Utf8() {
    }

    /** Whether the percent-encoded text decodes as UTF-8 ({@code plusIsSpace}: query form). */
    static boolean valid(String encoded, boolean plusIsSpace) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes(encoded, plusIsSpace)));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The text decoded leniently, for naming a field. */
    static String decode(String encoded) {
        return new String(bytes(encoded, true), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String encoded, boolean plusIsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && i + 2 < encoded.length() && hex(encoded.charAt(i + 1)) >= 0 && hex(encoded.charAt(i + 2)) >= 0) {
                out.write(hex(encoded.charAt(i + 1)) * 16 + hex(encoded.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(raw, 0, raw.length);
            }
        }
        return out.toByteArray();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
