package corebank.approvals;

import corebank.audit.AuditContext;
import corebank.ledger.EntryKind;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.LedgerException;
import corebank.platform.ErrorCode;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.util.Map;
import java.util.UUID;

/** Reversing a journal entry: any reversal waits for a supervisor. Parameters: {@code entryId}. */
@Singleton
public class ReversalOperation implements ApprovalOperation {

    public static final String NAME = "reversal";
    private final Ledger ledger;

    ReversalOperation(Ledger ledger) {
        this.ledger = ledger;
    }

    public String name() {
        return NAME;
    }


    /** Refuses now what the ledger would refuse for sure later: an unknown entry, a reversal, an entry reversed already. */
    public Subject validate(Map<String, String> parameters) {
        UUID entryId = UUID.fromString(parameters.get("entryId"));
        var entry = ledger.entry(entryId);
        if (entry.kind() == EntryKind.REVERSAL) {
            throw LedgerException.invalid(ErrorCode.NOT_REVERSIBLE, "a reversal is not reversed; make a new transfer", "entryId");
        }
        if (entry.reversedByEntryId() != null) {
            throw new corebank.platform.CorebankException(ErrorCode.ALREADY_REVERSED, "entry " + entryId + " is reversed already", "entryId");
        }
        return new Subject(entryId.toString(), "reversal:" + entryId);
    }

    public Execution execute(DSLContext sql, ApprovalRequest request, AuditContext context) {
        var outcome = ledger.reverse(UUID.fromString(request.parameters().get("entryId")), request.reason(),
                IdempotencyRef.of(Approvals.LEDGER_SCOPE, request.id() + ":execute"), context);
        return Execution.of(outcome.resultId().toString());
    }
}
