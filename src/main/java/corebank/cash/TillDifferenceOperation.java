package corebank.cash;

import corebank.approvals.ApprovalOperation;
import corebank.approvals.ApprovalRequest;
import corebank.audit.AuditContext;
import corebank.platform.ErrorCode;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;

import java.util.Map;

/**
 * A till difference recorded at a day's opening or closing waits for a supervisor (never the
 * teller who recorded it, its maker); approved, {@link TillDays#postDifference} posts it to the
 * over/short account once, as the checker's act (the difference's own Idempotency-Key makes a
 * second execution answer the posted difference). Parameters: {@code differenceId}.
 */
@Singleton
public class TillDifferenceOperation implements ApprovalOperation {

    public static final String NAME = "till-difference";
    private final TillDays days;

    TillDifferenceOperation(TillDays days) {
        this.days = days;
    }

    public String name() {
        return NAME;
    }


    public Subject validate(Map<String, String> parameters) {
        long id = differenceId(parameters);
        return new Subject(Long.toString(id), "till-difference:" + id);
    }

    public Execution execute(DSLContext sql, ApprovalRequest request, AuditContext context) {
        AuditContext checker = new AuditContext(request.checker(), request.checkerRole(), context.requestId(), context.channel(),
                context.clientAddress(), context.userAgent());
        CashModel.Difference posted = days.postDifference(differenceId(request.parameters()), checker);
        return Execution.of(String.valueOf(posted.entryId()));
    }

    static long differenceId(Map<String, String> p) {
        try {
            return Long.parseLong(p.get("differenceId"));
        } catch (RuntimeException e) {
            throw new CashException(ErrorCode.VALIDATION_FAILED, "differenceId is a till difference's number", "differenceId");
        }
    }
}
