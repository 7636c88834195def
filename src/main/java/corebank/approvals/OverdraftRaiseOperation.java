package corebank.approvals;

import corebank.audit.AuditContext;
import corebank.ledger.AccountNumber;
import corebank.ledger.Ledger;
import corebank.ledger.Money;
import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.util.Map;

/**
 * Raising an account's overdraft limit waits for a supervisor (lowering it does not).
 * Parameters: {@code accountNumber}, {@code limit} (the new limit, a decimal string).
 */
@Singleton
public class OverdraftRaiseOperation implements ApprovalOperation {

    public static final String NAME = "overdraft-raise";
    private final Ledger ledger;

    OverdraftRaiseOperation(Ledger ledger) {
        this.ledger = ledger;
    }

    public String name() {
        return NAME;
    }


    public Subject validate(Map<String, String> parameters) {
        AccountNumber number = AccountNumber.parse(parameters.get("accountNumber"), "accountNumber");
        var account = ledger.account(number);
        if (ledger.overdraftMinor(account, parameters.get("limit")) <= account.overdraftLimitMinor()) {
            throw new CorebankException(ErrorCode.VALIDATION_FAILED, "a raise is above the current limit "
                    + Money.format(account.overdraftLimitMinor(), account.currency()), "limit");
        }
        return new Subject(number.value(), "overdraft:" + number.value());
    }

    /** Idempotent by nature: it sets the limit, and setting the limit an account has does nothing. */
    public Execution execute(DSLContext sql, ApprovalRequest request, AuditContext context) {
        AccountNumber number = AccountNumber.parse(request.parameters().get("accountNumber"), "accountNumber");
        return Execution.of(ledger.setOverdraftLimit(number, request.parameters().get("limit"), context).number());
    }
}
