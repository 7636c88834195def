package corebank.customers;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.ledger.AccountNumber;
import corebank.ledger.Ledger;
import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The customers feature's API: create, read, edit and search customer records. Every write is
 * audited in its own transaction: a creation with the customer's number, status and rating (no
 * personal data), an edit with the before and after of each field it changed. KYC moves follow
 * {@link KycStatus} (and the database's trigger); VERIFIED also needs a complete record with an
 * unexpired document.
 */
@Singleton
public class Customers {

    /** Customers a page holds unless asked, and at most. */
    static final int PAGE_SIZE_DEFAULT = 20;
    static final int PAGE_SIZE_MAX = 100;
    private static final String PREFERRED_REF = "customer:[a-z0-9._-]{1,64}";

    private final TransactionRunner runner;
    private final CustomersStore store;
    private final AuditLog auditLog;
    private final Ledger ledger;
    private final Clock clock;

    Customers(TransactionRunner runner, CustomersStore store, AuditLog auditLog, Ledger ledger, Clock clock) {
        this.runner = runner;
        this.store = store;
        this.auditLog = auditLog;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** A new customer, PENDING; its customer reference is "customer:" and its number in lower case. */
    public Customer create(CustomerInput input, AuditContext context) {
        CustomerData data = checkedNew(input);
        return runner.serializable("customer-create", sql -> insert(sql, data, null, context));
    }

    /**
     * As {@link #create(CustomerInput, AuditContext)} with a customer reference of the caller's
     * choice (the demo bank keeps "customer:alice"); refused if another customer has it.
     */
    public Customer create(CustomerInput input, String customerRef, AuditContext context) {
        if (customerRef == null || !customerRef.matches(PREFERRED_REF)) {
            throw CustomersException.invalid("customerRef", "looks like customer:<id>");
        }
        CustomerData data = checkedNew(input);
        return runner.serializable("customer-create", sql -> insert(sql, data, customerRef, context));
    }

    /** Inside the caller's transaction (onboarding): checks, inserts and audits a new customer. */
    Customer create(DSLContext sql, CustomerInput input, AuditContext context) {
        return insert(sql, checkedNew(input), null, context);
    }

    private CustomerData checkedNew(CustomerInput input) {
        if (input == null) {
            throw CustomersException.invalid("legalName", "required");
        }
        if (input.kycStatus() != null && !KycStatus.PENDING.name().equals(input.kycStatus())) {
            throw CustomersException.invalid("kycStatus", "a new customer starts PENDING; verify them with an edit");
        }
        CustomerData data = CustomerRules.apply(CustomerData.EMPTY, input, today());
        data = new CustomerData(data.legalName(), data.birthDate(), data.addressLines(), data.postcode(), data.city(),
                data.country(), data.email(), data.phone(), data.documentType(), data.documentNumber(),
                data.documentCountry(), data.documentExpiresOn(), data.riskRating(), KycStatus.PENDING);
        String missing = data.firstMissing();
        if (missing != null) {
            throw CustomersException.invalid(missing, "required");
        }
        return data;
    }

    private Customer insert(DSLContext sql, CustomerData data, String preferredRef, AuditContext context) {
        Instant now = clock.instant();
        String number = CustomerNumber.fromSequence(store.nextNumberBase(sql));
        String ref = preferredRef == null ? Ledger.CUSTOMER_REF_PREFIX + number.toLowerCase(java.util.Locale.ROOT) : preferredRef;
        if (store.refTaken(sql, ref)) {
            throw new CustomersException(ErrorCode.CUSTOMER_REF_TAKEN, "another customer has this customerRef", "customerRef");
        }
        UUID id = UUID.randomUUID();
        store.insert(sql, id, number, ref, data, now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("customerRef", ref);
        details.put("kycStatus", data.kycStatus().name());
        details.put("riskRating", data.riskRating().name());
        auditLog.append(sql, AuditEvent.success(now, context, AuditAction.CUSTOMERS_CUSTOMER_CREATE, "CUSTOMER", number, details));
        return store.byId(sql, id, today()).orElseThrow();
    }

    public Customer get(String number) {
        String valid = validNumber(number, "customerNumber");
        return runner.read(sql -> store.byNumber(sql, valid, false, today()))
                .orElseThrow(() -> CustomersException.notFound("no customer " + valid, "customerNumber"));
    }

    /**
     * The owner reference of a customer given by number (C...) or by reference (customer:...),
     * for filters: an unknown number is {@code not_found} naming {@code field}.
     */
    public String ownerRef(String numberOrRef, String field) {
        String value = numberOrRef.trim();
        if (value.startsWith(Ledger.CUSTOMER_REF_PREFIX)) {
            return value;
        }
        String number = validNumber(value, field);
        return runner.read(sql -> store.byNumber(sql, number, false, today()))
                .orElseThrow(() -> CustomersException.notFound("no customer " + number, field)).customerRef();
    }

    /**
     * An account holder as a statement names them: the legal name, and the customer number with
     * the address (what is known of it). Empty when the reference names no customer.
     */
    public Optional<corebank.ledger.Statements.Party> statementHolder(String customerRef) {
        return byRef(customerRef).map(c -> new corebank.ledger.Statements.Party(c.legalName(),
                c.address().oneLine().isEmpty() ? c.number() : c.number() + ", " + c.address().oneLine()));
    }

    /** The customer an owner reference names, if one does. */
    public Optional<Customer> byRef(String customerRef) {
        return customerRef == null ? Optional.empty() : runner.read(sql -> store.byRef(sql, customerRef, today()));
    }

    /**
     * Changes the fields {@code input} carries; audits the before and after of those that
     * changed (nothing changed: no event). A KYC move must be one {@link KycStatus} allows.
     */
    public Customer edit(String number, CustomerInput input, AuditContext context) {
        String valid = validNumber(number, "customerNumber");
        if (input == null) {
            throw CustomersException.invalid("legalName", "an edit carries at least one field");
        }
        return runner.serializable("customer-edit", sql -> {
            Customer current = store.byNumber(sql, valid, true, today())
                    .orElseThrow(() -> CustomersException.notFound("no customer " + valid, "customerNumber"));
            CustomerData before = CustomerData.of(current);
            CustomerData after = CustomerRules.apply(before, input, today());
            if (after.kycStatus() != before.kycStatus()) {
                before.kycStatus().requireTransition(after.kycStatus(), "customer " + valid, "kycStatus");
                if (after.kycStatus() == KycStatus.VERIFIED) {
                    requireVerifiable(after);
                }
            }
            Map<String, Object> changes = after.changesFrom(before);
            if (changes.isEmpty()) {
                return current;
            }
            Instant now = clock.instant();
            store.update(sql, current.id(), after, now);
            auditLog.append(sql, AuditEvent.success(now, context, AuditAction.CUSTOMERS_CUSTOMER_EDIT, "CUSTOMER", valid,
                    Map.of("changes", changes)));
            return store.byId(sql, current.id(), today()).orElseThrow();
        });
    }

    private void requireVerifiable(CustomerData data) {
        String missing = data.firstMissing();
        if (missing != null) {
            throw new CustomersException(ErrorCode.CUSTOMER_INCOMPLETE,
                    "a customer is verified only with a complete record; " + missing + " is missing", missing);
        }
        if (data.documentExpiresOn().isBefore(today())) {
            throw new CustomersException(ErrorCode.CUSTOMER_INCOMPLETE,
                    "a customer is verified only with an unexpired identity document", "document.expiresOn");
        }
    }

    /** What tellers search by; null means "any", and at least one is given. */
    public record Search(String name, String number, String documentNumber, String accountNumber) {
    }

    public record Page(List<Customer> customers, String nextCursor) {
    }

    /**
     * Customers matching every given criterion, by customer number: a name matches where its
     * legal name contains the text (case and accents aside), an account number matches its
     * owner. {@code cursor} (a customer number) continues a page.
     */
    public Page search(Search search, String cursor, Integer limit) {
        int size = limit == null ? PAGE_SIZE_DEFAULT : limit;
        if (size < 1 || size > PAGE_SIZE_MAX) {
            throw CustomersException.invalid("limit", "between 1 and " + PAGE_SIZE_MAX);
        }
        String after = corebank.platform.Pages.key(cursor, 1, k -> validNumber(k[0], "cursor"));
        String name = blankToNull(search.name());
        if (name != null && name.length() > 200) {
            throw CustomersException.invalid("name", "at most 200 characters");
        }
        String number = blankToNull(search.number()) == null ? null : validNumber(search.number(), "number");
        String document = blankToNull(search.documentNumber()) == null ? null
                : CustomerRules.normalDocumentNumber(search.documentNumber());
        String ref = null;
        if (blankToNull(search.accountNumber()) != null) {
            var account = ledger.account(AccountNumber.parse(search.accountNumber(), "accountNumber"));
            ref = account.ownerRef() != null && account.ownerRef().startsWith(Ledger.CUSTOMER_REF_PREFIX)
                    ? account.ownerRef() : "";
        }
        if (name == null && number == null && document == null && ref == null) {
            throw CustomersException.invalid("name", "search by name, number, documentNumber or accountNumber");
        }
        var filter = new CustomersStore.SearchFilter(name == null ? null : CustomerRules.searchable(name), number, document, ref);
        List<Customer> rows = runner.read(sql -> store.search(sql, filter, after, size + 1, today()));
        corebank.platform.Pages.Slice<Customer> page = corebank.platform.Pages.slice(rows, size, c -> corebank.platform.Pages.cursor(c.number()));
        return new Page(page.rows(), page.nextCursor());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static String validNumber(String number, String field) {
        String n = number == null ? "" : number.trim().toUpperCase(java.util.Locale.ROOT);
        if (!CustomerNumber.isValid(n)) {
            throw new CustomersException(ErrorCode.VALIDATION_FAILED,
                    field + ": a customer number is C and 9 digits (with MOD 97 check digits)", field);
        }
        return n;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
