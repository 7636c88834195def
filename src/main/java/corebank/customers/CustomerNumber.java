package corebank.customers;

import java.math.BigInteger;

/**
 * The number people read and type for a customer: 'C', seven digits from a sequence and two
 * ISO 7064 MOD 97-10 check digits (the account numbers' scheme), e.g. C100000039. The letter
 * tells it apart from a 12-digit account number; the check digits catch a mistyped digit or a
 * swapped pair. Stable: it never changes once given. 011-customers.sql computes the same for
 * the customers it migrates.
 */
public final class CustomerNumber {

    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private CustomerNumber() {
    }

    static String fromSequence(long base) {
        if (base < 1_000_000L || base > 9_999_999L) {
            throw new IllegalArgumentException("customer number base out of range: " + base);
        }
        int check = 98 - BigInteger.valueOf(base).multiply(BigInteger.valueOf(100)).mod(NINETY_SEVEN).intValue();
        return "C" + base + String.format("%02d", check);
    }

    public static boolean isValid(String number) {
        return number != null && number.matches("C[0-9]{9}")
                && new BigInteger(number.substring(1)).mod(NINETY_SEVEN).intValue() == 1;
    }
}
