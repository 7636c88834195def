package corebank.customers;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A customer as stored. A migrated customer (made by 011-customers.sql from an owner reference
 * that existed before customer records did) may lack everything but its name until a teller
 * completes it. {@code document.expired} flags a document past its expiry date: it may be
 * stored (customers come in with one), but a customer with one cannot be VERIFIED.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Customer(@JsonIgnore java.util.UUID id, String number, String customerRef, String legalName,
                       LocalDate birthDate, Address address, String email, String phone, Document document,
                       KycStatus kycStatus, RiskRating riskRating, boolean migrated, Instant createdAt,
                       Instant updatedAt) {

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Address(List<String> lines, String postcode, String city, String country) {

        /** One line for a letter or a statement: "lines, postcode city, country" (what is known of it). */
        public String oneLine() {
            List<String> parts = new java.util.ArrayList<>(lines == null ? List.of() : lines);
            String place = ((postcode == null ? "" : postcode) + " " + (city == null ? "" : city)).trim();
            if (!place.isEmpty()) {
                parts.add(place);
            }
            if (country != null) {
                parts.add(country);
            }
            return String.join(", ", parts);
        }
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Document(DocumentType type, String number, String country, LocalDate expiresOn, boolean expired) {
    }
}
