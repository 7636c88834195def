package corebank.ledger;

import corebank.platform.ErrorCode;
import java.math.BigInteger;

/**
 * Human-facing account numbers: ten digits from a sequence followed by two ISO 7064 MOD 97-10
 * check digits (the IBAN scheme), so a mistyped digit or swapped pair is caught before lookup.
 */
public final class AccountNumber {

    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private AccountNumber() {
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

    /** Returns the number if valid, else refuses with {@code invalid_account_number} naming the field. */
    public static String require(String number, String field) {
        if (!isValid(number)) {
            throw LedgerException.invalid(ErrorCode.INVALID_ACCOUNT_NUMBER,
                    "not a valid Corebank account number (12 digits with MOD 97 check digits)", field);
        }
        return number;
    }
}
