package corebank.approvals;

import corebank.audit.AuditContext;
import corebank.ledger.AccountNumber;
import corebank.ledger.EntryKind;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.Money;
import corebank.ledger.Movement;
import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A teller's transfer above the threshold: its funds are held on the debit account while it
 * waits, and executing it posts the hold, recorded as a TRANSFER. Parameters: {@code debitAccount},
 * {@code creditAccount}, {@code amount}, {@code currency}, {@code description} (optional).
 */
@Singleton
public class HeldTransferOperation implements ApprovalOperation {

    public static final String NAME = "held-transfer";
    private final Ledger ledger;

    HeldTransferOperation(Ledger ledger) {
        this.ledger = ledger;
    }

    public String name() {
        return NAME;
    }


    /** The parameters of a movement, as stored with its request. */
    public static Map<String, String> parameters(Movement m) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("debitAccount", m.debitAccount().value());
        p.put("creditAccount", m.creditAccount().value());
        p.put("amount", Money.format(m.amount().amountMinor(), m.amount().currency()));
        p.put("currency", m.amount().currency().getCurrencyCode());
        if (m.description() != null) {
            p.put("description", m.description());
        }
        return p;
    }

    /** The funds to hold for it: a hold that posts as a TRANSFER. */
    public static Approvals.HeldFunds held(Movement m) {
        return new Approvals.HeldFunds(m, EntryKind.TRANSFER);
    }

    public Subject validate(Map<String, String> parameters) {
        AccountNumber.parse(parameters.get("debitAccount"), "debitAccount");
        AccountNumber.parse(parameters.get("creditAccount"), "creditAccount");
        Money.parse(parameters.get("amount"), parameters.get("currency"), "amount");
        return new Subject(parameters.get("debitAccount"), null);
    }

    public Execution execute(DSLContext sql, ApprovalRequest request, AuditContext context) {
        if (request.holdId() == null) {
            throw new CorebankException(ErrorCode.HOLD_NOT_PENDING, "the request holds no funds", null);
        }
        ledger.postHold(request.holdId(), null, IdempotencyRef.of(Approvals.LEDGER_SCOPE, request.id() + ":execute"), context);
        return Execution.of(String.valueOf(ledger.hold(request.holdId()).entryId()));
    }
}
