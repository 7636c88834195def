package corebank.ledger;

import corebank.platform.ErrorCode;
import java.math.BigInteger;

/**
 * A human-facing account number: ten digits from a sequence followed by two ISO 7064 MOD 97-10
 * check digits (the IBAN scheme), so a mistyped digit or swapped pair is caught before lookup.
 * A value of this type is always valid: text from a client becomes one through
 * {@link #parse} (a refusal naming the client's field), numbers the engine stored itself
 * through the constructor (an invalid one there is a bug).
 */
public record AccountNumber(String value) {

    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    public AccountNumber {
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a valid account number: " + value);
        }
    }

    /** A client's account number, or {@code invalid_account_number} naming {@code field}. */
    public static AccountNumber parse(String text, String field) {
        if (!isValid(text)) {
            throw LedgerException.invalid(ErrorCode.INVALID_ACCOUNT_NUMBER,
                    "not a valid Corebank account number (12 digits with MOD 97 check digits)", field);
        }
        return new AccountNumber(text);
    }

    public static String fromSequence(long base) {
        if (base < 1_000_000_000L || base > 9_999_999_999L) {
            throw new IllegalArgumentException("account number base out of range: " + base);
        }
        int check = 98 - BigInteger.valueOf(base).multiply(BigInteger.valueOf(100)).mod(NINETY_SEVEN).intValue();
        return base + String.format("%02d", check);
    }

    public static boolean isValid(String number) {
        return number != null && number.matches("[0-9]{12}")
                && new BigInteger(number).mod(NINETY_SEVEN).intValue() == 1;
    }

    @Override
    public String toString() {
        return value;
    }
}
