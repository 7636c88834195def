package corebank.payments;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.math.BigInteger;

/**
 * A customer's reference at a biller: it must match the biller's pattern and, where the biller
 * uses one, its check digit: MOD10 is the Luhn algorithm over the digits; MOD97 is ISO 7064
 * MOD 97-10 (the whole reference read as a number leaves remainder 1, as in IBANs).
 *
 * <p>A biller's pattern is written by a teller and matched against a customer's input, so it is
 * compiled with RE2/J, whose matching time is linear in the input (no backtracking: a pattern
 * such as {@code (.*a){12}$} cannot stall a request), and the input is bounded at
 * {@link #MAX_LENGTH} characters before any matching.
 */
final class References {

    private References() {
    }

    /** The longest reference: ISO 20022's creditor reference (Max35Text). */
    static final int MAX_LENGTH = 35;

    /** The biller's pattern, compiled by the linear-time engine; thrown when it is not RE2 syntax. */
    static Pattern compile(String pattern) throws PatternSyntaxException {
        return Pattern.compile(pattern);
    }

    static boolean valid(String reference, String pattern, String checkDigit) {
        if (reference == null || reference.length() > MAX_LENGTH || !compile(pattern).matches(reference)) {
            return false;
        }
        return switch (checkDigit) {
            case "MOD10" -> reference.matches("[0-9]{2,35}") && luhn(reference);
            case "MOD97" -> reference.matches("[0-9]{3,35}") && new BigInteger(reference).mod(BigInteger.valueOf(97)).intValue() == 1;
            default -> true;
        };
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
