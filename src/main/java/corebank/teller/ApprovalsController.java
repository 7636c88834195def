package corebank.teller;

import corebank.web.ProblemDetail;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import corebank.approvals.ApprovalRequest;
import corebank.approvals.ApprovalStatus;
import corebank.approvals.Approvals;
import corebank.identity.user.Role;
import corebank.web.Origins;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Collection;
import java.util.UUID;

/**
 * Four-eyes approval requests. Makers (tellers, supervisors, administrators) see and cancel their
 * own; a checker sees and decides those their role may decide (supervisors: money and accounts,
 * administrators: identity), never their own. Another's request answers 404 like a missing one.
 */
@Controller("/internal/v1/approvals")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Role.TELLER_NAME, Role.SUPERVISOR_NAME, Role.ADMIN_NAME})
@corebank.web.ProblemResponses
@Tag(name = "teller: approvals")
class ApprovalsController {

    @Serdeable
    record DecisionRequest(@Nullable String reason) {
    }

    /** The decided request; {@code enrollmentToken} only in the answer to the approval of an MFA reset, once. */
    @Serdeable
    record DecisionResponse(ApprovalRequest approval, @Nullable String enrollmentToken) {
    }

    private final Approvals approvals;

    ApprovalsController(Approvals approvals) {
        this.approvals = approvals;
    }

    @Get("{?state,operation,maker,account,mine,cursor,limit}")
    @Operation(summary = "Approval requests newest first: your own and those awaiting your role (filters state, operation, maker, account; mine=true for your own only; cursor paging)")
    Approvals.Page list(@Nullable @QueryValue String state, @Nullable @QueryValue String operation, @Nullable @QueryValue String maker,
                        @Nullable @QueryValue String account, @Nullable @QueryValue Boolean mine, @Nullable @QueryValue String cursor,
                        @Nullable @QueryValue Integer limit, HttpRequest<?> request) {
        String actor = Origins.of(request, Callers.CHANNEL).actor();
        String makerFilter = Boolean.TRUE.equals(mine) ? actor : maker;
        return approvals.list(ApprovalStatus.parse(state, "state"), operation, makerFilter, null, account, actor, roles(request), cursor, limit);
    }

    @Get("/{approvalId}")
    @Operation(summary = "One approval request: its operation, parameters, maker, state, decision and execution")
    ApprovalRequest get(@PathVariable UUID approvalId, HttpRequest<?> request) {
        return approvals.get(approvalId, Origins.of(request, Callers.CHANNEL).actor(), roles(request));
    }

    @Post("/{approvalId}/approve")
    @Secured({Role.SUPERVISOR_NAME, Role.ADMIN_NAME})
    @Operation(summary = "Approve a request (not your own) with a reason; it executes at once, exactly once; an MFA reset's enrollment token is in this answer only")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: invalid_state_transition, idempotency_conflict, already_reversed, hold_not_pending, hold_expired, account_not_empty",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: insufficient_funds, account_frozen, account_closed, currency_mismatch, limit_exceeded, till_account, not_reversible",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    DecisionResponse approve(@PathVariable UUID approvalId, @Nullable @Body DecisionRequest body, HttpRequest<?> request) {
        Approvals.Decision d = approvals.approve(approvalId, body == null ? null : body.reason(),
                Origins.of(request, Callers.CHANNEL), roles(request));
        return new DecisionResponse(d.request(), d.oneTimeSecret());
    }

    @Post("/{approvalId}/reject")
    @Secured({Role.SUPERVISOR_NAME, Role.ADMIN_NAME})
    @Operation(summary = "Reject a request (not your own) with a reason; held funds are released")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: invalid_state_transition",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    ApprovalRequest reject(@PathVariable UUID approvalId, @Nullable @Body DecisionRequest body, HttpRequest<?> request) {
        return approvals.reject(approvalId, body == null ? null : body.reason(), Origins.of(request, Callers.CHANNEL), roles(request));
    }

    @Post("/{approvalId}/cancel")
    @Operation(summary = "Cancel your own pending request; held funds are released")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: invalid_state_transition",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    ApprovalRequest cancel(@PathVariable UUID approvalId, @Nullable @Body DecisionRequest body, HttpRequest<?> request) {
        return approvals.cancel(approvalId, body == null ? null : body.reason(), Origins.of(request, Callers.CHANNEL));
    }

    static Collection<String> roles(HttpRequest<?> request) {
        return Origins.authentication(request).getRoles();
    }
}
