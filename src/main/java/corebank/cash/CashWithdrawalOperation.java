package corebank.cash;

import corebank.approvals.ApprovalOperation;
import corebank.approvals.ApprovalRequest;
import corebank.approvals.Approvals;
import corebank.audit.AuditContext;
import corebank.ledger.AccountNumber;
import corebank.ledger.HoldStatus;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.Money;
import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A teller's cash withdrawal above the threshold: while it waits, the customer's funds are held
 * (towards the currency's vault: a hold never names a till, and is voided, never posted);
 * approved, {@link CashDesk#withdraw(Staff, CashOrder, IdempotencyRef, AuditContext, UUID)} voids
 * the hold and pays out in one transaction, keyed by the request id, from the maker's till while
 * its day is open. A refusal then (the day closed, the till's cash short) makes the request
 * FAILED and approvals voids the hold. Parameters: {@code tillId}, {@code tellerUserId},
 * {@code account}, {@code amount}, {@code currency}, {@code description} (optional).
 */
@Singleton
public class CashWithdrawalOperation implements ApprovalOperation {

    public static final String NAME = "cash-withdrawal";
    /** The idempotency scope of the withdrawals approvals execute (no user's key can be in it). */
    static final String LEDGER_SCOPE = "system:cash-approvals";

    private final CashDesk desk;
    private final Ledger ledger;

    CashWithdrawalOperation(CashDesk desk, Ledger ledger) {
        this.desk = desk;
        this.ledger = ledger;
    }

    public String name() {
        return NAME;
    }


    /** The parameters of a withdrawal, as stored with its request. */
    static Map<String, String> parameters(Staff teller, CashOrder order, Money money) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("tillId", Long.toString(order.tillId()));
        p.put("tellerUserId", teller.userId().toString());
        p.put("account", order.account());
        p.put("amount", Money.format(money.amountMinor(), money.currency()));
        p.put("currency", money.currency().getCurrencyCode());
        if (order.description() != null) {
            p.put("description", order.description());
        }
        return p;
    }

    public Subject validate(Map<String, String> parameters) {
        tillId(parameters);
        tellerUserId(parameters);
        AccountNumber.parse(parameters.get("account"), "account");
        Money.parse(parameters.get("amount"), parameters.get("currency"), "amount");
        return new Subject(parameters.get("account"), null);
    }

    public Execution execute(DSLContext sql, ApprovalRequest request, AuditContext context) {
        if (request.holdId() == null) {
            throw new CorebankException(ErrorCode.HOLD_NOT_PENDING, "the request holds no funds", null);
        }
        Map<String, String> p = request.parameters();
        Staff maker = new Staff(tellerUserId(p), request.maker(), false);
        CashOrder order = new CashOrder(tillId(p), p.get("account"), p.get("amount"), p.get("currency"), p.get("description"));
        IdempotencyRef once = IdempotencyRef.of(LEDGER_SCOPE, request.id() + ":withdraw");
        // after a crash between the withdrawal and the request's EXECUTED, the hold is already
        // voided: the same key then answers the withdrawal made, never a second one
        boolean held = ledger.hold(request.holdId()).status() == HoldStatus.PENDING;
        CashModel.Receipt receipt = held ? desk.withdraw(maker, order, once, context, request.holdId())
                : desk.withdraw(maker, order, once, context);
        return Execution.of(receipt.movement().entryId().toString());
    }

    private static long tillId(Map<String, String> p) {
        try {
            return Long.parseLong(p.get("tillId"));
        } catch (RuntimeException e) {
            throw new CashException(ErrorCode.VALIDATION_FAILED, "tillId is a till's number", "tillId");
        }
    }

    private static UUID tellerUserId(Map<String, String> p) {
        try {
            return UUID.fromString(p.get("tellerUserId"));
        } catch (RuntimeException e) {
            throw new CashException(ErrorCode.VALIDATION_FAILED, "tellerUserId is a user id", "tellerUserId");
        }
    }

    /** The funds to hold while it waits: from the customer's account towards the vault. */
    static Approvals.HeldFunds held(AccountNumber account, String vaultAccount, Money money, String description) {
        return new Approvals.HeldFunds(new corebank.ledger.Movement(account, new AccountNumber(vaultAccount), money, description),
                corebank.ledger.EntryKind.CASH_WITHDRAWAL);
    }
}
