package corebank.teller;

import corebank.web.ProblemDetail;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import corebank.cash.CashDesk;
import corebank.cash.CashModel;
import corebank.cash.CashOrder;
import corebank.cash.CashWithdrawals;
import corebank.cash.VaultTransfer;
import corebank.identity.user.Role;
import corebank.ledger.IdempotencyRef;
import corebank.teller.CashDtos.CashRequest;
import corebank.teller.CashDtos.MovementResponse;
import corebank.teller.CashDtos.VaultTransferRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

/**
 * Cash through the caller's own till, while its day is open: deposits and withdrawals for a
 * customer and transfers with the vault. Each needs an Idempotency-Key; a replay answers the
 * first outcome with {@code Idempotent-Replayed: true}.
 */
@Controller("/internal/v1/tills/{tillId}")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Role.TELLER_NAME, Role.SUPERVISOR_NAME})
@corebank.web.ProblemResponses
@Tag(name = "teller: cash desk")
class CashMovementsController {

    private final CashDesk desk;
    private final CashWithdrawals withdrawals;

    CashMovementsController(CashDesk desk, CashWithdrawals withdrawals) {
        this.desk = desk;
        this.withdrawals = withdrawals;
    }

    @Post("/deposits")
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Operation(summary = "Cash deposit: cash into the caller's own till, credited to a customer's account (kind CASH_DEPOSIT; idempotent)")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: till_day_not_open, idempotency_conflict",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: account_frozen, account_closed, currency_mismatch, limit_exceeded, till_account",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    HttpResponse<MovementResponse> deposit(@PathVariable long tillId, @Valid @Body CashRequest body,
                                           @corebank.web.IdempotencyKeyRequired @Header(value = IdempotencyRef.HEADER, defaultValue = "") String idempotencyKey,
                                           HttpRequest<?> request) {
        IdempotencyRef ref = Callers.idempotency(request, idempotencyKey);
        CashOrder order = new CashOrder(tillId, body.account(), body.amount(), body.currency(), body.description());
        return respond(tillId, desk.deposit(CashStaff.of(request), order, ref, Callers.context(request)));
    }

    @Post("/withdrawals")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "paid out")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "above the approval threshold: an approval request, the customer's funds held")
    @Operation(summary = "Cash withdrawal: debited to a customer's account, cash out of the caller's own till (kind CASH_WITHDRAWAL; idempotent); above the approval threshold of its currency, 202 with an approval request and the customer's funds held")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: till_day_not_open, idempotency_conflict, approval_pending",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: insufficient_funds, account_frozen, account_closed, currency_mismatch, limit_exceeded, till_account",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    HttpResponse<?> withdraw(@PathVariable long tillId, @Valid @Body CashRequest body,
                                            @corebank.web.IdempotencyKeyRequired @Header(value = IdempotencyRef.HEADER, defaultValue = "") String idempotencyKey,
                                            HttpRequest<?> request) {
        IdempotencyRef ref = Callers.idempotency(request, idempotencyKey);
        CashOrder order = new CashOrder(tillId, body.account(), body.amount(), body.currency(), body.description());
        CashWithdrawals.Result result = withdrawals.withdraw(CashStaff.of(request), order, ref, Callers.context(request));
        return result.pending() != null ? MoneyMovementController.accepted(result.pending()) : respond(tillId, result.paid());
    }

    @Post("/vault-transfers")
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Operation(summary = "Cash between the currency's vault and the caller's own till, TO_TILL or TO_VAULT (kind TILL_TRANSFER; idempotent)")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: till_day_not_open, idempotency_conflict",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: insufficient_funds, currency_mismatch, till_account",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    HttpResponse<MovementResponse> vaultTransfer(@PathVariable long tillId, @Valid @Body VaultTransferRequest body,
                                                 @corebank.web.IdempotencyKeyRequired @Header(value = IdempotencyRef.HEADER, defaultValue = "") String idempotencyKey,
                                                 HttpRequest<?> request) {
        IdempotencyRef ref = Callers.idempotency(request, idempotencyKey);
        VaultTransfer transfer = new VaultTransfer(tillId, body.direction(), body.amount(), body.currency(), body.description());
        return respond(tillId, desk.transferWithVault(CashStaff.of(request), transfer, ref, Callers.context(request)));
    }

    private static MutableHttpResponse<MovementResponse> respond(long tillId, CashModel.Receipt receipt) {
        MutableHttpResponse<MovementResponse> response = HttpResponse.<MovementResponse>status(HttpStatus.CREATED)
                .body(MovementResponse.of(tillId, receipt));
        if (receipt.replayed()) {
            response.header(corebank.web.Problems.IDEMPOTENT_REPLAYED, "true");
        }
        return response;
    }
}
