package corebank.auditor;

import corebank.approvals.ApprovalStatus;
import corebank.approvals.Approvals;
import corebank.audit.AuditAction;
import corebank.audit.AuditEvent;
import corebank.audit.AuditLog;
import corebank.identity.user.Role;
import corebank.web.Origins;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Auditors read every approval request, read-only; the read is audited like their others. */
@Controller("/audit/v1/approvals")
@Secured(Role.AUDITOR_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@corebank.web.ProblemResponses
@Tag(name = "auditor")
class AuditorApprovalsController {

    private final Approvals approvals;
    private final AuditLog auditLog;
    private final Clock clock;

    AuditorApprovalsController(Approvals approvals, AuditLog auditLog, Clock clock) {
        this.approvals = approvals;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    @Get("{?maker,checker,operation,state,cursor,limit}")
    @Operation(summary = "Approval requests newest first, filtered by maker, checker, operation and state (cursor paging)")
    Approvals.Page list(@Nullable @QueryValue String maker, @Nullable @QueryValue String checker, @Nullable @QueryValue String operation,
                        @Nullable @QueryValue String state, @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit,
                        HttpRequest<?> request) {
        ApprovalStatus status = ApprovalStatus.parse(state, "state");
        String query = request.getUri().getRawQuery();
        auditLog.appendAlone(AuditEvent.success(clock.instant(), Origins.of(request, AuditorController.CHANNEL),
                AuditAction.AUDIT_READ_APPROVALS, "AUDIT", AuditAction.AUDIT_READ_APPROVALS.readTarget(),
                query == null ? null : Map.of("query", query.length() > 500 ? query.substring(0, 500) : query)));
        return approvals.list(status, operation, maker, checker, null, null, List.of(), cursor, limit);
    }
}
