package corebank.teller;

import corebank.web.ProblemDetail;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import corebank.identity.user.Role;
import corebank.ledger.Money;
import corebank.payments.Billers;
import corebank.payments.PaymentsModel.Biller;
import corebank.payments.PaymentsModel.SettlementRun;
import corebank.payments.Settlements;
import corebank.platform.Pages;
import corebank.web.Origins;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
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
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/** The biller directory and settlement runs with their ISO 20022 files, for tellers and administrators. */
@Controller("/internal/v1")
@Secured({Role.TELLER_NAME, Role.SUPERVISOR_NAME, Role.ADMIN_NAME})
@ExecuteOn(TaskExecutors.BLOCKING)
@corebank.web.ProblemResponses
@Tag(name = "teller: billers and settlement")
class BillersController {

    @Serdeable
    record BillerRequest(@NotNull(message = "required") @Pattern(regexp = "[A-Z0-9]{3,16}", message = "3 to 16 of A-Z and 0-9") String code,
                         @NotBlank(message = "required") @Size(max = 140, message = "at most 140 characters") String name,
                         String currency, String settlementAccount,
                         @NotNull(message = "required")
                         @Pattern(regexp = "[A-Z0-9]{5,34}", message = "the biller's account for payouts (IBAN or other id, 5 to 34 of A-Z and 0-9)")
                         String creditorAccount,
                         @NotBlank(message = "required") @Size(max = 200, message = "at most 200 characters") String referencePattern,
                         @Nullable @Pattern(regexp = "NONE|MOD10|MOD97", message = "NONE, MOD10 or MOD97") String checkDigit) {
    }

    @Serdeable
    record BillerView(String code, String name, String currency, String clearingAccount, String settlementAccount,
                      String creditorAccount, String referencePattern, String checkDigit, Instant createdAt) {
        static BillerView of(Biller b) {
            return new BillerView(b.code(), b.name(), b.currency(), b.clearingAccount(), b.settlementAccount(),
                    b.creditorAccount(), b.referencePattern(), b.checkDigit(), b.createdAt());
        }
    }

    @Serdeable
    record SettleRequest(String billerCode, @NotNull(message = "required") LocalDate businessDate) {
    }

    @Serdeable
    record RunView(UUID id, String billerCode, LocalDate businessDate, @Nullable UUID entryId, int paymentCount,
                   String controlSum, String currency, String messageId, String actor, Instant createdAt) {
        static RunView of(SettlementRun r) {
            return new RunView(r.id(), r.billerCode(), r.businessDate(), r.entryId(), r.paymentCount(),
                    Money.format(r.controlSumMinor(), Currency.getInstance(r.currency())), r.currency(), r.messageId(),
                    r.actor(), r.createdAt());
        }
    }

    private final Billers billers;
    private final Settlements settlements;

    BillersController(Billers billers, Settlements settlements) {
        this.billers = billers;
        this.settlements = settlements;
    }

    @Post("/billers")
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Operation(summary = "Register a biller; opens its clearing account")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: biller_exists",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: unknown_customer",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.BodyRefusals
    HttpResponse<BillerView> register(@Valid @Body BillerRequest body, HttpRequest<?> request) {
        return HttpResponse.created(BillerView.of(billers.register(body.code(), body.name(), body.currency(),
                body.settlementAccount(), body.creditorAccount(), body.referencePattern(), body.checkDigit(),
                Origins.of(request, Callers.CHANNEL))));
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record BillersPage(List<BillerView> billers, @Nullable String nextCursor) {
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record RunsPage(List<RunView> runs, @Nullable String nextCursor) {
    }

    @Get("/billers{?cursor,limit}")
    @Operation(summary = "The biller directory by code; a page at a time (limit 1 to 200, default 50): pass nextCursor as cursor")
    BillersPage list(@Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        Pages.Slice<Biller> page = billers.page(null, cursor, limit);
        return new BillersPage(page.rows().stream().map(BillerView::of).toList(), page.nextCursor());
    }

    @Post("/settlements")
    @Operation(summary = "Settle a biller's business date (after its cut-off): one ledger entry and a pain.001 file; repeating it changes nothing")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: settlement_before_cut_off",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    RunView settle(@Valid @Body SettleRequest body, HttpRequest<?> request) {
        return RunView.of(settlements.settle(body.billerCode(), body.businessDate(), Origins.of(request, Callers.CHANNEL)));
    }

    @Get("/settlements{?from,cursor,limit}")
    @Operation(summary = "Settlement runs since a date (default: 30 days ago), newest business date first, then by biller code; a page at a time (limit 1 to 200, default 50): pass nextCursor as cursor with the same from")
    RunsPage runs(@Nullable @QueryValue LocalDate from, @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        Pages.Slice<SettlementRun> page = settlements.runs(from == null ? LocalDate.now().minusDays(30) : from,
                cursor, limit);
        return new RunsPage(page.rows().stream().map(RunView::of).toList(), page.nextCursor());
    }

    @Get(value = "/settlements/{runId}/file", produces = MediaType.APPLICATION_XML)
    @Operation(summary = "The run's ISO 20022 pain.001.001.03 credit-transfer file")
    String file(@PathVariable UUID runId) {
        return settlements.file(runId);
    }
}
