package corebank.teller;

import corebank.web.ProblemDetail;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import corebank.cash.CashModel;
import corebank.cash.TillDayApprovals;
import corebank.cash.TillDays;
import corebank.cash.TillReport;
import corebank.cash.TillReports;
import corebank.cash.Tills;
import corebank.identity.user.Role;
import corebank.teller.CashDtos.CountRequest;
import corebank.teller.CashDtos.CurrencyRequest;
import corebank.teller.CashDtos.CurrencyResponse;
import corebank.teller.CashDtos.DayList;
import corebank.teller.CashDtos.DayResponse;
import corebank.teller.CashDtos.DifferenceList;
import corebank.teller.CashDtos.DifferenceResponse;
import corebank.teller.CashDtos.TillList;
import corebank.teller.CashDtos.TillRequest;
import corebank.teller.CashDtos.TillResponse;
import corebank.platform.Pages;
import corebank.web.Downloads;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.util.List;

/**
 * The cash desk's tills and days: set-up (supervisors), a teller's own tills (a supervisor sees
 * every one), opening and closing a day with a count, the day's report, and the differences a
 * supervisor approves (through an approval request, {@link TillDayApprovals}). Moving cash is {@link CashMovementsController}.
 */
@Controller("/internal/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured({Role.TELLER_NAME, Role.SUPERVISOR_NAME})
@corebank.web.ProblemResponses
@Tag(name = "teller: cash desk")
class TillsController {

    private final Tills tills;
    private final TillDays days;
    private final TillReports reports;
    private final TillDayApprovals dayApprovals;

    TillsController(Tills tills, TillDays days, TillReports reports, TillDayApprovals dayApprovals) {
        this.tills = tills;
        this.days = days;
        this.reports = reports;
        this.dayApprovals = dayApprovals;
    }

    @Post("/cash/currencies")
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Secured(Role.SUPERVISOR_NAME)
    @Operation(summary = "Set a currency up for cash: its vault (an existing CASH_VAULT account, or a new one) and a new over/short account; supervisors only")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: cash_currency_exists",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: unknown_customer",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.BodyRefusals
    HttpResponse<CurrencyResponse> setUpCurrency(@Body CurrencyRequest body, HttpRequest<?> request) {
        return HttpResponse.status(HttpStatus.CREATED).body(CurrencyResponse.of(
                tills.setUpCurrency(body.currency(), body.vaultAccount(), Callers.context(request))));
    }

    @Get("/cash/currencies")
    @Operation(summary = "The currencies set up for cash, with their vault and over/short accounts")
    List<CurrencyResponse> currencies() {
        return tills.currencies().stream().map(CurrencyResponse::of).toList();
    }

    @Post("/tills")
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Secured(Role.SUPERVISOR_NAME)
    @Operation(summary = "Give a teller a till in a currency (a TILL account of its own; one per teller and currency); supervisors only")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: till_exists",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Refused by a business rule: unknown_customer",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.BodyRefusals
    HttpResponse<TillResponse> createTill(@Body TillRequest body, HttpRequest<?> request) {
        CashModel.Till till = tills.create(body.teller(), body.currency(), Callers.context(request));
        return HttpResponse.status(HttpStatus.CREATED).body(TillResponse.of(till, 0));
    }

    @Get("/tills{?cursor,limit}")
    @Operation(summary = "The caller's own tills with their book balances, by id; a supervisor sees every teller's; a page at a time (limit 1 to 200, default 50): pass nextCursor as cursor")
    TillList tills(@Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit, HttpRequest<?> request) {
        Pages.Slice<CashModel.Till> page = tills.visibleTo(CashStaff.of(request), cursor, limit);
        return new TillList(page.rows().stream().map(t -> TillResponse.of(t, tills.balanceMinor(t))).toList(), page.nextCursor());
    }

    @Get("/tills/{tillId}")
    @Operation(summary = "A till (the caller's own; any for a supervisor) with its book balance and open day")
    TillResponse till(@PathVariable long tillId, HttpRequest<?> request) {
        CashModel.Till till = tills.visible(CashStaff.of(request), tillId, Callers.context(request));
        return TillResponse.of(till, tills.balanceMinor(till));
    }

    @Get("/tills/{tillId}/days{?cursor,limit}")
    @Operation(summary = "A till's days, newest first, with their counts and differences; a page at a time (limit 1 to 200, default 50): pass nextCursor as cursor")
    DayList days(@PathVariable long tillId, @Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit,
                 HttpRequest<?> request) {
        Pages.Slice<CashModel.TillDay> page = days.days(CashStaff.of(request), tillId, cursor, limit, Callers.context(request));
        return new DayList(page.rows().stream().map(DayResponse::of).toList(), page.nextCursor());
    }

    @Post("/tills/{tillId}/days")
    @io.micronaut.http.annotation.Status(io.micronaut.http.HttpStatus.CREATED)
    @Operation(summary = "Open the day of the caller's own till with a counted amount; a count that differs from the books is recorded with the note, pending the approval request a supervisor decides")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: till_day_already_open",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    HttpResponse<DayResponse> open(@PathVariable long tillId, @Valid @Body CountRequest body, HttpRequest<?> request) {
        CashModel.TillDay day = dayApprovals.open(CashStaff.of(request), tillId, body.countedAmount(), body.note(), Callers.context(request));
        return HttpResponse.status(HttpStatus.CREATED).body(DayResponse.of(day));
    }

    @Get("/tills/{tillId}/days/{dayId}")
    @Operation(summary = "A day of a till, with its counts and differences")
    DayResponse day(@PathVariable long tillId, @PathVariable long dayId, HttpRequest<?> request) {
        return DayResponse.of(days.day(CashStaff.of(request), tillId, dayId, Callers.context(request)));
    }

    @Post("/tills/{tillId}/days/{dayId}/close")
    @Operation(summary = "Close the open day of the caller's own till with a counted amount; a difference is recorded with the note, pending the approval request a supervisor decides, not posted")
    @ApiResponse(responseCode = "409", description = "Conflicts with the state of the object: till_day_not_open, approval_pending",
            content = @Content(mediaType = ProblemDetail.MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    @corebank.web.RetriedWrite
    @corebank.web.BodyRefusals
    DayResponse close(@PathVariable long tillId, @PathVariable long dayId, @Valid @Body CountRequest body,
                      HttpRequest<?> request) {
        return DayResponse.of(dayApprovals.close(CashStaff.of(request), tillId, dayId, body.countedAmount(), body.note(),
                Callers.context(request)));
    }

    @Get("/tills/{tillId}/days/{dayId}/report.csv")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The report", content = {@io.swagger.v3.oas.annotations.media.Content(mediaType = "text/csv", schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary"))})
    @Operation(summary = "The day's report as CSV: opening, every cash movement, closing, differences")
    HttpResponse<byte[]> reportCsv(@PathVariable long tillId, @PathVariable long dayId, HttpRequest<?> request) {
        return report(tillId, dayId, "csv", request);
    }

    @Get("/tills/{tillId}/days/{dayId}/report.pdf")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The report", content = {@io.swagger.v3.oas.annotations.media.Content(mediaType = "application/pdf", schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary"))})
    @Operation(summary = "The day's report as PDF: opening, every cash movement, closing, differences")
    HttpResponse<byte[]> reportPdf(@PathVariable long tillId, @PathVariable long dayId, HttpRequest<?> request) {
        return report(tillId, dayId, "pdf", request);
    }

    private HttpResponse<byte[]> report(long tillId, long dayId, String format, HttpRequest<?> request) {
        TillReport.Document document = reports.download(CashStaff.of(request), tillId, dayId, format, Callers.context(request));
        return Downloads.attachment(document.bytes(), document.contentType(), document.fileName());
    }

    @Get("/cash/differences{?cursor,limit}")
    @Secured(Role.SUPERVISOR_NAME)
    @Operation(summary = "Till differences awaiting a supervisor's approval, oldest first, each with the approval request that decides it; supervisors only; a page at a time (limit 1 to 200, default 50): pass nextCursor as cursor")
    DifferenceList pendingDifferences(@Nullable @QueryValue String cursor, @Nullable @QueryValue Integer limit) {
        Pages.Slice<TillDayApprovals.PendingDifference> page = dayApprovals.pending(cursor, limit);
        return new DifferenceList(page.rows().stream()
                .map(p -> DifferenceResponse.of(p.difference(), p.request() == null ? null : p.request().id())).toList(), page.nextCursor());
    }
}
