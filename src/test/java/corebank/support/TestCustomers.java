package corebank.support;

import corebank.audit.AuditContext;
import corebank.customers.Customer;
import corebank.customers.CustomerInput;
import corebank.customers.Customers;
import io.micronaut.context.ApplicationContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Customer records for tests. An account of kind CUSTOMER_DEPOSIT and a user with the CUSTOMER
 * role must name an existing customer (the database refuses a made-up "customer:..." reference):
 * make one here first, through the engine's API ({@link #create}) or over HTTP as a teller
 * ({@link Api#createCustomer()}, which {@link Api#openCustomer} uses), and use its customerRef.
 */
public final class TestCustomers {

    private TestCustomers() {
    }

    /** A complete, valid customer's data (as JSON), with a random document number. */
    public static Map<String, Object> body(String legalName) {
        Map<String, Object> body = new HashMap<>();
        body.put("legalName", legalName);
        body.put("birthDate", "1985-04-12");
        body.put("address", Map.of("lines", List.of("Teststrasse 1"), "postcode", "10115", "city", "Berlin", "country", "DE"));
        body.put("email", "test@example.org");
        body.put("phone", "+4930123456");
        body.put("document", Map.of("type", "PASSPORT", "number", documentNumber(), "country", "DE",
                "expiresOn", "2034-01-31"));
        body.put("riskRating", "LOW");
        return body;
    }

    /** The same data as {@link #body}, typed. */
    public static CustomerInput input(String legalName) {
        return new CustomerInput(legalName, "1985-04-12",
                new CustomerInput.Address(List.of("Teststrasse 1"), "10115", "Berlin", "DE"), "test@example.org",
                "+4930123456", new CustomerInput.Document("PASSPORT", documentNumber(), "DE", "2034-01-31"), "LOW", null);
    }

    /** A new customer (KYC PENDING) made through the engine's own API. */
    public static Customer create(ApplicationContext context, String legalName) {
        return context.getBean(Customers.class).create(input(legalName), AuditContext.system("test-setup"));
    }

    /** A new customer's owner reference, for an account or a customer user. */
    public static String newRef(ApplicationContext context) {
        return create(context, "Test Customer").customerRef();
    }

    public static String documentNumber() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }
}
