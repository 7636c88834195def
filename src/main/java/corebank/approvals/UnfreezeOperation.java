package corebank.approvals;

import corebank.audit.AuditContext;
import corebank.ledger.AccountNumber;
import corebank.ledger.AccountStatus;
import corebank.ledger.Ledger;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.util.Map;

/** Unfreezing an account waits for a supervisor (freezing does not). Parameters: {@code accountNumber}. */
@Singleton
public class UnfreezeOperation implements ApprovalOperation {

    public static final String NAME = "unfreeze";
    private final Ledger ledger;

    UnfreezeOperation(Ledger ledger) {
        this.ledger = ledger;
    }

    public String name() {
        return NAME;
    }


    public Subject validate(Map<String, String> parameters) {
        AccountNumber number = AccountNumber.parse(parameters.get("accountNumber"), "accountNumber");
        ledger.account(number).status().requireTransition(AccountStatus.ACTIVE, "account " + number, "accountNumber");
        return new Subject(number.value(), "account-status:" + number.value());
    }

    /** Idempotent by nature: an account already ACTIVE stays as it is. */
    public Execution execute(DSLContext sql, ApprovalRequest request, AuditContext context) {
        AccountNumber number = AccountNumber.parse(request.parameters().get("accountNumber"), "accountNumber");
        return Execution.of(ledger.changeStatus(number, AccountStatus.ACTIVE, context).number());
    }
}
