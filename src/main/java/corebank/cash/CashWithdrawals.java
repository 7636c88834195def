package corebank.cash;

import corebank.approvals.Approvals;
import corebank.approvals.TransferThresholds;
import corebank.audit.AuditContext;
import corebank.cash.CashModel.Receipt;
import corebank.cash.CashModel.Till;
import corebank.ledger.Account;
import corebank.ledger.AccountKind;
import corebank.ledger.AccountNumber;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.Money;
import corebank.platform.ErrorCode;
import jakarta.inject.Singleton;

/**
 * A teller's cash withdrawal, paid at once up to the currency's threshold
 * ({@code corebank.approvals.transfer-thresholds}, the one teller transfers use), otherwise
 * submitted for a supervisor's approval ({@link CashWithdrawalOperation}) with the customer's
 * funds held. The request is checked first as the desk would: the caller's own till, its day
 * open, the amount in its currency, a customer's account in that currency.
 */
@Singleton
public class CashWithdrawals {

    /** Either the cash paid ({@code paid}) or the request awaiting approval ({@code pending}). */
    public record Result(Receipt paid, Approvals.Submitted pending) {
    }

    private final CashDesk desk;
    private final Tills tills;
    private final Ledger ledger;
    private final Approvals approvals;
    private final TransferThresholds thresholds;
    private final CashWithdrawalOperation operation;

    CashWithdrawals(CashDesk desk, Tills tills, Ledger ledger, Approvals approvals, TransferThresholds thresholds,
                    CashWithdrawalOperation operation) {
        this.desk = desk;
        this.tills = tills;
        this.ledger = ledger;
        this.approvals = approvals;
        this.thresholds = thresholds;
        this.operation = operation;
    }

    public Result withdraw(Staff staff, CashOrder order, IdempotencyRef idempotency, AuditContext context) {
        Money money = Money.parse(order.amount(), order.currency(), "amount");
        if (!thresholds.needsApproval(money)) {
            return new Result(desk.withdraw(staff, order, idempotency, context), null);
        }
        Till till = tills.workable(staff, order.tillId(), context);
        if (!money.currency().equals(till.currency())) {
            throw new CashException(ErrorCode.CURRENCY_MISMATCH, "till " + till.id() + " holds "
                    + till.currency().getCurrencyCode() + ", not " + money.currency().getCurrencyCode(), "currency");
        }
        if (till.openDayId() == null) {
            throw new CashException(ErrorCode.TILL_DAY_NOT_OPEN, "till " + till.id() + " has no open day; open it before moving cash",
                    "tillId");
        }
        AccountNumber number = AccountNumber.parse(order.account(), "account");
        Account account;
        try {
            account = ledger.account(number);
        } catch (corebank.platform.CorebankException e) {
            throw e.code() == ErrorCode.NOT_FOUND ? new CashException(ErrorCode.NOT_FOUND, "no customer account " + number, "account") : e;
        }
        if (account.kind() != AccountKind.CUSTOMER_DEPOSIT) {
            throw new CashException(ErrorCode.NOT_FOUND, "no customer account " + number, "account");
        }
        if (!account.currency().equals(till.currency())) {
            throw new CashException(ErrorCode.CURRENCY_MISMATCH, "account " + number + " holds " + account.currency().getCurrencyCode()
                    + ", the till " + till.currency().getCurrencyCode(), "account");
        }
        String reason = order.description() != null ? order.description()
                : "cash withdrawal above the approval threshold, till " + till.id();
        Approvals.Submitted submitted = approvals.submit(operation, CashWithdrawalOperation.parameters(staff, order, money), reason,
                CashWithdrawalOperation.held(number, tills.currencyOf(till).vaultAccount(), money, order.description()),
                idempotency.key(), context);
        return new Result(null, submitted);
    }
}
