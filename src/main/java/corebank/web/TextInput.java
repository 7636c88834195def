package corebank.web;

/**
 * The edge's rule for every text a request carries (JSON strings and field names at any depth,
 * query values, path variables, the headers the engine reads): no control character but tab,
 * and no unpaired UTF-16 surrogate. No field of the API takes line breaks today. Such text never
 * reaches a parser or the database (PostgreSQL refuses NUL in text; a lone surrogate has no
 * UTF-8 form).
 */
public final class TextInput {

    private TextInput() {
    }

    /** Why {@code text} breaks the rule, as a problem detail's tail, or null when it keeps it. */
    public static String fault(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                return "no control characters";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return "no unpaired UTF-16 surrogates";
                }
            } else if (Character.isLowSurrogate(c)) {
                return "no unpaired UTF-16 surrogates";
            }
        }
        return null;
    }
}
