package corebank.customers;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * A customer's data as a client sends it, every value as text so that each bad one is refused
 * naming its field (CustomerRules). To create, every field is required except kycStatus (a new
 * customer is PENDING). To edit, the fields present replace the stored ones and absent (or null)
 * ones stay; inside {@code address} and {@code document} the same holds per field.
 */
@Serdeable
public record CustomerInput(@Nullable String legalName, @Nullable String birthDate, @Nullable @io.swagger.v3.oas.annotations.media.Schema(type = "object", nullable = true) Address address,
                            @Nullable String email, @Nullable String phone, @Nullable @io.swagger.v3.oas.annotations.media.Schema(type = "object", nullable = true) Document document,
                            @Nullable String riskRating, @Nullable String kycStatus) {

    /** Up to three lines (street, house, ...), a postcode, a city and an ISO 3166 alpha-2 country. */
    @Serdeable
    public record Address(@Nullable List<String> lines, @Nullable String postcode, @Nullable String city,
                          @Nullable String country) {
    }

    /** type PASSPORT, ID_CARD or DRIVING_LICENCE; the issuing country (ISO 3166 alpha-2); expiresOn a date. */
    @Serdeable
    public record Document(@Nullable String type, @Nullable String number, @Nullable String country,
                           @Nullable String expiresOn) {
    }
}
