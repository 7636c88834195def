package corebank.approvals;

import corebank.audit.AuditContext;
import corebank.ledger.Account;
import corebank.ledger.AccountNumber;
import corebank.ledger.AccountStatus;
import corebank.ledger.EntryKind;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.Money;
import corebank.ledger.Movement;
import corebank.ledger.Side;
import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Closing an account that still holds money waits for a supervisor. The money goes to the
 * destination account named in the request: while it waits, the whole balance is held towards
 * it; executing it posts the hold (a TRANSFER) and then closes the account. Parameters:
 * {@code accountNumber}, {@code destinationAccount}, {@code amount}, {@code currency}.
 */
@Singleton
public class CloseWithBalanceOperation implements ApprovalOperation {

    public static final String NAME = "account-close";
    private final Ledger ledger;

    CloseWithBalanceOperation(Ledger ledger) {
        this.ledger = ledger;
    }

    public String name() {
        return NAME;
    }


    /**
     * The movement that empties the account into {@code destination}: refused unless the account
     * is a credit-normal account with a positive balance and no holds (anything else is settled first).
     */
    public Movement emptying(Account account, AccountNumber destination) {
        if (account.kind().normalSide() != Side.CREDIT || account.balanceMinor() <= 0
                || account.debitsPendingMinor() != 0 || account.creditsPendingMinor() != 0) {
            throw new CorebankException(ErrorCode.ACCOUNT_NOT_EMPTY, "account " + account.number()
                    + " can be closed with its money moved only when it holds a positive balance and no holds", "accountNumber");
        }
        return new Movement(new AccountNumber(account.number()), destination,
                new Money(account.balanceMinor(), account.currency()), "closing account " + account.number());
    }

    public static Map<String, String> parameters(Movement m) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("accountNumber", m.debitAccount().value());
        p.put("destinationAccount", m.creditAccount().value());
        p.put("amount", Money.format(m.amount().amountMinor(), m.amount().currency()));
        p.put("currency", m.amount().currency().getCurrencyCode());
        return p;
    }

    public static Approvals.HeldFunds held(Movement m) {
        return new Approvals.HeldFunds(m, EntryKind.TRANSFER);
    }

    public Subject validate(Map<String, String> parameters) {
        AccountNumber number = AccountNumber.parse(parameters.get("accountNumber"), "accountNumber");
        AccountNumber.parse(parameters.get("destinationAccount"), "destinationAccount");
        return new Subject(number.value(), "account-status:" + number.value());
    }

    /** Posts the hold under the request's key, then closes (closing a closed account does nothing). */
    public Execution execute(DSLContext sql, ApprovalRequest request, AuditContext context) {
        if (request.holdId() == null) {
            throw new CorebankException(ErrorCode.HOLD_NOT_PENDING, "the request holds no funds", null);
        }
        if (ledger.hold(request.holdId()).status() != corebank.ledger.HoldStatus.POSTED) {
            ledger.postHold(request.holdId(), null, IdempotencyRef.of(Approvals.LEDGER_SCOPE, request.id() + ":execute"), context);
        }
        AccountNumber number = AccountNumber.parse(request.parameters().get("accountNumber"), "accountNumber");
        ledger.changeStatus(number, AccountStatus.CLOSED, context);
        return Execution.of(String.valueOf(ledger.hold(request.holdId()).entryId()));
    }
}
