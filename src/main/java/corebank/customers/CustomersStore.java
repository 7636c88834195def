package corebank.customers;

import jakarta.inject.Singleton;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static corebank.jooq.Tables.CUSTOMERS;
import static corebank.jooq.Tables.ONBOARDINGS;

/** All SQL on the customers and onboardings tables, and the only code that touches them. */
@Singleton
class CustomersStore {

    /** What a search matches; null means "any". {@code name} is already {@link CustomerRules#searchable}. */
    record SearchFilter(String name, String number, String documentNumber, String customerRef) {
    }

    /** A stored onboarding: the first result of an Idempotency-Key. */
    record OnboardingRow(String requestHash, UUID customerId, String accountNumber, String username,
                         String enrollmentTokenSealed, Instant enrollmentExpiresAt) {
    }

    long nextNumberBase(DSLContext sql) {
        return sql.fetchOne("SELECT nextval('customer_number_seq') AS n").get("n", Long.class);
    }

    void insert(DSLContext sql, UUID id, String number, String customerRef, CustomerData d, Instant now) {
        sql.insertInto(CUSTOMERS)
                .set(CUSTOMERS.ID, id).set(CUSTOMERS.NUMBER, number).set(CUSTOMERS.CUSTOMER_REF, customerRef)
                .set(CUSTOMERS.MIGRATED, false).set(CUSTOMERS.CREATED_AT, now)
                .set(CUSTOMERS.KYC_STATUS, d.kycStatus().name())
                .set(CUSTOMERS.LEGAL_NAME, d.legalName()).set(CUSTOMERS.SEARCH_NAME, CustomerRules.searchable(d.legalName()))
                .set(CUSTOMERS.BIRTH_DATE, d.birthDate()).set(CUSTOMERS.ADDRESS_LINES, array(d.addressLines()))
                .set(CUSTOMERS.POSTCODE, d.postcode()).set(CUSTOMERS.CITY, d.city()).set(CUSTOMERS.COUNTRY, d.country())
                .set(CUSTOMERS.EMAIL, d.email()).set(CUSTOMERS.PHONE, d.phone())
                .set(CUSTOMERS.DOCUMENT_TYPE, name(d.documentType())).set(CUSTOMERS.DOCUMENT_NUMBER, d.documentNumber())
                .set(CUSTOMERS.DOCUMENT_COUNTRY, d.documentCountry()).set(CUSTOMERS.DOCUMENT_EXPIRES_ON, d.documentExpiresOn())
                .set(CUSTOMERS.RISK_RATING, d.riskRating().name()).set(CUSTOMERS.UPDATED_AT, now)
                .execute();
    }

    void update(DSLContext sql, UUID id, CustomerData d, Instant now) {
        sql.update(CUSTOMERS)
                .set(CUSTOMERS.LEGAL_NAME, d.legalName()).set(CUSTOMERS.SEARCH_NAME, CustomerRules.searchable(d.legalName()))
                .set(CUSTOMERS.BIRTH_DATE, d.birthDate()).set(CUSTOMERS.ADDRESS_LINES, array(d.addressLines()))
                .set(CUSTOMERS.POSTCODE, d.postcode()).set(CUSTOMERS.CITY, d.city()).set(CUSTOMERS.COUNTRY, d.country())
                .set(CUSTOMERS.EMAIL, d.email()).set(CUSTOMERS.PHONE, d.phone())
                .set(CUSTOMERS.DOCUMENT_TYPE, name(d.documentType())).set(CUSTOMERS.DOCUMENT_NUMBER, d.documentNumber())
                .set(CUSTOMERS.DOCUMENT_COUNTRY, d.documentCountry()).set(CUSTOMERS.DOCUMENT_EXPIRES_ON, d.documentExpiresOn())
                .set(CUSTOMERS.RISK_RATING, d.riskRating().name()).set(CUSTOMERS.KYC_STATUS, d.kycStatus().name())
                .set(CUSTOMERS.UPDATED_AT, now)
                .where(CUSTOMERS.ID.eq(id))
                .execute();
    }

    Optional<Customer> byNumber(DSLContext sql, String number, boolean lock, LocalDate today) {
        var query = sql.selectFrom(CUSTOMERS).where(CUSTOMERS.NUMBER.eq(number));
        return Optional.ofNullable(lock ? query.forUpdate().fetchOne() : query.fetchOne()).map(r -> toCustomer(r, today));
    }

