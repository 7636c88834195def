package corebank.auditor;

import corebank.approvals.ApprovalStatus;
import corebank.approvals.Approvals;
import corebank.audit.AuditAction;
import corebank.identity.user.Role;
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

import java.time.Instant;
import java.util.List;

/** Auditors read every approval request, read-only; the read is audited like their others. */
@Controller("/audit/v1/approvals")
@Secured(Role.AUDITOR_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@corebank.web.ProblemResponses
@Tag(name = "auditor")
class AuditorApprovalsController {

    private final Approvals approvals;
    private final AuditorReads reads;

    AuditorApprovalsController(Approvals approvals, AuditorReads reads) {
        this.approvals = approvals;
        this.reads = reads;
    }

    @Get("{?maker,checker,operation,state,from,to,cursor,limit}")
    @Operation(summary = "Approval requests newest first, filtered by maker, checker, operation, state and time made [from, to) (cursor paging)")
    Approvals.Page list(@Nullable @QueryValue String maker, @Nullable @QueryValue String checker, @Nullable @QueryValue String operation,
                        @Nullable @QueryValue String state, @Nullable @QueryValue Instant from, @Nullable @QueryValue Instant to,
                        @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit, HttpRequest<?> request) {
        ApprovalStatus status = ApprovalStatus.parse(state, "state");
        reads.record(request, AuditAction.AUDIT_READ_APPROVALS);
        return approvals.list(status, operation, maker, checker, null, null, List.of(), from, to, cursor, limit);
    }
}
