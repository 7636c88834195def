package corebank.demo;

import corebank.audit.AuditContext;
import corebank.ledger.Account;
import corebank.ledger.AccountKind;
import corebank.ledger.AccountProduct;
import corebank.ledger.AccountNumber;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.Money;
import corebank.ledger.Movement;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Seeds a small demo bank on the default run: bank-internal accounts (equity for opening
 * balances, the cash vault, clearing, fee income, suspense) and three customers with funded
 * deposit accounts. Every step is idempotent (accounts found by owner and name, funding under
 * fixed Idempotency-Keys), so later starts change nothing and an interrupted seed completes.
 */
@Singleton
@Requires(property = "corebank.demo.enabled", value = "true")
public class DemoBank implements ApplicationEventListener<ServerStartupEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoBank.class);
    static final String BANK = "bank:corebank";
    private final Ledger ledger;
    private final corebank.payments.Billers billers;
    private final DemoUsers people;
    private final DemoCustomers customers;
    private final java.nio.file.Path credentials;

    private final DemoCashDesk cashDesk;

    DemoBank(Ledger ledger, corebank.payments.Billers billers, DemoUsers people, DemoCustomers customers,
             DemoCashDesk cashDesk, @io.micronaut.context.annotation.Value("${corebank.data-directory:}") String dataDirectory) {
        this.cashDesk = cashDesk;
        this.ledger = ledger;
        this.billers = billers;
        this.people = people;
        this.customers = customers;
        this.credentials = corebank.platform.DataDirectory.resolve(dataDirectory).resolve("demo-credentials.txt");
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        AuditContext seeder = AuditContext.system("demo-seed");
        seed(seeder);
        StringBuilder summary = new StringBuilder("demo bank accounts:");
        for (String owner : List.of(BANK, "customer:alice", "customer:bob", "customer:carol")) {
            for (Account a : ledger.accountsOwnedBy(owner)) {
                summary.append(String.format("%n  %-16s %s %-17s %s %s", owner, a.number(), a.kind(),
                        corebank.ledger.Money.format(a.balanceMinor(), a.currency()), a.currency().getCurrencyCode()));
            }
        }
        LOG.info(summary.toString());
        try {
            people.seed(credentials);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write demo credentials to " + credentials, e);
        }
        cashDesk.seed(ledger.accountsOwnedBy(BANK).stream().filter(a -> a.kind() == AccountKind.CASH_VAULT
                && a.currency().getCurrencyCode().equals("EUR")).findFirst().orElseThrow(), seeder);
        pendingApproval();
        String url = event.getSource().getURL().toString();
        String howTo = "Demo logins (customers alice, bob, carol; teller tom; supervisor sue; auditor audrey; admins ada and abe): "
                + "passwords and TOTP secrets are in " + credentials + ". Customers sign in to the web app at " + url
                + "/ with the password, then a TOTP code of the secret or one of the recovery codes. API: POST " + url + "/api/v1/auth/login "
                + "{username,password}, then POST " + url + "/api/v1/auth/second-factor {challengeId,code}; a code: "
                + "mvn -q compile exec:exec@totp -Dtotp.secret=<secret> (or oathtool --totp -b <secret>). README, 'First login'.";
        LOG.info(howTo);
        // for a person at the terminal: standard output carries only the JSON log lines
        System.err.println(howTo);
    }

    private void seed(AuditContext seeder) {
        // the customers' records first: the database refuses an account of a customer it does not know
        customers.seed(seeder);
        Account equityEur = open(AccountKind.EQUITY, "EUR", "Equity (opening balances)", seeder);
        Account equityUsd = open(AccountKind.EQUITY, "USD", "Equity (opening balances)", seeder);
        Account vault = open(AccountKind.CASH_VAULT, "EUR", "Cash vault, main branch", seeder);
        open(AccountKind.CLEARING, "EUR", "Clearing", seeder);
        open(AccountKind.FEE_INCOME, "EUR", "Fee income", seeder);
        open(AccountKind.SUSPENSE, "EUR", "Suspense", seeder);
        fund(vault, equityEur, "250000.00", "EUR", "vault opening cash", seeder);
        fund(equityEur, customer("alice", "Alice Example", "EUR", AccountProduct.CURRENT, seeder), "2500.00", "EUR", "opening balance", seeder);
        fund(equityUsd, customer("alice", "Alice Example (USD)", "USD", AccountProduct.SAVINGS, seeder), "800.00", "USD", "opening balance", seeder);
        Account bob = customer("bob", "Bob Example", "EUR", AccountProduct.CURRENT, seeder);
        fund(equityEur, bob, "1200.50", "EUR", "opening balance", seeder);
        // the proceeds of a house sale, which bob takes out in cash at tom's till (the demo's pending approval)
        ledger.transfer(new Movement(new AccountNumber(equityEur.number()), new AccountNumber(bob.number()),
                Money.parse("12000.00", "EUR", "amount"), "house sale proceeds"),
                IdempotencyRef.of("system:demo-seed", "house-sale-" + bob.number()), seeder);
        fund(equityEur, customer("carol", "Carol Example", "EUR", AccountProduct.CURRENT, seeder), "90.00", "EUR", "opening balance", seeder);
        Account settlement = open(AccountKind.SETTLEMENT, "EUR", "Settlement (nostro)", seeder);
        if (billers.list().stream().noneMatch(b -> b.code().equals("CITYPOWER"))) {
            // customer references at City Power are 6 to 12 digits with a Luhn check digit, e.g. 79927398713
            billers.register("CITYPOWER", "City Power Ltd", "EUR", settlement.number(), "DE89370400440532013000",
                    "[0-9]{6,12}", "MOD10", seeder);
        }
        if (billers.list().stream().noneMatch(b -> b.code().equals("AQUAWATER"))) {
            // references at Aqua Water are 8 to 20 digits ending in ISO 7064 MOD 97-10 check digits, e.g. 100000000093
            billers.register("AQUAWATER", "Aqua Water Services", "EUR", settlement.number(), "NL91ABNA0417164300",
                    "[0-9]{8,20}", "MOD97", seeder);
        }
        LOG.info("demo bank ready");
    }

    /**
     * A request for supervisor sue to find: teller tom's cash deposit of 15,000.00 EUR into Bob's
     * account, above the approval threshold, its funds held on the vault. Made once (tom's
     * Idempotency-Key); later starts answer the same request, whatever became of it.
     */
    private void pendingApproval() {
        Account bob = customer("bob", "Bob Example", "EUR", AccountProduct.CURRENT, AuditContext.system("demo-seed"));
        var request = cashDesk.pendingWithdrawal(bob);
        if (request != null) {
            LOG.info("demo approval request {} ({}) by tom for supervisor sue: {}", request.id(), request.operation(), request.status());
        }
    }

    private Account open(AccountKind kind, String currency, String name, AuditContext seeder) {
        return existingOrNew(BANK, name, kind, currency, null, seeder);
    }

    private Account customer(String who, String name, String currency, AccountProduct product, AuditContext seeder) {
        return existingOrNew("customer:" + who, name, AccountKind.CUSTOMER_DEPOSIT, currency, product, seeder);
    }

    /** Each step is safe to repeat: a start that died mid-seed finishes the job on the next one. */
    private Account existingOrNew(String owner, String name, AccountKind kind, String currency, AccountProduct product,
                                  AuditContext seeder) {
        return ledger.accountsOwnedBy(owner).stream().filter(a -> a.name().equals(name) && a.kind() == kind
                        && a.currency().getCurrencyCode().equals(currency)).findFirst()
                .orElseGet(() -> ledger.openAccount(new Ledger.NewAccount(kind, currency, name, owner, null, null, null, product),
                        seeder));
    }

    private void fund(Account debit, Account credit, String amount, String currency, String description, AuditContext seeder) {
        Movement movement = new Movement(new AccountNumber(debit.number()), new AccountNumber(credit.number()),
                Money.parse(amount, currency, "amount"), description);
        ledger.transfer(movement, IdempotencyRef.of("system:demo-seed", "fund-" + debit.number() + "-" + credit.number()), seeder);
    }
}