    Optional<Customer> byRef(DSLContext sql, String customerRef, LocalDate today) {
        return Optional.ofNullable(sql.selectFrom(CUSTOMERS).where(CUSTOMERS.CUSTOMER_REF.eq(customerRef)).fetchOne())
                .map(r -> toCustomer(r, today));
    }

    Optional<Customer> byId(DSLContext sql, UUID id, LocalDate today) {
        return Optional.ofNullable(sql.selectFrom(CUSTOMERS).where(CUSTOMERS.ID.eq(id)).fetchOne())
                .map(r -> toCustomer(r, today));
    }

    boolean refTaken(DSLContext sql, String customerRef) {
        return sql.fetchExists(CUSTOMERS, CUSTOMERS.CUSTOMER_REF.eq(customerRef));
    }

    /**
     * Customers matching every given filter, by customer number, after {@code afterNumber}. A
     * name matches where it contains the searched text (case and accents aside).
     */
    List<Customer> search(DSLContext sql, SearchFilter f, String afterNumber, int limit, LocalDate today) {
        List<Condition> where = new ArrayList<>();
        if (afterNumber != null) {
            where.add(CUSTOMERS.NUMBER.gt(afterNumber));
        }
        if (f.name() != null) {
            where.add(CUSTOMERS.SEARCH_NAME.contains(f.name()));
        }
        if (f.number() != null) {
            where.add(CUSTOMERS.NUMBER.eq(f.number()));
        }
        if (f.documentNumber() != null) {
            where.add(CUSTOMERS.DOCUMENT_NUMBER.eq(f.documentNumber()));
        }
        if (f.customerRef() != null) {
            where.add(CUSTOMERS.CUSTOMER_REF.eq(f.customerRef()));
        }
        return sql.selectFrom(CUSTOMERS).where(DSL.and(where)).orderBy(CUSTOMERS.NUMBER).limit(limit)
                .fetch(r -> toCustomer(r, today));
    }

    Optional<OnboardingRow> onboarding(DSLContext sql, String scope, String key) {
        return Optional.ofNullable(sql.selectFrom(ONBOARDINGS)
                        .where(ONBOARDINGS.SCOPE.eq(scope), ONBOARDINGS.IDEMPOTENCY_KEY.eq(key)).fetchOne())
                .map(r -> new OnboardingRow(r.getRequestHash(), r.getCustomerId(), r.getAccountNumber(), r.getUsername(),
                        r.getEnrollmentTokenEnc(), r.getEnrollmentExpiresAt()));
    }

    void insertOnboarding(DSLContext sql, String scope, String key, OnboardingRow row, Instant now) {
        sql.insertInto(ONBOARDINGS)
                .set(ONBOARDINGS.SCOPE, scope).set(ONBOARDINGS.IDEMPOTENCY_KEY, key)
                .set(ONBOARDINGS.REQUEST_HASH, row.requestHash()).set(ONBOARDINGS.CUSTOMER_ID, row.customerId())
                .set(ONBOARDINGS.ACCOUNT_NUMBER, row.accountNumber()).set(ONBOARDINGS.USERNAME, row.username())
                .set(ONBOARDINGS.ENROLLMENT_TOKEN_ENC, row.enrollmentTokenSealed())
                .set(ONBOARDINGS.ENROLLMENT_EXPIRES_AT, row.enrollmentExpiresAt())
                .set(ONBOARDINGS.CREATED_AT, now)
                .execute();
    }

    private static Customer toCustomer(Record r, LocalDate today) {
        var c = r.into(CUSTOMERS);
        LocalDate expires = c.getDocumentExpiresOn();
        String[] lines = c.getAddressLines();
        return new Customer(c.getId(), c.getNumber(), c.getCustomerRef(), c.getLegalName(), c.getBirthDate(),
                new Customer.Address(lines == null ? null : List.copyOf(Arrays.asList(lines)), c.getPostcode(), c.getCity(),
                        trim(c.getCountry())),
                c.getEmail(), c.getPhone(),
                new Customer.Document(c.getDocumentType() == null ? null : DocumentType.valueOf(c.getDocumentType()),
                        c.getDocumentNumber(), trim(c.getDocumentCountry()), expires,
                        expires != null && expires.isBefore(today)),
                KycStatus.valueOf(c.getKycStatus()), RiskRating.valueOf(c.getRiskRating()), c.getMigrated(),
                c.getCreatedAt(), c.getUpdatedAt());
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    private static String[] array(List<String> lines) {
        return lines == null ? null : lines.toArray(String[]::new);
    }
}
