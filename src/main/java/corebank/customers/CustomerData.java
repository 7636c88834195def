package corebank.customers;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A customer's checked data, typed: what the store writes. Null only for a migrated customer's gaps. */
record CustomerData(String legalName, LocalDate birthDate, List<String> addressLines, String postcode, String city,
                    String country, String email, String phone, DocumentType documentType, String documentNumber,
                    String documentCountry, LocalDate documentExpiresOn, RiskRating riskRating, KycStatus kycStatus) {

    static final CustomerData EMPTY = new CustomerData(null, null, null, null, null, null, null, null, null, null, null,
            null, null, null);

    static CustomerData of(Customer c) {
        Customer.Address a = c.address();
        Customer.Document d = c.document();
        return new CustomerData(c.legalName(), c.birthDate(), a.lines(), a.postcode(), a.city(), a.country(), c.email(),
                c.phone(), d.type(), d.number(), d.country(), d.expiresOn(), c.riskRating(), c.kycStatus());
    }

    /** Every field by its wire name (the name a refusal or an audit event gives it), in order. */
    Map<String, Object> byField() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("legalName", legalName);
        fields.put("birthDate", birthDate == null ? null : birthDate.toString());
        fields.put("address.lines", addressLines);
        fields.put("address.postcode", postcode);
        fields.put("address.city", city);
        fields.put("address.country", country);
        fields.put("email", email);
        fields.put("phone", phone);
        fields.put("document.type", documentType == null ? null : documentType.name());
        fields.put("document.number", documentNumber);
        fields.put("document.country", documentCountry);
        fields.put("document.expiresOn", documentExpiresOn == null ? null : documentExpiresOn.toString());
        fields.put("riskRating", riskRating == null ? null : riskRating.name());
        fields.put("kycStatus", kycStatus == null ? null : kycStatus.name());
        return fields;
    }

    /** The fields that differ from {@code before}, each as {before, after}. */
    Map<String, Object> changesFrom(CustomerData before) {
        Map<String, Object> old = before.byField();
        Map<String, Object> changes = new LinkedHashMap<>();
        byField().forEach((field, value) -> {
            Object was = old.get(field);
            if (!java.util.Objects.equals(was, value)) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("before", was);
                change.put("after", value);
                changes.put(field, change);
            }
        });
        return changes;
    }

    /** The first field a complete record must have but this one lacks, or null. */
    String firstMissing() {
        return byField().entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }
}
