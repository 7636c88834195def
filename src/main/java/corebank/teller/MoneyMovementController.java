package corebank.teller;

import corebank.web.ProblemDetail;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import corebank.approvals.ApprovalRequest;
import corebank.approvals.Approvals;
import corebank.approvals.HeldTransferOperation;
import corebank.approvals.ReversalOperation;
import corebank.approvals.TransferThresholds;
import corebank.ledger.AccountNumber;
import corebank.platform.ErrorCode;
import corebank.ledger.IdempotencyRef;
import corebank.ledger.Ledger;
import corebank.ledger.LedgerException;
import corebank.ledger.Money;
import corebank.ledger.Movement;
import corebank.ledger.Outcome;
import corebank.teller.TellerDtos.EntryResponse;
import corebank.teller.TellerDtos.HoldRequest;
import corebank.teller.TellerDtos.HoldResponse;
import corebank.teller.TellerDtos.PostHoldRequest;
import corebank.teller.TellerDtos.ReversalRequest;
import corebank.teller.TellerDtos.TransferRequest;
import corebank.teller.TellerDtos.TrialBalanceLineResponse;
import corebank.teller.TellerDtos.TrialBalanceResponse;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import corebank.identity.user.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * Transfers, holds, reversals and the trial balance. Every money-moving call needs an
 * Idempotency-Key; a replay answers with the first outcome and {@code Idempotent-Replayed: true}.
 */
