package corebank.ledger;

import corebank.platform.ErrorCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/**
 * An amount of money that moves: a positive whole number of the currency's minor units. The
 * one place where decimal text becomes minor units and back. Amounts are capped so that no sum
 * the ledger keeps can overflow a bigint (see {@link #AMOUNT_MAX_MINOR}).
 */
public record Money(long amountMinor, Currency currency) {

    /**
     * 10^15 minor units (10 trillion of a two-decimal currency). An account's running totals are
     * capped at {@link #TOTAL_MAX_MINOR}, so every sum the ledger and its CHECK constraints form
     * (two totals plus an amount or a limit) stays inside a bigint.
     */
    public static final long AMOUNT_MAX_MINOR = 1_000_000_000_000_000L;
    /** Cap of any account's posted or pending totals: 2^61, an eighth of a bigint's range. */
    public static final long TOTAL_MAX_MINOR = 1L << 61;

    public Money {
        if (currency == null) {
            throw new IllegalArgumentException("currency is required");
        }
        if (amountMinor <= 0 || amountMinor > AMOUNT_MAX_MINOR) {
            throw new IllegalArgumentException("amount out of range: " + amountMinor);
        }
    }

    /**
     * Parses a client's amount, a decimal string such as "12.34", in a client's ISO 4217
     * currency: {@code invalid_currency} on field "currency" first, then {@code invalid_amount}
     * on {@code amountField}.
     */
    public static Money parse(String amount, String currencyCode, String amountField) {
        Currency currency = currency(currencyCode, "currency");
        return of(parseDecimal(amount, amountField), currency, amountField);
    }

    public static long parseMinor(String amount, Currency currency, String field) {
        return of(parseDecimal(amount, field), currency, field).amountMinor();
    }

    /**
     * Checks the form of a decimal amount whose currency is not known yet (a hold's, read when
     * it is posted); {@link #of} then checks it against the currency.
     */
    public static BigDecimal parseDecimal(String amount, String field) {
        if (amount == null || amount.isBlank()) {
            throw LedgerException.invalid(ErrorCode.INVALID_AMOUNT, "amount is required, as a decimal string such as \"12.34\"", field);
        }
        if (!amount.matches("[0-9]{1,20}(\\.[0-9]{1,20})?")) {
            throw LedgerException.invalid(ErrorCode.INVALID_AMOUNT,
                    "amount must be a positive decimal string such as \"12.34\" (no sign, exponent or separators)", field);
        }
        return new BigDecimal(amount);
    }

    /** A decimal amount in {@code currency}: no more decimals than it has, above zero, at most the cap. */
    public static Money of(BigDecimal amount, Currency currency, String field) {
        int digits = currency.getDefaultFractionDigits();
        if (amount.stripTrailingZeros().scale() > digits) {
            throw LedgerException.invalid(ErrorCode.INVALID_AMOUNT,
                    currency.getCurrencyCode() + " has " + digits + " decimal places; " + amount.toPlainString() + " has more", field);
        }
        BigDecimal minor = amount.movePointRight(digits).setScale(0, RoundingMode.UNNECESSARY);
        if (minor.signum() <= 0) {
            throw LedgerException.invalid(ErrorCode.INVALID_AMOUNT, "amount must be greater than zero", field);
        }
        if (minor.compareTo(BigDecimal.valueOf(AMOUNT_MAX_MINOR)) > 0) {
            throw LedgerException.invalid(ErrorCode.INVALID_AMOUNT,
                    "amount exceeds the largest amount one movement may carry (" + format(AMOUNT_MAX_MINOR, currency) + ")", field);
        }
        return new Money(minor.longValueExact(), currency);
    }

    public static Currency currency(String code, String field) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            throw LedgerException.invalid(ErrorCode.INVALID_CURRENCY, "currency must be an ISO 4217 code such as EUR", field);
        }
        try {
            Currency currency = Currency.getInstance(code);
            if (currency.getDefaultFractionDigits() < 0) {
                throw LedgerException.invalid(ErrorCode.INVALID_CURRENCY, code + " is not a currency money can be held in", field);
            }
            return currency;
        } catch (IllegalArgumentException e) {
            throw LedgerException.invalid(ErrorCode.INVALID_CURRENCY, code + " is not an ISO 4217 currency", field);
        }
    }

    /** Renders minor units (possibly negative, e.g. a balance) as a decimal string. */
    public static String format(long minor, Currency currency) {
        return decimal(minor, currency).toPlainString();
    }

    /** Minor units as an exact decimal in the currency's unit (1234 cents: 12.34, scale 2). */
    public static BigDecimal decimal(long minor, Currency currency) {
        return BigDecimal.valueOf(minor, currency.getDefaultFractionDigits());
    }

    public static String format(java.math.BigInteger minor, Currency currency) {
        return new BigDecimal(minor, currency.getDefaultFractionDigits()).toPlainString();
    }

    public String toDecimalString() {
        return format(amountMinor, currency);
    }

    /**
     * The sum of two amounts of one currency. Adding currencies, or a sum beyond
     * {@link #AMOUNT_MAX_MINOR}, is a bug of the caller, not a client's mistake: it throws.
     */
    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
    }
}
