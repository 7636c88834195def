package corebank.customers;

import corebank.audit.AuditAction;
import corebank.audit.AuditContext;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.identity.mfa.SecretBox;
import corebank.identity.user.Role;
import corebank.identity.user.UserAdmin;
import corebank.ledger.Account;
import corebank.ledger.AccountKind;
import corebank.ledger.AccountProduct;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.Money;
import corebank.platform.ErrorCode;
import corebank.platform.TransactionRunner;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Onboarding: a customer, their first account and their online-banking login, in ONE
 * serializable transaction, so no half-onboarded customer is ever visible. That is possible
 * because opening an account does not go through the ledger's group commit (only money
 * movements do): the ledger and identity features each offer a variant that works inside the
 * caller's transaction. The Idempotency-Key's first result is stored in the same transaction
 * (table onboardings): a replay answers it again and creates nothing; the same key with another
 * request is {@code idempotency_conflict}. Two requests with the same key at once: one commits,
 * the other fails serialization (or the key's primary key), is re-run by the runner, and then
 * finds the stored result. The enrollment token is stored sealed (AES-256-GCM under identity's
 * key, bound to the key's scope), because a replay must answer it again.
 */
@Singleton
public class Onboarding {

    /** What onboarding needs: the customer, the first account's product and currency, the login's username. */
    @Serdeable
    public record Request(@Nullable @io.swagger.v3.oas.annotations.media.Schema(type = "object", nullable = true) CustomerInput customer, @Nullable @io.swagger.v3.oas.annotations.media.Schema(type = "object", nullable = true) FirstAccount account, @Nullable String username) {
    }

    /** The first account: CURRENT or SAVINGS in a currency; its name defaults to the product's. */
    @Serdeable
    public record FirstAccount(@Nullable String product, @Nullable String currency, @Nullable String name) {
    }

    /** The result: the customer, the account, the login and its one-time enrollment token. */
    public record Onboarded(Customer customer, String accountNumber, String username, String enrollmentToken,
                            Instant enrollmentExpiresAt, boolean replayed) {
    }

    private final TransactionRunner runner;
    private final CustomersStore store;
    private final Customers customers;
    private final Ledger ledger;
    private final UserAdmin users;
    private final SecretBox secretBox;
    private final AuditLog auditLog;
    private final Clock clock;

    Onboarding(TransactionRunner runner, CustomersStore store, Customers customers, Ledger ledger, UserAdmin users,
               SecretBox secretBox, AuditLog auditLog, Clock clock) {
        this.runner = runner;
        this.store = store;
        this.customers = customers;
        this.ledger = ledger;
        this.users = users;
        this.secretBox = secretBox;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    public Onboarded onboard(Request request, IdempotencyRef idempotency, AuditContext context) {
        if (request == null || request.customer() == null) {
            throw CustomersException.invalid("customer", "required");
        }
        FirstAccount first = request.account() == null ? new FirstAccount(null, null, null) : request.account();
        AccountProduct product = first.product() == null ? null : productOf(first.product());
        if (product == null) {
            throw CustomersException.invalid("account.product", "required: CURRENT or SAVINGS");
        }
        String currency = Money.currency(first.currency(), "account.currency").getCurrencyCode();
        if (request.username() == null || request.username().isBlank()) {
            throw CustomersException.invalid("username", "required");
        }
        String hash = IdempotencyRef.hash(request.toString());
        String accountName = first.name() == null ? (product == AccountProduct.CURRENT ? "Current account" : "Savings account")
                : first.name();
        return runner.serializable("onboarding", sql -> {
            var stored = store.onboarding(sql, idempotency.scope(), idempotency.key());
            if (stored.isPresent()) {
                return replay(sql, stored.get(), hash, idempotency);
            }
            Customer customer = customers.create(sql, request.customer(), context);
            Account account;
            try {
                account = ledger.openAccount(sql, new Ledger.NewAccount(AccountKind.CUSTOMER_DEPOSIT, currency, accountName,
                        customer.customerRef(), null, null, null, product), context);
            } catch (corebank.platform.CorebankException e) {
                throw prefixed(e, "account.");
            }
            UserAdmin.Created login = users.create(sql, request.username(), customer.legalName(), EnumSet.of(Role.CUSTOMER),
                    customer.customerRef(), context);
            Instant now = clock.instant();
            store.insertOnboarding(sql, idempotency.scope(), idempotency.key(), new CustomersStore.OnboardingRow(hash,
                    customer.id(), account.number(), login.user().username(), seal(login.enrollmentToken(), idempotency),
                    login.enrollmentExpiresAt()), now);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("accountNumber", account.number());
            details.put("product", product.name());
            details.put("username", login.user().username());
            auditLog.append(sql, AuditEvent.success(now, context, AuditAction.CUSTOMERS_ONBOARDING, "CUSTOMER",
                    customer.number(), details));
            return new Onboarded(customer, account.number(), login.user().username(), login.enrollmentToken(),
                    login.enrollmentExpiresAt(), false);
        });
    }

    private Onboarded replay(org.jooq.DSLContext sql, CustomersStore.OnboardingRow row, String hash, IdempotencyRef idempotency) {
        if (!row.requestHash().equals(hash)) {
            throw new CustomersException(ErrorCode.IDEMPOTENCY_CONFLICT,
                    "this Idempotency-Key was used with another request", IdempotencyRef.HEADER);
        }
        Customer customer = store.byId(sql, row.customerId(), customers.today()).orElseThrow();
        String token = new String(secretBox.open(row.enrollmentTokenSealed(), bound(idempotency)), StandardCharsets.UTF_8);
        return new Onboarded(customer, row.accountNumber(), row.username(), token, row.enrollmentExpiresAt(), true);
    }

    private String seal(String token, IdempotencyRef idempotency) {
        return secretBox.seal(token.getBytes(StandardCharsets.UTF_8), bound(idempotency));
    }

    private static String bound(IdempotencyRef idempotency) {
        return "onboarding:" + idempotency.scope() + ":" + idempotency.key();
    }

    private static AccountProduct productOf(String text) {
        try {
            return AccountProduct.parse(text, "account.product");
        } catch (corebank.platform.CorebankException e) {
            throw CustomersException.invalid("account.product", "CURRENT or SAVINGS");
        }
    }

    /** A refusal about a nested part of the request names the field by its path. */
    private static RuntimeException prefixed(corebank.platform.CorebankException e, String prefix) {
        if (e.field() == null || e.code().kind() != corebank.platform.CorebankException.Kind.INVALID) {
            return e;
        }
        return new CustomersException(e.code(), e.detail(), prefix + e.field());
    }
}