@Controller("/internal/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Role.TELLER_NAME, Role.SUPERVISOR_NAME})
@corebank.web.ProblemResponses
@Tag(name = "teller: money movements")
class MoneyMovementController {

    private final Ledger ledger;
    private final Approvals approvals;
    private final TransferThresholds thresholds;
    private final HeldTransferOperation heldTransfer;
    private final ReversalOperation reversal;

    MoneyMovementController(Ledger ledger, Approvals approvals, TransferThresholds thresholds, HeldTransferOperation heldTransfer,
                            ReversalOperation reversal) {
        this.ledger = ledger;
        this.approvals = approvals;
        this.thresholds = thresholds;
        this.heldTransfer = heldTransfer;
        this.reversal = reversal;
    }

    @Post("/transfers")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Posted", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = io.micronaut.http.MediaType.APPLICATION_JSON, schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = EntryResponse.class)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "Above the approval threshold: held, with an approval request", content = @io.swagger.v3.oas.annotations.media.Content(mediaType = io.micronaut.http.MediaType.APPLICATION_JSON, schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = ApprovalRequest.class)))
    @Operation(summary = "Transfer money between two accounts of the same currency (idempotent); above the approval threshold of its currency, 202 with an approval request and the funds held")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: idempotency_conflict, approval_pending",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: insufficient_funds, account_frozen, account_closed, currency_mismatch, limit_exceeded, till_account",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    HttpResponse<?> transfer(@Valid @Body TransferRequest body,
                             @corebank.web.IdempotencyKeyRequired @Header(value = IdempotencyRef.HEADER, defaultValue = "") String idempotencyKey,
                             HttpRequest<?> request) {
        IdempotencyRef ref = Callers.idempotency(request, idempotencyKey);
        Movement movement = movement(body.debitAccount(), body.creditAccount(), body.amount(), body.currency(),
                body.description());
        if (thresholds.needsApproval(movement.amount())) {
            Approvals.Submitted submitted = approvals.submit(heldTransfer, HeldTransferOperation.parameters(movement),
                    body.description() == null ? "transfer above the approval threshold" : body.description(),
                    HeldTransferOperation.held(movement), ref.key(), Callers.context(request));
            return accepted(submitted);
        }
        Outcome outcome = ledger.transfer(movement, ref, Callers.context(request));
        return respond(HttpStatus.CREATED, EntryResponse.of(ledger.entryOf(outcome)), outcome);
    }

    /** 202 with the approval request; a replay of the maker's Idempotency-Key says so. */
    static MutableHttpResponse<ApprovalRequest> accepted(Approvals.Submitted submitted) {
        MutableHttpResponse<ApprovalRequest> response = HttpResponse.<ApprovalRequest>status(HttpStatus.ACCEPTED).body(submitted.request());
        if (submitted.replayed()) {
            response.header(corebank.web.Problems.IDEMPOTENT_REPLAYED, "true");
        }
        return response;
    }

    @Post("/transfers/batch")
    @Operation(summary = "Up to 1,000 transfers in one request: each with its own idempotencyKey and result, or linked (all or nothing, under the request's Idempotency-Key); a transfer above the approval threshold is refused (approval_required): send it alone")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: idempotency_conflict",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    TellerDtos.BatchResponse batch(@Valid @Body TellerDtos.BatchRequest body,
                                   @corebank.web.IdempotencyKeyOptional @Nullable @Header(IdempotencyRef.HEADER) String idempotencyKey, HttpRequest<?> request) {
        boolean linked = Boolean.TRUE.equals(body.linked());
        var context = Callers.context(request);
        IdempotencyRef groupKey = linked ? Callers.idempotency(request, idempotencyKey) : null;
        List<Ledger.BatchItem> items = body.transfers() == null ? List.of() : body.transfers().stream()
                .map(t -> t == null ? null : batchItem(t)).toList();
        List<Outcome> outcomes = ledger.transferBatch(items, linked, context.actor(), groupKey, context);
        List<TellerDtos.BatchResult> results = new java.util.ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            results.add(o.applied()
                    ? new TellerDtos.BatchResult(i, 201, o.resultId(), null, null, null, o.replayed() ? Boolean.TRUE : null)
                    : new TellerDtos.BatchResult(i, corebank.web.Problems.statusOf(o.toException().kind()).getCode(), null,
                    o.errorCode(), o.errorDetail(), o.errorField(), o.replayed() ? Boolean.TRUE : null));
        }
        return new TellerDtos.BatchResponse(linked, outcomes.stream().allMatch(Outcome::applied), results);
    }

    @Post("/holds")
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Operation(summary = "Reserve funds: a pending transfer, later posted, voided, or expired after its timeout (idempotent)")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: idempotency_conflict",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: insufficient_funds, account_frozen, account_closed, currency_mismatch, limit_exceeded, till_account",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    HttpResponse<HoldResponse> placeHold(@Valid @Body HoldRequest body,
                                         @corebank.web.IdempotencyKeyRequired @Header(value = IdempotencyRef.HEADER, defaultValue = "") String idempotencyKey,
                                         HttpRequest<?> request) {
        IdempotencyRef ref = Callers.idempotency(request, idempotencyKey);
        Movement movement = movement(body.debitAccount(), body.creditAccount(), body.amount(), body.currency(),
                body.description());
        Outcome outcome = ledger.placeHold(movement, body.timeoutSeconds(), ref, Callers.context(request));
        return respond(HttpStatus.CREATED, HoldResponse.of(ledger.hold(outcome.resultId())), outcome);
    }

    @Get("/holds/{holdId}")
    @Operation(summary = "A hold and its state")
    HoldResponse hold(@PathVariable UUID holdId) {
        return HoldResponse.of(ledger.hold(holdId));
    }

    @Post("/holds/{holdId}/post")
    @Operation(summary = "Post a pending hold, in full or in part; the rest is released (idempotent)")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: hold_not_pending, hold_expired, idempotency_conflict",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: account_frozen, account_closed",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    HttpResponse<HoldResponse> postHold(@PathVariable UUID holdId, @Nullable @Body PostHoldRequest body,
                                        @corebank.web.IdempotencyKeyRequired @Header(value = IdempotencyRef.HEADER, defaultValue = "") String idempotencyKey,
                                        HttpRequest<?> request) {
        IdempotencyRef ref = Callers.idempotency(request, idempotencyKey);
        BigDecimal amount = body == null || body.amount() == null ? null : Money.parseDecimal(body.amount(), "amount");
        Outcome outcome = ledger.postHold(holdId, amount, ref, Callers.context(request));
        return respond(HttpStatus.OK, HoldResponse.of(ledger.hold(outcome.resultId())), outcome);
    }

    @Post("/holds/{holdId}/void")
    @Operation(summary = "Void a pending hold, releasing its funds (idempotent)")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: hold_not_pending, hold_expired, idempotency_conflict",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    HttpResponse<HoldResponse> voidHold(@PathVariable UUID holdId,
                                        @corebank.web.IdempotencyKeyRequired @Header(value = IdempotencyRef.HEADER, defaultValue = "") String idempotencyKey,
                                        HttpRequest<?> request) {
        IdempotencyRef ref = Callers.idempotency(request, idempotencyKey);
        Outcome outcome = ledger.voidHold(holdId, ref, Callers.context(request));
        return respond(HttpStatus.OK, HoldResponse.of(ledger.hold(outcome.resultId())), outcome);
    }

    @Get("/entries/{entryId}")
    @Operation(summary = "A journal entry with its postings")
    EntryResponse entry(@PathVariable UUID entryId) {
        return EntryResponse.of(ledger.entry(entryId));
    }

    @Post("/entries/{entryId}/reversal")
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.ACCEPTED)
    @Operation(summary = "Ask to reverse a journal entry: 202 with an approval request that another supervisor decides; approved, a new entry points at it (an entry is reversed once; idempotent)")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: already_reversed, approval_pending, idempotency_conflict",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: not_reversible",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    HttpResponse<ApprovalRequest> reverse(@PathVariable UUID entryId, @Valid @Body ReversalRequest body,
                                          @corebank.web.IdempotencyKeyRequired @Header(value = IdempotencyRef.HEADER, defaultValue = "") String idempotencyKey,
                                          HttpRequest<?> request) {
        IdempotencyRef ref = Callers.idempotency(request, idempotencyKey);
        return accepted(approvals.submit(reversal, java.util.Map.of("entryId", entryId.toString()), body.reason(), null,
                ref.key(), Callers.context(request)));
    }

    @Get("/trial-balance")
    @Operation(summary = "Trial balance: per currency, total debits and credits over all accounts")
    TrialBalanceResponse trialBalance() {
        var lines = ledger.trialBalance().stream().map(TrialBalanceLineResponse::of).toList();
        return new TrialBalanceResponse(lines.stream().allMatch(TrialBalanceLineResponse::balanced), lines);
    }

    /** The wire fields of a movement, parsed once: account numbers, then currency, then amount. */
    private static Movement movement(String debitAccount, String creditAccount, String amount, String currency,
                                     String description) {
        return new Movement(AccountNumber.parse(debitAccount, "debitAccount"), AccountNumber.parse(creditAccount, "creditAccount"),
                Money.parse(amount, currency, "amount"), description);
    }

    /** A malformed transfer is refused on its own (or fails a linked batch), so its refusal travels with it. */
    private Ledger.BatchItem batchItem(TellerDtos.BatchTransfer t) {
        try {
            Movement m = movement(t.debitAccount(), t.creditAccount(), t.amount(), t.currency(), t.description());
            if (thresholds.needsApproval(m.amount())) {
                throw LedgerException.invalid(ErrorCode.APPROVAL_REQUIRED,
                        "a transfer above the approval threshold is sent alone to /internal/v1/transfers", "amount");
            }
            return Ledger.BatchItem.of(t.idempotencyKey(), m);
        } catch (LedgerException malformed) {
            return Ledger.BatchItem.malformed(t.idempotencyKey(), malformed);
        }
    }

    private static <T> MutableHttpResponse<T> respond(HttpStatus status, T body, Outcome outcome) {
        MutableHttpResponse<T> response = HttpResponse.<T>status(status).body(body);
        if (outcome.replayed()) {
            response.header(corebank.web.Problems.IDEMPOTENT_REPLAYED, "true");
        }
        return response;
    }
}
