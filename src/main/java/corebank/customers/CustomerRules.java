package corebank.customers;

import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a customer's fields, applied to a client's text; each refusal names the field
 * (JSON path, e.g. {@code address.country}) and never repeats the value. Dates are ISO
 * (yyyy-MM-dd): a birth date is not in the future nor more than 130 years ago; a document's
 * expiry date may be past (flagged as expired, and refused for verification), but not before
 * 1950. Countries are ISO 3166-1 alpha-2, phones E.164, document numbers 4 to 20 letters and
 * digits (spaces and dashes are dropped, letters upper-cased).
 */
final class CustomerRules {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern POSTCODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 -]{0,15}");
    private static final Pattern DOCUMENT_NUMBER = Pattern.compile("[A-Z0-9]{4,20}");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final int ADDRESS_LINES_MAX = 3;

    private CustomerRules() {
    }

    /**
     * {@code base} with the fields {@code input} carries, checked. {@code today} decides what is
     * in the future.
     */
    static CustomerData apply(CustomerData base, CustomerInput input, LocalDate today) {
        CustomerInput.Address a = input.address() == null ? new CustomerInput.Address(null, null, null, null) : input.address();
        CustomerInput.Document d = input.document() == null ? new CustomerInput.Document(null, null, null, null) : input.document();
        return new CustomerData(
                input.legalName() == null ? base.legalName() : text(input.legalName(), "legalName", 200),
                input.birthDate() == null ? base.birthDate() : birthDate(input.birthDate(), today),
                a.lines() == null ? base.addressLines() : lines(a.lines()),
                a.postcode() == null ? base.postcode() : matching(a.postcode().trim(), POSTCODE, "address.postcode",
                        "1 to 16 letters, digits, spaces or dashes"),
                a.city() == null ? base.city() : text(a.city(), "address.city", 100),
                a.country() == null ? base.country() : country(a.country(), "address.country"),
                input.email() == null ? base.email() : email(input.email()),
                input.phone() == null ? base.phone() : matching(input.phone().trim(), PHONE, "phone",
                        "E.164: + and 7 to 15 digits, e.g. +4930123456"),
                d.type() == null ? base.documentType() : oneOf(DocumentType.class, d.type(), "document.type"),
                d.number() == null ? base.documentNumber() : documentNumber(d.number()),
                d.country() == null ? base.documentCountry() : country(d.country(), "document.country"),
                d.expiresOn() == null ? base.documentExpiresOn() : expiry(d.expiresOn()),
                input.riskRating() == null ? base.riskRating() : oneOf(RiskRating.class, input.riskRating(), "riskRating"),
                input.kycStatus() == null ? base.kycStatus() : oneOf(KycStatus.class, input.kycStatus(), "kycStatus"));
    }

    /** Lower case without accents or surrounding space: what a name search compares. */
    static String searchable(String text) {
        return MARKS.matcher(Normalizer.normalize(text.trim(), Normalizer.Form.NFD)).replaceAll("")
                .toLowerCase(Locale.ROOT);
    }

    /** A document number as stored: upper case, without spaces or dashes. */
    static String normalDocumentNumber(String text) {
        return text.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    private static String text(String value, String field, int max) {
        String trimmed = value.trim();
        if (trimmed.isEmpty() || trimmed.length() > max || CONTROL.matcher(trimmed).find()) {
            throw CustomersException.invalid(field, "1 to " + max + " characters without control characters");
        }
        return trimmed;
    }

    private static String matching(String value, Pattern pattern, String field, String rule) {
        if (!pattern.matcher(value).matches()) {
            throw CustomersException.invalid(field, rule);
        }
        return value;
    }

    private static List<String> lines(List<String> lines) {
        if (lines.isEmpty() || lines.size() > ADDRESS_LINES_MAX) {
            throw CustomersException.invalid("address.lines", "1 to " + ADDRESS_LINES_MAX + " lines");
        }
        List<String> checked = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i) == null) {
                throw CustomersException.invalid("address.lines[" + i + "]", "1 to 100 characters without control characters");
            }
            checked.add(text(lines.get(i), "address.lines[" + i + "]", 100));
        }
        return List.copyOf(checked);
    }

    private static String country(String value, String field) {
        if (!COUNTRIES.contains(value)) {
            throw CustomersException.invalid(field, "an ISO 3166-1 alpha-2 country code in capitals, e.g. DE");
        }
        return value;
    }

    private static String email(String value) {
        String trimmed = value.trim();
        if (trimmed.length() > 254 || !EMAIL.matcher(trimmed).matches()) {
            throw CustomersException.invalid("email", "an e-mail address (name@domain), at most 254 characters");
        }
        return trimmed;
    }

    private static String documentNumber(String value) {
        return matching(normalDocumentNumber(value), DOCUMENT_NUMBER, "document.number",
                "4 to 20 letters and digits (spaces and dashes are ignored)");
    }

    private static LocalDate date(String value, String field) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw CustomersException.invalid(field, "a date as yyyy-MM-dd");
        }
    }

    private static LocalDate birthDate(String value, LocalDate today) {
        LocalDate date = date(value, "birthDate");
        if (date.isAfter(today) || date.isBefore(today.minusYears(130))) {
            throw CustomersException.invalid("birthDate", "not in the future, nor more than 130 years ago");
        }
        return date;
    }

    private static LocalDate expiry(String value) {
        LocalDate date = date(value, "document.expiresOn");
        if (date.getYear() < 1950) {
            throw CustomersException.invalid("document.expiresOn", "not before 1950");
        }
        return date;
    }

    private static <E extends Enum<E>> E oneOf(Class<E> type, String value, String field) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        throw CustomersException.invalid(field, "one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }
}
