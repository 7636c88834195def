package corebank.demo;

import corebank.audit.AuditContext;
import corebank.cash.CashDesk;
import corebank.cash.CashModel.Till;
import corebank.cash.Staff;
import corebank.cash.TillDays;
import corebank.cash.CashOrder;
import corebank.cash.CashWithdrawals;
import corebank.approvals.ApprovalRequest;
import corebank.cash.Tills;
import corebank.cash.VaultTransfer;
import corebank.identity.user.User;
import corebank.identity.user.UserAdmin;
import corebank.ledger.Account;
import corebank.ledger.IdempotencyRef;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The demo bank's cash desk: EUR set up with the main branch's vault (funded from equity by
 * {@link DemoBank}), a EUR till for each teller (tom), and on the first start its day opened
 * (counted 0.00, an empty drawer) with an opening float of 2,000.00 EUR from the vault. Safe to
 * repeat: what exists is kept, the float goes under a fixed Idempotency-Key, and a day the
 * teller has closed stays closed.
 */
@Singleton
class DemoCashDesk {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCashDesk.class);
    static final List<String> TELLERS = List.of("tom");
    static final String FLOAT = "2000.00";
    static final String WITHDRAWAL = "10500.00";

    private final Tills tills;
    private final TillDays days;
    private final CashDesk desk;
    private final UserAdmin users;
    private final CashWithdrawals withdrawals;

    DemoCashDesk(Tills tills, TillDays days, CashDesk desk, UserAdmin users, CashWithdrawals withdrawals) {
        this.withdrawals = withdrawals;
        this.tills = tills;
        this.days = days;
        this.desk = desk;
        this.users = users;
    }

    void seed(Account vault, AuditContext seeder) {
        tills.setUpCurrency("EUR", vault.number(), seeder);
        for (String username : TELLERS) {
            User user = users.get(username);
            Staff teller = new Staff(user.id(), user.username(), false);
            Till till = tills.visibleTo(teller).stream().filter(t -> t.currency().getCurrencyCode().equals("EUR")).findFirst()
                    .orElseGet(() -> tills.create(username, "EUR", seeder));
            boolean firstStart = days.days(teller, till.id(), seeder).isEmpty();
            if (firstStart) {
                days.open(teller, till.id(), "0.00", null, seeder);
            }
            if (firstStart || (till.openDayId() != null && tills.balanceMinor(till) == 0)) {
                desk.transferWithVault(teller, new VaultTransfer(till.id(), VaultTransfer.Direction.TO_TILL, FLOAT, "EUR",
                        "opening float"), IdempotencyRef.of("system:demo-seed", "till-float-" + till.id()), seeder);
            }
            LOG.info("demo till: {} EUR till {} (account {}), balance {} EUR", username, till.id(), till.account(),
                    corebank.ledger.Money.format(tills.balanceMinor(till), till.currency()));
        }
    }

    /**
     * The demo's pending approval for supervisor sue: tom takes 10,500.00 EUR from the vault into
     * his till and asks to pay it out to {@code customer} in cash, above the threshold, so the
     * customer's funds are held until sue decides. Made once (tom's fixed Idempotency-Key); none
     * while tom's till is closed.
     */
    ApprovalRequest pendingWithdrawal(Account customer) {
        User user = users.get("tom");
        Staff tom = new Staff(user.id(), user.username(), false);
        Till till = tills.visibleTo(tom).stream().filter(t -> t.currency().getCurrencyCode().equals("EUR")).findFirst().orElseThrow();
        if (till.openDayId() == null) {
            LOG.info("demo: tom's till is closed, so no pending cash withdrawal is made");
            return null;
        }
        AuditContext asTom = new AuditContext("user:tom", "TELLER", null, "teller-api", null, "demo-seed");
        desk.transferWithVault(tom, new VaultTransfer(till.id(), VaultTransfer.Direction.TO_TILL, WITHDRAWAL, "EUR",
                "cash for a large withdrawal"), IdempotencyRef.of("system:demo-seed", "till-withdrawal-cash-" + till.id()), asTom);
        CashOrder order = new CashOrder(till.id(), customer.number(), WITHDRAWAL, "EUR", "cash withdrawal, house sale proceeds");
        CashWithdrawals.Result result = withdrawals.withdraw(tom, order, IdempotencyRef.of(asTom.actor(), "demo-pending-withdrawal"), asTom);
        return result.pending() == null ? null : result.pending().request(); // paid at once under a higher threshold
    }
}
