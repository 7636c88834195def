package corebank.demo;

import corebank.audit.AuditContext;
import corebank.customers.Customer;
import corebank.customers.CustomerInput;
import corebank.customers.Customers;
import corebank.customers.KycStatus;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The demo bank's customers alice, bob and carol as complete, VERIFIED records with fictitious
 * data (addresses, phones and documents that belong to no one). Their references stay
 * "customer:alice" etc., so a demo database from before customer records (where the upgrade
 * made placeholder records) is completed, not duplicated. Safe to repeat.
 */
@Singleton
class DemoCustomers {

    record Person(String who, CustomerInput data) {
    }

    static final List<Person> PEOPLE = List.of(
            new Person("alice", person("Alice Example", "1988-03-14", "Musterweg 12", "10115", "Berlin", "DE",
                    "alice@example.org", "+4930555010", "PASSPORT", "C01X00T47", "2031-06-30", "LOW")),
            new Person("bob", person("Bob Example", "1975-11-02", "Rue Fictive 8", "75002", "Paris", "FR",
                    "bob@example.org", "+33155501020", "ID_CARD", "X4RTBPFW4", "2029-09-15", "MEDIUM")),
            new Person("carol", person("Carol Exämple-Núñez", "1999-07-21", "Calle Inventada 3", "28001", "Madrid", "ES",
                    "carol@example.org", "+34915550123", "DRIVING_LICENCE", "DL5550123", "2030-02-28", "LOW")));

    private final Customers customers;

    DemoCustomers(Customers customers) {
        this.customers = customers;
    }

    /** Creates or completes each demo customer and verifies them. */
    void seed(AuditContext seeder) {
        for (Person p : PEOPLE) {
            String ref = "customer:" + p.who();
            Customer customer = customers.byRef(ref).orElseGet(() -> customers.create(p.data(), ref, seeder));
            if (customer.kycStatus() != KycStatus.VERIFIED) {
                CustomerInput verified = new CustomerInput(p.data().legalName(), p.data().birthDate(), p.data().address(),
                        p.data().email(), p.data().phone(), p.data().document(), p.data().riskRating(),
                        customer.kycStatus() == KycStatus.REJECTED ? null : KycStatus.VERIFIED.name());
                customers.edit(customer.number(), verified, seeder);
            }
        }
    }

    private static CustomerInput person(String name, String born, String street, String postcode, String city, String country,
                                        String email, String phone, String documentType, String documentNumber,
                                        String expires, String risk) {
        return new CustomerInput(name, born, new CustomerInput.Address(List.of(street), postcode, city, country), email, phone,
                new CustomerInput.Document(documentType, documentNumber, country, expires), risk, null);
    }
}
