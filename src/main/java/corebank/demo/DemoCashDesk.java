package corebank.demo;

import corebank.audit.AuditContext;
import corebank.cash.CashDesk;
import corebank.cash.CashModel.Till;
import corebank.cash.Staff;
import corebank.cash.TillDays;
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

    private final Tills tills;
    private final TillDays days;
    private final CashDesk desk;
    private final UserAdmin users;

    DemoCashDesk(Tills tills, TillDays days, CashDesk desk, UserAdmin users) {
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
}
