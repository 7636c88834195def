package corebank.customer;

import corebank.web.ProblemDetail;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import corebank.identity.user.Role;
import corebank.ledger.Money;
import corebank.payments.BillPayments;
import corebank.payments.Billers;
import corebank.payments.PaymentsModel.Biller;
import corebank.payments.PaymentsModel.BillPayment;
import corebank.payments.PaymentsModel.Occurrence;
import corebank.payments.PaymentsModel.Payee;
import corebank.payments.Schedule;
import corebank.platform.Pages;
import corebank.web.DecimalStringDeserializer;
import corebank.web.Origins;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/** A customer's payees and bill payments (now, later or recurring) and their history. */
@Controller("/api/v1")
@Secured(Role.CUSTOMER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@corebank.web.ProblemResponses
@Tag(name = "customer: bill payments")
class BillPaymentsController {

    @Serdeable
    record PayeeRequest(String billerCode, String reference,
                        @NotBlank(message = "required") @Size(max = 60, message = "at most 60 characters") String nickname) {
    }

    @Serdeable
    record PayeeView(UUID id, String billerCode, String billerName, String currency, String reference, String nickname,
                     Instant createdAt) {
        static PayeeView of(Payee p) {
            return new PayeeView(p.id(), p.billerCode(), p.billerName(), p.currency(), p.reference(), p.nickname(), p.createdAt());
        }
    }

    /** Without startDate: pay today. Recurring payments need endDate or occurrences. */
    @Serdeable
    record PaymentRequest(@NotNull(message = "required") UUID payeeId, String fromAccount,
                          @Serdeable.Deserializable(using = DecimalStringDeserializer.class) String amount, String currency,
                          @Nullable String memo,
                          @NotNull(message = "is ONCE, WEEKLY or MONTHLY") Schedule.Frequency frequency,
                          @Nullable LocalDate startDate,
                          @Nullable @Min(value = 1, message = "1 to 31") @Max(value = 31, message = "1 to 31") Integer dayOfMonth, @Nullable LocalDate endDate, @Nullable Integer occurrences) {
    }

    @Serdeable
    record EditRequest(@Nullable @Serdeable.Deserializable(using = DecimalStringDeserializer.class) String amount,
                       @Nullable String memo) {
    }

    @Serdeable
    record OccurrenceView(int sequence, LocalDate dueDate, String amount, String status, @Nullable UUID entryId,
                          @Nullable String failureCode, @Nullable String failureReason, @Nullable Instant executedAt) {
        static OccurrenceView of(Occurrence o) {
            return new OccurrenceView(o.sequence(), o.dueDate(), Money.format(o.amountMinor(), Currency.getInstance(o.currency())),
                    o.status().name(), o.entryId(), o.failureCode(), o.failureReason(), o.finishedAt());
        }
    }

    @Serdeable
    record PaymentView(UUID id, UUID payeeId, String fromAccount, String amount, String currency, @Nullable String memo,
                       String frequency, LocalDate startDate, @Nullable Integer dayOfMonth, @Nullable LocalDate endDate,
                       @Nullable Integer occurrences, String status, @Nullable LocalDate nextDueDate, Instant createdAt,
                       List<OccurrenceView> history) {
        static PaymentView of(BillPayment p) {
            Schedule s = p.schedule();
            return new PaymentView(p.id(), p.payeeId(), p.fromAccount(), Money.format(p.amountMinor(), Currency.getInstance(p.currency())),
                    p.currency(), p.memo(), s.frequency().name(), s.start(), s.dayOfMonth(), s.end(), s.occurrencesMax(), p.status().name(),
                    p.nextDueDate(), p.createdAt(), p.occurrences().stream().map(OccurrenceView::of).toList());
        }
    }

    /**
     * A biller as customers see it: what a payee form needs to check a reference as it is typed
     * (the pattern, an RE2 regular expression the whole reference must match, and the check-digit
     * scheme). The bank's clearing and settlement accounts and the biller's payout account are
     * for tellers only.
     */
    @Serdeable
    record DirectoryBillerView(String code, String name, String currency, String referencePattern, String checkDigit) {
        static DirectoryBillerView of(Biller b) {
            return new DirectoryBillerView(b.code(), b.name(), b.currency(), b.referencePattern(), b.checkDigit());
        }
    }

    @Serdeable
    record PayeeDeletedView(UUID payeeId, List<UUID> cancelledPayments) {
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record DirectoryPage(List<DirectoryBillerView> billers, @Nullable String nextCursor) {
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record PayeesPage(List<PayeeView> payees, @Nullable String nextCursor) {
    }

    @Serdeable
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
    record PaymentsPage(List<PaymentView> payments, @Nullable String nextCursor) {
    }

    private final BillPayments payments;
    private final Billers billers;

    BillPaymentsController(BillPayments payments, Billers billers) {
        this.payments = payments;
        this.billers = billers;
    }

    @Get("/billers{?query,cursor,limit}")
    @Operation(summary = "Search the biller directory by code or name, by code, each with its reference format and check digit; a page at a time (limit 1 to 200, default 50): pass nextCursor as cursor")
    DirectoryPage billers(@Nullable @QueryValue String query, @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        Pages.Slice<Biller> page = billers.page(query, cursor, limit);
        return new DirectoryPage(page.rows().stream().map(DirectoryBillerView::of).toList(), page.nextCursor());
    }

    @Delete("/payees/{payeeId}")
    @Operation(summary = "Delete a payee; its payments still to come are cancelled. Another customer's payee answers 404")
    PayeeDeletedView deletePayee(@PathVariable UUID payeeId, HttpRequest<?> request) {
        return new PayeeDeletedView(payeeId, payments.deletePayee(owner(request), payeeId,
                Origins.of(request, BankingController.CHANNEL)));
    }

    @Post("/payees")
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Operation(summary = "Save a biller with the customer's reference there (validated against the biller's format and check digit)")
    @corebank.web.BodyRefusals
    HttpResponse<PayeeView> savePayee(@Valid @Body PayeeRequest body, HttpRequest<?> request) {
        return HttpResponse.created(PayeeView.of(payments.savePayee(owner(request), body.billerCode(), body.reference(),
                body.nickname(), Origins.of(request, BankingController.CHANNEL))));
    }

    @Get("/payees{?cursor,limit}")
    @Operation(summary = "The customer's payees in the order they were saved; a page at a time (limit 1 to 200, default 50): pass nextCursor as cursor")
    PayeesPage payees(@Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit, HttpRequest<?> request) {
        Pages.Slice<Payee> page = payments.payees(owner(request), cursor, limit);
        return new PayeesPage(page.rows().stream().map(PayeeView::of).toList(), page.nextCursor());
    }

    @Post("/bill-payments")
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Operation(summary = "Pay a payee now, on a future date, weekly or monthly (idempotent)")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: idempotency_conflict",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: currency_mismatch",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.BodyRefusals
    @corebank.web.RetriedWrite
    HttpResponse<PaymentView> schedule(@Valid @Body PaymentRequest body, @corebank.web.IdempotencyKeyRequired @Header(value = "Idempotency-Key", defaultValue = "") String key,
                                       HttpRequest<?> request) {
        BillPayment p = payments.schedule(owner(request), new BillPayments.Order(body.payeeId(), body.fromAccount(),
                body.amount(), body.currency(), body.memo(), body.frequency(), body.startDate(), body.dayOfMonth(),
                body.endDate(), body.occurrences()), key, Origins.of(request, BankingController.CHANNEL));
        return HttpResponse.created(PaymentView.of(p));
    }

    @Get("/bill-payments{?cursor,limit}")
    @Operation(summary = "The customer's bill payments, newest first, each with its occurrences so far; a page at a time (limit 1 to 200, default 50): pass nextCursor as cursor")
    PaymentsPage list(@Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit, HttpRequest<?> request) {
        Pages.Slice<BillPayment> page = payments.list(owner(request), cursor, limit);
        return new PaymentsPage(page.rows().stream().map(PaymentView::of).toList(), page.nextCursor());
    }

    @Get("/bill-payments/{paymentId}")
    @Operation(summary = "One bill payment with every occurrence so far")
    PaymentView get(@PathVariable UUID paymentId, HttpRequest<?> request) {
        return PaymentView.of(payments.get(owner(request), paymentId, Origins.of(request, BankingController.CHANNEL)));
    }

    @Put("/bill-payments/{paymentId}")
    @Operation(summary = "Change the amount or memo of the occurrences still to come")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: payment_not_editable",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.BodyRefusals
    PaymentView edit(@PathVariable UUID paymentId, @Body EditRequest body, HttpRequest<?> request) {
        return PaymentView.of(payments.edit(owner(request), paymentId, body.amount(), body.memo(),
                Origins.of(request, BankingController.CHANNEL)));
    }

    @Post("/bill-payments/{paymentId}/cancel")
    @Operation(summary = "Cancel the occurrences still to come")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: payment_not_editable, invalid_state_transition",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    PaymentView cancel(@PathVariable UUID paymentId, HttpRequest<?> request) {
        return PaymentView.of(payments.cancel(owner(request), paymentId, Origins.of(request, BankingController.CHANNEL)));
    }

    private static String owner(HttpRequest<?> request) {
        return Origins.customerRef(Origins.authentication(request));
    }
}
